import type { Unsubscribe } from '../emitter.js';
import type { Call } from '../calls/types.js';
import { Store } from './store.js';

/** A call as a plain, frozen record; `call` is the live object, for its actions (accept, end, mute…). */
export interface LiveCall {
  readonly id: string;
  readonly type: Call['type'];
  readonly customer: Call['customer'];
  readonly departmentId: string | null;
  readonly state: Call['state'];
  readonly connected: boolean;
  readonly muted: boolean;
  readonly videoEnabled: boolean;
  readonly remoteMedia: Call['remoteMedia'];
  readonly endReason: Call['endReason'];
  readonly call: Call;
}

export interface CallsSnapshot {
  /** True while this tab takes calls (`goOnline()`). */
  readonly online: boolean;
  /** Calls that have not ended, in the order they rang. */
  readonly calls: readonly LiveCall[];
}

export interface CallsSource {
  readonly online: boolean;
  readonly current: Call[];
  goOnline(): Promise<void>;
  goOffline(): Promise<void>;
  onIncomingCall(listener: (call: Call) => void): Unsubscribe;
}

/** What a call's events can change in its record. */
const CALL_EVENTS = ['state', 'connected', 'media', 'remotemedia', 'transferred'] as const;

/** `agent.calls.store()`: whether this tab takes calls, and its calls, live. */
export class CallsStore extends Store<CallsSnapshot> {
  private readonly watched = new Map<Call, Unsubscribe[]>();

  constructor(private readonly source: CallsSource) {
    super({ online: false, calls: Object.freeze([]) });
  }

  async goOnline(): Promise<void> {
    try {
      await this.source.goOnline();
    } finally {
      this.refresh();
    }
  }

  async goOffline(): Promise<void> {
    try {
      await this.source.goOffline();
    } finally {
      this.refresh();
    }
  }

  protected activate(): () => void {
    const off = this.source.onIncomingCall(() => this.refresh());
    this.refresh();
    return () => {
      off();
      for (const offs of this.watched.values()) for (const o of offs) o();
      this.watched.clear();
    };
  }

  private refresh(): void {
    if (!this.active) return;
    const live = this.source.current;
    for (const call of live) {
      if (!this.watched.has(call)) this.watched.set(call, CALL_EVENTS.map((name) => call.on(name, () => this.refresh())));
    }
    for (const [call, offs] of this.watched) {
      if (live.includes(call)) continue;
      for (const o of offs) o();
      this.watched.delete(call);
    }
    const previous = this.getSnapshot().calls;
    const calls = live.map((call) => {
      const record = recordOf(call);
      const old = previous.find((c) => c.call === call);
      return old && sameRecord(old, record) ? old : record;
    });
    const same = calls.length === previous.length && calls.every((c, i) => c === previous[i]);
    this.update({ online: this.source.online, ...(same ? {} : { calls: Object.freeze(calls) }) });
  }
}

function recordOf(call: Call): LiveCall {
  const { id, type, customer, departmentId, state, connected, muted, videoEnabled, remoteMedia, endReason } = call;
  return Object.freeze({ id, type, customer, departmentId, state, connected, muted, videoEnabled, remoteMedia: Object.freeze({ ...remoteMedia }), endReason, call });
}

function sameRecord(a: LiveCall, b: LiveCall): boolean {
  return (Object.keys(a) as Array<keyof LiveCall>).every((key) =>
    key === 'remoteMedia' ? JSON.stringify(a.remoteMedia) === JSON.stringify(b.remoteMedia) : Object.is(a[key], b[key]),
  );
}
