import { reportUncaught } from './errors.js';

export type Unsubscribe = () => void;

type Listener<Args extends unknown[]> = (...args: Args) => void;

/**
 * A minimal typed listener registry. A throwing listener neither stops the others nor breaks the
 * code that emitted: its error goes to the page's error reporting.
 */
export class Emitter<Events extends { [name: string]: unknown[] }> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never[]>>>();

  on<N extends keyof Events>(name: N, listener: Listener<Events[N]>): Unsubscribe {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    const entry = listener as unknown as Listener<never[]>;
    set.add(entry);
    return () => void set.delete(entry);
  }

  emit<N extends keyof Events>(name: N, ...args: Events[N]): void {
    const set = this.listeners.get(name);
    if (!set) return;
    // Copy first: a listener may unsubscribe itself or others while we iterate.
    for (const listener of [...set]) {
      try {
        (listener as unknown as Listener<Events[N]>)(...args);
      } catch (error) {
        reportUncaught(error);
      }
    }
  }

  hasListeners(name: keyof Events): boolean {
    return (this.listeners.get(name)?.size ?? 0) > 0;
  }

  clear(): void {
    this.listeners.clear();
  }
}
