import type { Unsubscribe } from '../emitter.js';
import { isRingnityError } from '../errors.js';

export type StoreListener<S> = (snapshot: S) => void;

/** What Svelte's `$store` syntax (and any observable-style consumer) expects: called at once, then on every change. */
export interface Readable<S> {
  subscribe(run: (snapshot: S) => void): Unsubscribe;
}

/**
 * Live state with the shape React's `useSyncExternalStore` and Vue's `shallowRef` consume as is:
 * `subscribe(listener) → unsubscribe` and `getSnapshot()`. The snapshot is frozen and is replaced,
 * never mutated, so comparing identities tells whether anything changed.
 *
 * A store costs nothing while nobody listens: its first listener starts its realtime
 * subscriptions and its first load; its last listener leaving stops them and aborts what is in
 * flight. A later listener starts it again from a fresh load.
 */
export abstract class Store<S extends object> {
  private snapshot: S;
  private readonly listeners = new Set<StoreListener<S>>();
  private stopActive: (() => void) | null = null;
  private controller: AbortController | null = null;

  protected constructor(initial: S) {
    this.snapshot = Object.freeze({ ...initial });
  }

  /** Bound, so it can be handed over as it is: `useSyncExternalStore(store.subscribe, store.getSnapshot)`. */
  readonly subscribe = (listener: StoreListener<S>): Unsubscribe => {
    // A wrapper per call, so that the same function subscribed twice needs two unsubscribes.
    const entry: StoreListener<S> = (snapshot) => listener(snapshot);
    this.listeners.add(entry);
    if (this.listeners.size === 1) this.start();
    return () => {
      if (!this.listeners.delete(entry)) return;
      if (this.listeners.size === 0) this.stop();
    };
  };

  readonly getSnapshot = (): S => this.snapshot;

  /** The Svelte store contract: `run` gets the current snapshot at once, then every new one. */
  readonly readable: Readable<S> = {
    subscribe: (run) => {
      const off = this.subscribe(run);
      run(this.snapshot);
      return off;
    },
  };

  /** Whether anyone listens, i.e. whether the store is live. */
  get active(): boolean {
    return this.listeners.size > 0;
  }

  /** Starts the live part and answers how to stop it. Called on the first listener. */
  protected abstract activate(): () => void;

  /** Aborted when the last listener leaves or `restart` drops what was loading. */
  protected get signal(): AbortSignal {
    return (this.controller ??= new AbortController()).signal;
  }

  /**
   * Aborts what is in flight, so that answers to requests made for the old state land nowhere.
   * Callers then load again.
   */
  protected abortInFlight(): void {
    this.controller?.abort();
    this.controller = null;
  }

  /** Replaces the snapshot when a field changed identity; listeners hear of it only then. */
  protected update(patch: Partial<S>): void {
    let changed = false;
    for (const key of Object.keys(patch) as Array<keyof S>) {
      if (!Object.is(patch[key], this.snapshot[key])) {
        changed = true;
        break;
      }
    }
    if (!changed) return;
    this.snapshot = Object.freeze({ ...this.snapshot, ...patch });
    const snapshot = this.snapshot;
    for (const listener of [...this.listeners]) listener(snapshot);
  }

  private start(): void {
    this.stopActive = this.activate();
  }

  private stop(): void {
    this.abortInFlight();
    const stop = this.stopActive;
    this.stopActive = null;
    stop?.();
  }
}

/** An abort is the store's own doing, not a failure to show. */
export function isAbort(error: unknown): boolean {
  return isRingnityError(error, 'ABORTED') || isRingnityError(error, 'DESTROYED');
}
