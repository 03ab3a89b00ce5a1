import {
  EPHEMERAL_EVENTS,
  type AnyRealtimeEnvelope,
  type RealtimeData,
  type RealtimeEnvelope,
  type RealtimeEventName,
} from '../protocol/socket.js';

interface LoggedEvent {
  type: RealtimeEventName;
  seq: number;
  at: string;
  /** For each recipient agent, the seq of the durable event sent to them before this one. */
  prevSeqByAgent: Map<string, number>;
  /** For each recipient, a copy of the data as it was sent, so that a replay shows the same state and not today's. */
  dataByAgent: Map<string, unknown>;
}

export type Delivery = (agentId: string, envelope: AnyRealtimeEnvelope) => void;

/**
 * The tenant's realtime log. Every durable event gets the next tenant sequence number and
 * remembers who it was for, so that a catch-up answers exactly what a live socket would have
 * received, even when visibility has changed since.
 */
export class EventHub {
  private seq = 0;
  private readonly log: LoggedEvent[] = [];
  private readonly lastSeqByAgent = new Map<string, number>();
  private readonly deliveries = new Set<Delivery>();

  constructor(
    private readonly now: () => number,
    private readonly capacity = 20_000,
  ) {}

  get currentSeq(): number {
    return this.seq;
  }

  lastSeqFor(agentId: string): number {
    return this.lastSeqByAgent.get(agentId) ?? 0;
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
    const ephemeral = EPHEMERAL_EVENTS.includes(type);
    const unique = new Set(recipients);
    if (ephemeral) {
      for (const agentId of unique) {
        this.deliver(agentId, { type, seq: this.seq, prevSeq: this.lastSeqFor(agentId), at, ephemeral, data: dataFor(agentId) });
      }
      return;
    }
    const seq = ++this.seq;
    const prevSeqByAgent = new Map<string, number>();
    const dataByAgent = new Map<string, unknown>();
    for (const agentId of unique) {
      prevSeqByAgent.set(agentId, this.lastSeqFor(agentId));
      this.lastSeqByAgent.set(agentId, seq);
    }
    const sent = new Map<string, RealtimeData[N]>();
    for (const agentId of unique) {
      const data = dataFor(agentId);
      sent.set(agentId, data);
      dataByAgent.set(agentId, structuredClone(data));
    }
    this.log.push({ type, seq, at, prevSeqByAgent, dataByAgent });
    if (this.log.length > this.capacity) this.log.splice(0, this.log.length - this.capacity);
    for (const agentId of unique) {
      this.deliver(agentId, { type, seq, prevSeq: prevSeqByAgent.get(agentId)!, at, ephemeral, data: sent.get(agentId)! });
    }
  }

  /** Durable events for one agent after `after`, or null when the log no longer reaches back that far. */
  eventsFor(agentId: string, after: number): AnyRealtimeEnvelope[] | null {
    if (after < this.oldestReplayable) return null;
    const out: AnyRealtimeEnvelope[] = [];
    for (const event of this.log) {
      if (event.seq <= after) continue;
      const prevSeq = event.prevSeqByAgent.get(agentId);
      if (prevSeq === undefined) continue;
      out.push({ type: event.type, seq: event.seq, prevSeq, at: event.at, ephemeral: false, data: structuredClone(event.dataByAgent.get(agentId)) } as AnyRealtimeEnvelope);
    }
    return out;
  }

  private deliver<N extends RealtimeEventName>(agentId: string, envelope: RealtimeEnvelope<N>): void {
    for (const delivery of this.deliveries) delivery(agentId, envelope as AnyRealtimeEnvelope);
  }
}
