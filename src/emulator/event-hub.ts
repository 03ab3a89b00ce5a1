import { EPHEMERAL_EVENTS, REALTIME_READ_SCOPES, type AnyRealtimeEnvelope, type RealtimeData, type RealtimeEventName } from '../protocol/socket.js';
import type { AgentScope } from '../protocol/scopes.js';
import { randomBytes } from 'node:crypto';
import { EventForms, eventScopes, type EventForm } from './event-forms.js';

/** For one agent, the seq of the last durable event per read scope. */
type ScopeSeqs = Readonly<Partial<Record<AgentScope, number>>>;

interface LoggedEvent {
  type: RealtimeEventName;
  /** Any one of these lets a reader receive it (event-forms.ts). */
  scopes: readonly AgentScope[];
  seq: number;
  at: string;
  /** Who it was sent to: the audience set the publisher passed, shared with other events of that audience. */
  recipients: ReadonlySet<string>;
  /** The data as it was sent (JSON), so that a replay shows that state and not today's. */
  json: string;
  /** The few recipients who were sent other data (their own unread count, say), as JSON. */
  variantJson: ReadonlyMap<string, string> | null;
}

/** One event as a delivery sees it: the data most recipients share, and the few who get their own. */
export interface Publication<N extends RealtimeEventName = RealtimeEventName> {
  type: N;
  seq: number;
  at: string;
  ephemeral: boolean;
  recipients: ReadonlySet<string>;
  data: RealtimeData[N];
  /** Recipients who get other data than `data`; empty for most events. */
  variants: ReadonlyMap<string, RealtimeData[N]>;
  /** The `prevSeq` for a reader holding these scopes: a token is never told about a gap made only of events it could not read. */
  prevSeqFor(agentId: string, scopes: readonly string[]): number;
  /** What a reader holding these scopes is sent of `data` (or of a variant), or null; equal forms are one object. */
  formFor(data: RealtimeData[N], scopes: readonly string[]): EventForm | null;
}

export type Delivery = (publication: Publication) => void;

/**
 * What the log keeps. A durable event costs its JSON and a small record; who it was for is the
 * audience set the store already holds for that conversation, so the log does not grow with the
 * number of agents. The oldest events go first once either limit is passed.
 */
export interface EventRetention {
  /** Default 10,000 events. */
  maxEvents: number;
  /** Default 16 MB of event JSON. */
  maxBytes: number;
}

export const DEFAULT_EVENT_RETENTION: EventRetention = { maxEvents: 10_000, maxBytes: 16 * 2 ** 20 };

const prevSeqOf = (chain: ScopeSeqs | undefined, scopes: readonly string[]) => {
  let prev = 0;
  if (!chain) return prev;
  for (const scope of scopes) {
    const seq = chain[scope as AgentScope];
    if (seq !== undefined && seq > prev) prev = seq;
  }
  return prev;
};

const NO_VARIANTS: ReadonlyMap<string, never> = new Map<string, never>();

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
  /** Retained events, oldest first, from `head` on; the slots before `head` are dropped in batches. */
  private log: LoggedEvent[] = [];
  private head = 0;
  private bytes = 0;
  private readonly chains = new Map<string, ScopeSeqs>();
  /** Each agent's chain as it stood just before the oldest retained event: where a replay's first `prevSeq` points when nothing older is left. */
  private readonly chainsBeforeLog = new Map<string, ScopeSeqs>();
  private readonly deliveries = new Set<Delivery>();

  constructor(
    private readonly now: () => number,
    private readonly retention: EventRetention = DEFAULT_EVENT_RETENTION,
  ) {}

  get currentSeq(): number {
    return this.seq;
  }

  /** How many durable events the log holds now, and their JSON size. */
  get retained(): { events: number; bytes: number } {
    return { events: this.log.length - this.head, bytes: this.bytes };
  }

  /** The last durable seq sent to this agent among events the given scopes may read (all events by default). */
  lastSeqFor(agentId: string, scopes?: readonly string[]): number {
    const chain = this.chains.get(agentId) ?? {};
    return scopes ? prevSeqOf(chain, scopes) : Math.max(0, ...Object.values(chain));
  }

  /** The oldest seq a catch-up can still start after. */
  get oldestReplayable(): number {
    return this.head < this.log.length ? this.log[this.head]!.seq - 1 : this.seq;
  }

  subscribe(delivery: Delivery): () => void {
    this.deliveries.add(delivery);
    return () => this.deliveries.delete(delivery);
  }

  /**
   * Sends `data` to every recipient, or the data `variantFor` returns for the few it returns some
   * for. The data is encoded once per distinct payload, never once per agent. `recipients` is kept
   * by reference in the log: pass a set that is not changed afterwards.
   */
  publish<N extends RealtimeEventName>(type: N, recipients: ReadonlySet<string>, data: RealtimeData[N], variantFor?: (agentId: string) => RealtimeData[N] | undefined): void {
    const at = new Date(this.now()).toISOString();
    const ephemeral = EPHEMERAL_EVENTS.includes(type);
    const seq = ephemeral ? this.seq : ++this.seq;
    const scopes = eventScopes(type, data);
    let variants: Map<string, RealtimeData[N]> | null = null;
    if (variantFor) {
      for (const agentId of recipients) {
        const own = variantFor(agentId);
        if (own !== undefined) (variants ??= new Map()).set(agentId, own);
      }
    }
    let chainBefore: Map<string, ScopeSeqs | undefined> | null = null;
    if (!ephemeral) {
      chainBefore = new Map();
      for (const agentId of recipients) {
        const before = this.chains.get(agentId);
        chainBefore.set(agentId, before);
        const after: Partial<Record<AgentScope, number>> = { ...before };
        for (const scope of scopes) after[scope] = seq;
        this.chains.set(agentId, after);
      }
      const json = JSON.stringify(data);
      const variantJson = variants && new Map([...variants].map(([agentId, own]) => [agentId, JSON.stringify(own)]));
      this.append({ type, scopes, seq, at, recipients, json, variantJson });
    }
    if (recipients.size === 0) return;
    const forms = new EventForms(type);
    const publication: Publication<N> = {
      type,
      seq,
      at,
      ephemeral,
      recipients,
      data,
      variants: variants ?? NO_VARIANTS,
      // An ephemeral event moves no chain: it points at the last durable event the reader was sent.
      prevSeqFor: (agentId, readerScopes) => prevSeqOf(chainBefore ? chainBefore.get(agentId) : this.chains.get(agentId), readerScopes),
      formFor: (shown, readerScopes) => forms.for(shown, readerScopes),
    };
    for (const delivery of this.deliveries) delivery(publication as unknown as Publication);
  }

  /**
   * Up to `limit` durable events for one agent after `after` that the given scopes may read, with
   * `prevSeq` chained over those scopes, and whether more follow; null when the log no longer
   * reaches back that far.
   */
  eventsFor(agentId: string, after: number, scopes: readonly string[] = REALTIME_READ_SCOPES, limit = Infinity): { events: AnyRealtimeEnvelope[]; hasMore: boolean } | null {
    if (after < this.oldestReplayable) return null;
    const start = this.firstIndexAfter(after);
    let prevSeq = this.lastSeqBefore(agentId, start, scopes);
    const events: AnyRealtimeEnvelope[] = [];
    for (let i = start; i < this.log.length; i++) {
      const event = this.log[i]!;
      if (!event.recipients.has(agentId) || !readable(event, scopes)) continue;
      if (events.length === limit) return { events, hasMore: true };
      const form = new EventForms(event.type).for(JSON.parse(event.variantJson?.get(agentId) ?? event.json), scopes)!;
      events.push({ type: form.type, seq: event.seq, prevSeq, at: event.at, ephemeral: false, data: form.data } as AnyRealtimeEnvelope);
      prevSeq = event.seq;
    }
    return { events, hasMore: false };
  }

  private append(event: LoggedEvent): void {
    this.log.push(event);
    this.bytes += eventBytes(event);
    const { maxEvents, maxBytes } = this.retention;
    while (this.log.length - this.head > maxEvents || (this.bytes > maxBytes && this.log.length - this.head > 1)) {
      const dropped = this.log[this.head]!;
      this.log[this.head++] = undefined as unknown as LoggedEvent;
      this.bytes -= eventBytes(dropped);
      for (const agentId of dropped.recipients) {
        const chain: Partial<Record<AgentScope, number>> = { ...this.chainsBeforeLog.get(agentId) };
        for (const scope of dropped.scopes) chain[scope] = dropped.seq;
        this.chainsBeforeLog.set(agentId, chain);
      }
    }
    // Dropped slots are released in batches, so that trimming costs no copy per event.
    if (this.head > 1024 && this.head * 2 > this.log.length) {
      this.log = this.log.slice(this.head);
      this.head = 0;
    }
  }

  /** The seq of the last retained event before index `start` that this agent was sent and may read. */
  private lastSeqBefore(agentId: string, start: number, scopes: readonly string[]): number {
    for (let i = start - 1; i >= this.head; i--) {
      const event = this.log[i]!;
      if (event.recipients.has(agentId) && readable(event, scopes)) return event.seq;
    }
    return prevSeqOf(this.chainsBeforeLog.get(agentId), scopes);
  }

  /** The log is in seq order, so a page starts with a binary search rather than a scan from the oldest event. */
  private firstIndexAfter(after: number): number {
    let low = this.head;
    let high = this.log.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.log[middle]!.seq <= after) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

const readable = (event: LoggedEvent, scopes: readonly string[]) => event.scopes.some((scope) => scopes.includes(scope));

/** What an event costs the log, roughly: its JSON (two bytes a character) and a record. */
function eventBytes(event: LoggedEvent): number {
  let chars = event.json.length;
  if (event.variantJson) for (const json of event.variantJson.values()) chars += json.length + 64;
  return 2 * chars + 128;
}
