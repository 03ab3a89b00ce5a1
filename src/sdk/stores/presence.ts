import type { Presence, PresenceStatus, SettablePresence } from '../../protocol/index.js';
import { isRingnityError, type RingnityError } from '../errors.js';
import type { Unsubscribe } from '../emitter.js';
import { Store, isAbort } from './store.js';

export interface PresenceSnapshot {
  /** This agent's status; null until loaded. */
  readonly status: PresenceStatus | null;
  readonly state: 'idle' | 'loading' | 'ready' | 'error';
  readonly error: RingnityError | null;
}

export interface PresenceSource {
  get(options: { signal: AbortSignal }): Promise<Presence>;
  set(status: SettablePresence): Promise<Presence>;
  onChange(listener: (change: { status: PresenceStatus }) => void): Unsubscribe;
  onResync(listener: () => void): Unsubscribe;
}

/** `agent.presence.store()`: this agent's status, live, including changes made elsewhere (another tab, a call). */
export class PresenceStore extends Store<PresenceSnapshot> {
  constructor(private readonly source: PresenceSource) {
    super({ status: null, state: 'idle', error: null });
  }

  /** Sets the status; the snapshot follows at once, the event then confirms it. */
  async set(status: SettablePresence): Promise<void> {
    const presence = await this.source.set(status);
    if (this.active) this.update({ status: presence.status, state: 'ready', error: null });
  }

  async reload(): Promise<void> {
    if (!this.active) return;
    this.abortInFlight();
    const signal = this.signal;
    this.update({ state: 'loading', error: null });
    try {
      const presence = await this.source.get({ signal });
      if (!signal.aborted) this.update({ status: presence.status, state: 'ready' });
    } catch (error) {
      if (signal.aborted || isAbort(error)) return;
      if (!isRingnityError(error)) throw error;
      this.update({ state: 'error', error });
    }
  }

  protected activate(): () => void {
    const offs = [this.source.onChange(({ status }) => this.update({ status })), this.source.onResync(() => void this.reload())];
    void this.reload();
    return () => {
      for (const off of offs) off();
      this.update({ state: 'idle' });
    };
  }
}
