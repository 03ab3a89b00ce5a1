import type { PresenceStatus } from '../protocol/models.js';
import type { RealtimeData } from '../protocol/socket.js';
import type { Store } from './store.js';

/** How long an agent may be without any connection before others see them offline. */
export const DEFAULT_PRESENCE_GRACE_MS = 30_000;

/**
 * Presence follows the connection. An agent whose every socket is gone (a closed laptop, a dead
 * network) is shown `offline` to everyone once the grace period passes, which also stops calls
 * ringing them; a reload or a short drop inside the grace changes nothing. When the agent
 * connects again, the status they had comes back, unless it was changed in the meantime.
 */
export class PresenceGrace {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Agents this class took offline, with the status they had; forgotten once anything else changes it. */
  private readonly away = new Map<string, PresenceStatus>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly graceMs: number,
    private readonly isConnected: (agentId: string) => boolean,
  ) {
    this.unsubscribe = store.hub.subscribe((event) => {
      if (event.type !== 'agent.presence.updated') return;
      const { agentId, status } = event.data as RealtimeData['agent.presence.updated'];
      if (status !== 'offline') this.away.delete(agentId);
    });
  }

  connected(agentId: string): void {
    clearTimeout(this.timers.get(agentId));
    this.timers.delete(agentId);
    const previous = this.away.get(agentId);
    if (!previous) return;
    this.away.delete(agentId);
    if (this.store.agents.get(agentId)?.presence === 'offline') this.store.setPresence(agentId, previous, { byServer: true });
  }

  disconnected(agentId: string): void {
    if (this.isConnected(agentId) || this.timers.has(agentId)) return;
    const timer = setTimeout(() => this.expire(agentId), this.graceMs);
    timer.unref();
    this.timers.set(agentId, timer);
  }

  close(): void {
    this.unsubscribe();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private expire(agentId: string): void {
    this.timers.delete(agentId);
    const agent = this.store.agents.get(agentId);
    if (!agent || this.isConnected(agentId) || agent.presence === 'offline') return;
    // A call has its own reconnect grace and gives the presence back when it ends; look again then.
    if (agent.presence === 'in_call') return this.disconnected(agentId);
    const previous = agent.presence;
    this.store.setPresence(agentId, 'offline', { byServer: true });
    this.away.set(agentId, previous);
  }
}
