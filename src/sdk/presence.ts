import type { Presence, RealtimeData, SettablePresence } from '../protocol/index.js';
import type { Unsubscribe } from './emitter.js';
import type { RealtimeSync } from './realtime.js';
import type { RestClient } from './rest.js';
import { PresenceStore } from './stores/presence.js';

export type PresenceChange = RealtimeData['agent.presence.updated'];

/** `agent.presence`: read and set this agent's status, and follow changes made anywhere. */
export class PresenceApi {
  constructor(
    private readonly rest: RestClient,
    private readonly realtime: RealtimeSync,
    private readonly agentId: string,
  ) {}

  get(options: { signal?: AbortSignal } = {}): Promise<Presence> {
    return this.rest.call('getPresence', options.signal ? { signal: options.signal } : {});
  }

  /** This agent's status, live: `subscribe` / `getSnapshot`, like the conversation stores. */
  store(): PresenceStore {
    return new PresenceStore({
      get: (options) => this.get(options),
      set: (status) => this.set(status),
      onChange: (listener) => this.onChange(listener),
      onResync: (listener) => this.realtime.onResync(listener),
    });
  }

  set(status: SettablePresence): Promise<Presence> {
    return this.rest.call('setPresence', { body: { status } });
  }

  /** Changes to this agent's status, including those made from another tab or by the server (in_call). */
  onChange(listener: (change: PresenceChange) => void): Unsubscribe {
    return this.realtime.on('agent.presence.updated', (change) => {
      if (change.agentId === this.agentId) listener(change);
    });
  }
}
