import {
  EPHEMERAL_EVENTS,
  realtimeEventScope,
  type AnyRealtimeEnvelope,
  type RealtimeData,
  type RealtimeEventName,
} from '../protocol/socket.js';
import type { AgentScope } from '../protocol/scopes.js';

/** For one agent, the seq of the last durable event per read scope. */
type ScopeSeqs = Partial<Record<AgentScope, number>>;

interface LoggedEvent {
  type: RealtimeEventName;
  seq: number;
  at: string;
  /** For each recipient agent, its per-scope chain just before this event. */
  chainBefore: Map<string, ScopeSeqs>;
  /** For each recipient, a copy of the data as it was sent, so that a replay shows the same state and not today's. */
  dataByAgent: Map<string, unknown>;
}

/**
 * Receives every event for one agent. `prevSeqFor` answers the `prevSeq` for a reader holding the
 * given scopes, so that a token is never told about a gap made only of events it could not read.
 */
export type Delivery = (agentId: string, envelope: AnyRealtimeEnvelope, prevSeqFor: (scopes: readonly string[]) => number) => void;

const prevSeqOf = (chain: ScopeSeqs, scopes: readonly string[]) => {
  let prev = 0;
  for (const [scope, seq] of Object.entries(chain)) if (scopes.includes(scope) && seq > prev) prev = seq;
  return prev;
};

/**
 * The tenant's realtime log. Every durable event gets the next tenant sequence number and
 * remembers who it was for, so that a catch-up answers exactly what a live socket would have
 * received, even when visibility has changed since.
 */
export class EventHub {
  private seq = 0;
  private readonly log: LoggedEvent[] = [];
  private readonly chains = new Map<string, ScopeSeqs>();
  private readonly deliveries = new Set<Delivery>();

  constructor(
    private readonly now: () => number,
    private readonly capacity = 20_000,
  ) {}

  get currentSeq(): number {
    return this.seq;
  }

  /** The last durable seq sent to this agent among events the given scopes may read (all events by default). */
  lastSeqFor(agentId: string, scopes?: readonly string[]): number {
    const chain = this.chains.get(agentId) ?? {};
    return scopes ? prevSeqOf(chain, scopes) : Math.max(0, ...Object.values(chain));
  }

  /** The oldest seq a catch-up can still start after. */
  get oldestReplayable(): number {
    return this.log.length ? this.log[0]!.seq - 1 : this.seq;
  }

  subscribe(delivery: Delivery): () => void {
    this.deliveries.add(delivery);
    return () => this.deliveries.delete(delivery);
  }

  publish<N extends RealtimeEventName>(type: N, recipients: Iterable<string>, dataFor: (agentId: string) => RealtimeData[N]): void {
    const at = new Date(this.now()).toISOString();
    const unique = new Set(recipients);
    if (EPHEMERAL_EVENTS.includes(type)) {
      for (const agentId of unique) {
        const chain = this.chains.get(agentId) ?? {};
        this.deliver(agentId, { type, seq: this.seq, prevSeq: prevSeqOf(chain, ALL), at, ephemeral: true, data: dataFor(agentId) } as AnyRealtimeEnvelope, (scopes) => prevSeqOf(chain, scopes));
      }
      return;
    }
    const seq = ++this.seq;
    const scope = realtimeEventScope(type);
    const chainBefore = new Map<string, ScopeSeqs>();
    const dataByAgent = new Map<string, unknown>();
    const sent = new Map<string, RealtimeData[N]>();
    // One copy per distinct object: most events send the same data to every recipient.
    const copies = new Map<unknown, unknown>();
    for (const agentId of unique) {
      const chain = this.chains.get(agentId) ?? {};
      chainBefore.set(agentId, { ...chain });
      this.chains.set(agentId, { ...chain, [scope]: seq });
      const data = dataFor(agentId);
      sent.set(agentId, data);
      if (!copies.has(data)) copies.set(data, structuredClone(data));
      dataByAgent.set(agentId, copies.get(data));
    }
    this.log.push({ type, seq, at, chainBefore, dataByAgent });
    if (this.log.length > this.capacity) this.log.splice(0, this.log.length - this.capacity);
    for (const agentId of unique) {
      const before = chainBefore.get(agentId)!;
      this.deliver(agentId, { type, seq, prevSeq: prevSeqOf(before, ALL), at, ephemeral: false, data: sent.get(agentId)! } as AnyRealtimeEnvelope, (scopes) => prevSeqOf(before, scopes));
    }
  }

  /**
   * Durable events for one agent after `after` that the given scopes may read, with `prevSeq`
   * chained over those scopes; null when the log no longer reaches back that far.
   */
  eventsFor(agentId: string, after: number, scopes: readonly string[] = ALL): AnyRealtimeEnvelope[] | null {
    if (after < this.oldestReplayable) return null;
    const out: AnyRealtimeEnvelope[] = [];
    for (const event of this.log) {
      if (event.seq <= after || !scopes.includes(realtimeEventScope(event.type))) continue;
      const before = event.chainBefore.get(agentId);
      if (!before) continue;
      out.push({ type: event.type, seq: event.seq, prevSeq: prevSeqOf(before, scopes), at: event.at, ephemeral: false, data: structuredClone(event.dataByAgent.get(agentId)) } as AnyRealtimeEnvelope);
    }
    return out;
  }

  private deliver(agentId: string, envelope: AnyRealtimeEnvelope, prevSeqFor: (scopes: readonly string[]) => number): void {
    for (const delivery of this.deliveries) delivery(agentId, envelope, prevSeqFor);
  }
}

const ALL: readonly string[] = ['agent:messages:read', 'agent:presence:read', 'agent:conversations:read', 'agent:calls:read'];
