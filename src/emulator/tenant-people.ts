import type { AgentSummary, Department, Presence, PresenceStatus, SettablePresence, Tenant } from '../protocol/models.js';
import type { Role } from '../protocol/scopes.js';
import { ApiError } from './api-error.js';
import { Audiences } from './audiences.js';
import { EventHub, type EventRetention } from './event-hub.js';
import type { TenantSeed } from './seed-schema.js';

export interface AgentRecord {
  id: string;
  username: string;
  name: string;
  email: string;
  role: Role;
  departmentId: string | null;
  presence: PresenceStatus;
  presenceUpdatedAt: string;
  callsOnline: boolean;
}

/**
 * The people side of the emulator's tenant: its departments, its agents and their presence, and
 * the event hub every change is published through. `Store` adds the conversations on top.
 */
export class TenantPeople {
  readonly tenant: Tenant;
  readonly departments: Department[];
  readonly serverKeys: Map<string, readonly string[]>;
  readonly agents = new Map<string, AgentRecord>();
  readonly hub: EventHub;
  protected readonly audiences: Audiences;

  constructor(
    seed: TenantSeed,
    readonly now: () => number = Date.now,
    retention?: EventRetention,
  ) {
    this.hub = new EventHub(now, retention);
    this.tenant = { ...seed.tenant };
    this.departments = seed.departments.map((d) => ({ ...d }));
    this.serverKeys = new Map(seed.serverKeys.map((k) => [k.key, k.scopes]));
    const startedAt = this.isoNow();
    for (const a of seed.agents) {
      this.agents.set(a.id, { ...a, presence: 'offline', presenceUpdatedAt: startedAt, callsOnline: false });
    }
    this.audiences = new Audiences(this.agents);
  }

  isoNow(): string {
    return new Date(this.now()).toISOString();
  }

  agentByUsername(username: string): AgentRecord | undefined {
    for (const a of this.agents.values()) if (a.username === username) return a;
    return undefined;
  }

  agentSummary(a: AgentRecord): AgentSummary {
    return { id: a.id, username: a.username, name: a.name, role: a.role, departmentId: a.departmentId };
  }

  department(id: string | null): Department | null {
    return this.departments.find((d) => d.id === id) ?? null;
  }

  presence(agentId: string): Presence {
    const a = this.requireAgent(agentId);
    return { agentId: a.id, status: a.presence, updatedAt: a.presenceUpdatedAt, callsOnline: a.callsOnline };
  }

  setPresence(agentId: string, status: SettablePresence | PresenceStatus, options: { byServer?: boolean } = {}): Presence {
    const a = this.requireAgent(agentId);
    if (a.presence === 'in_call' && !options.byServer) {
      throw new ApiError('AGENT_SDK_PRESENCE_LOCKED', 'Presence is "in_call" until the call ends', 'status');
    }
    const previousStatus = a.presence;
    a.presence = status;
    a.presenceUpdatedAt = this.isoNow();
    if (previousStatus !== status) {
      this.hub.publish('agent.presence.updated', this.audiences.everyone, { agentId, status, previousStatus });
    }
    return this.presence(agentId);
  }

  requireAgent(id: string): AgentRecord {
    const a = this.agents.get(id);
    if (!a) throw new ApiError('AGENT_SDK_TOKEN_INVALID', 'The agent of this token no longer exists');
    return a;
  }
}
