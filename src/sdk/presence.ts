import type { Presence, RealtimeData, SettablePresence } from '../protocol/index.js';
import type { Unsubscribe } from './emitter.js';
import type { RealtimeSync } from './realtime.js';
import type { RestClient } from './rest.js';

export type PresenceChange = RealtimeData['agent.presence.updated'];

/** `agent.presence`: read and set this agent's status, and follow changes made anywhere. */
export class PresenceApi {
  constructor(
    private readonly rest: RestClient,
    private readonly realtime: RealtimeSync,
    private readonly agentId: string,
  ) {}

  get(): Promise<Presence> {
    return this.rest.call('getPresence');
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
