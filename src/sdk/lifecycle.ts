import { destroyedError } from './errors.js';

/**
 * The destroyed/alive state shared by every part of one agent. Parts ask it to fail fast after
 * `destroy()`, and hand it their in-flight requests and waits so that destroy can cut them short.
 */
export class Lifecycle {
  private readonly abortController = new AbortController();
  private readonly cleanups = new Set<() => void>();

  get destroyed(): boolean {
    return this.abortController.signal.aborted;
  }

  /** Aborted on destroy; passed to fetch so in-flight requests stop too. */
  get signal(): AbortSignal {
    return this.abortController.signal;
  }

  assertAlive(): void {
    if (this.destroyed) throw destroyedError();
  }

  /** Runs `cleanup` on destroy; the returned function cancels that registration. */
  onDestroy(cleanup: () => void): () => void {
    if (this.destroyed) {
      cleanup();
      return () => {};
    }
    this.cleanups.add(cleanup);
    return () => void this.cleanups.delete(cleanup);
  }

  /** A delay that rejects with DESTROYED instead of outliving the agent. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.destroyed) return reject(destroyedError());
      const timer = setTimeout(() => {
        cancel();
        resolve();
      }, ms);
      const cancel = this.onDestroy(() => {
        clearTimeout(timer);
        reject(destroyedError());
      });
    });
  }

  destroy(): void {
    if (this.destroyed) return;
    this.abortController.abort();
    const cleanups = [...this.cleanups];
    this.cleanups.clear();
    for (const cleanup of cleanups) cleanup();
  }
}

/** Exponential backoff with jitter, so that many tabs reconnecting at once spread out. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}
