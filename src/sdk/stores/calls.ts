import type { Unsubscribe } from '../emitter.js';
import type { Call } from '../calls/types.js';
import { Store } from './store.js';

export interface CallsSnapshot {
  /** True while this tab takes calls (`goOnline()`). */
  readonly online: boolean;
  /**
   * Calls that have not ended, in the order they rang. Each is the live `Call` (read its state,
   * call its actions); the array is replaced whenever one of them changes.
   */
  readonly calls: readonly Call[];
}

export interface CallsSource {
  readonly online: boolean;
  readonly current: Call[];
  goOnline(): Promise<void>;
  goOffline(): Promise<void>;
  onIncomingCall(listener: (call: Call) => void): Unsubscribe;
}

/** What a call's events can change. */
const CALL_EVENTS = ['state', 'connected', 'media', 'remotemedia', 'transferred'] as const;

/** `agent.calls.store()`: whether this tab takes calls, and its calls, live. */
export class CallsStore extends Store<CallsSnapshot> {
  private readonly watched = new Map<Call, Unsubscribe[]>();

  constructor(private readonly source: CallsSource) {
    super({ online: false, calls: Object.freeze([]) });
  }

  goOnline(): Promise<void> {
    return this.source.goOnline().finally(() => this.refresh(false));
  }

  goOffline(): Promise<void> {
    return this.source.goOffline().finally(() => this.refresh(false));
  }

  protected activate(): () => void {
    const off = this.source.onIncomingCall(() => this.refresh(true));
    this.refresh(true);
    return () => {
      off();
      for (const offs of this.watched.values()) offs.forEach((o) => o());
      this.watched.clear();
    };
  }

  private refresh(changed: boolean): void {
    if (!this.active) return;
    const live = this.source.current;
    for (const call of live)
      if (!this.watched.has(call))
        this.watched.set(
          call,
          CALL_EVENTS.map((name) => call.on(name, () => this.refresh(true))),
        );
    for (const [call, offs] of this.watched) {
      if (live.includes(call)) continue;
      offs.forEach((o) => o());
      this.watched.delete(call);
    }
    this.update({ online: this.source.online, ...(changed || live.length !== this.getSnapshot().calls.length ? { calls: Object.freeze(live) } : {}) });
  }
}
