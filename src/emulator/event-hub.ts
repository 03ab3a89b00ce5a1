import {
  EPHEMERAL_EVENTS,
  REALTIME_READ_SCOPES,
  realtimeEventScope,
  type AnyRealtimeEnvelope,
  type RealtimeData,
  type RealtimeEventName,
} from '../protocol/socket.js';
import type { AgentScope } from '../protocol/scopes.js';
import { randomBytes } from 'node:crypto';

/** For one agent, the seq of the last durable event per read scope. */
type ScopeSeqs = Partial<Record<AgentScope, number>>;

interface LoggedEvent {
  type: RealtimeEventName;
  seq: number;
  at: string;
  /** For each recipient agent, its per-scope chain just before this event. */
  chainBefore: Map<string, ScopeSeqs>;
  /** For each recipient, the data as it was sent (JSON), so that a replay shows that state and not today's. */
  jsonByAgent: Map<string, string>;
}

interface Recipient {
  agentId: string;
  data: unknown;
  /** `data` as JSON; recipients that were sent equal data share one string. */
  json: string;
  /** The `prevSeq` for a reader holding these scopes: a token is never told about a gap made only of events it could not read. */
  prevSeqFor(scopes: readonly string[]): number;
}

type EventHead = Pick<AnyRealtimeEnvelope, 'type' | 'seq' | 'at' | 'ephemeral'>;

/** Receives each event once, with everyone it is for, so that equal payloads can be encoded once. */
export type Delivery = (head: EventHead, recipients: Recipient[]) => void;

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
  /**
   * Names this run of the log. Sequence numbers start again at 1 whenever a log is created (an
   * emulator restart), so a seq only means something together with the stream it came from; a
   * client that sees a different id knows its seq is not comparable and resyncs.
   */
  readonly streamId = randomBytes(12).toString('base64url');
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
    const ephemeral = EPHEMERAL_EVENTS.includes(type);
    const seq = ephemeral ? this.seq : ++this.seq;
    const scope = realtimeEventScope(type);
    const interned = new Map<string, string>();
    const jsonOf = new Map<unknown, string>();
    const batch: Recipient[] = [];
    const chainBefore = new Map<string, ScopeSeqs>();
    const jsonByAgent = new Map<string, string>();
    for (const agentId of unique) {
      const before = this.chains.get(agentId) ?? {};
      const data = dataFor(agentId);
      let json = jsonOf.get(data);
      if (json === undefined) {
        const text = JSON.stringify(data);
        json = interned.get(text) ?? (interned.set(text, text), text);
        jsonOf.set(data, json);
      }
      batch.push({ agentId, data, json, prevSeqFor: (scopes) => prevSeqOf(before, scopes) });
      if (ephemeral) continue;
      chainBefore.set(agentId, before);
      this.chains.set(agentId, { ...before, [scope]: seq });
      jsonByAgent.set(agentId, json);
    }
    if (!ephemeral) {
      this.log.push({ type, seq, at, chainBefore, jsonByAgent });
      if (this.log.length > this.capacity) this.log.splice(0, this.log.length - this.capacity);
    }
    if (batch.length === 0) return;
    for (const delivery of this.deliveries) delivery({ type, seq, at, ephemeral }, batch);
  }

  /**
   * Up to `limit` durable events for one agent after `after` that the given scopes may read, with
   * `prevSeq` chained over those scopes, and whether more follow; null when the log no longer
   * reaches back that far.
   */
  eventsFor(agentId: string, after: number, scopes: readonly string[] = REALTIME_READ_SCOPES, limit = Infinity): { events: AnyRealtimeEnvelope[]; hasMore: boolean } | null {
    if (after < this.oldestReplayable) return null;
    const events: AnyRealtimeEnvelope[] = [];
    for (let i = this.firstIndexAfter(after); i < this.log.length; i++) {
      const event = this.log[i]!;
      const before = event.chainBefore.get(agentId);
      if (!before || !scopes.includes(realtimeEventScope(event.type))) continue;
      if (events.length === limit) return { events, hasMore: true };
      events.push({ type: event.type, seq: event.seq, prevSeq: prevSeqOf(before, scopes), at: event.at, ephemeral: false, data: JSON.parse(event.jsonByAgent.get(agentId)!) } as AnyRealtimeEnvelope);
    }
    return { events, hasMore: false };
  }

  /** The log is in seq order, so a page starts with a binary search rather than a scan from the oldest event. */
  private firstIndexAfter(after: number): number {
    let low = 0;
    let high = this.log.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.log[middle]!.seq <= after) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
