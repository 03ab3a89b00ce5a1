import { EPHEMERAL_EVENTS, listUpdateOf, type AnyRealtimeEnvelope, type EventsPage, type RealtimeData, type RealtimeEnvelope, type RealtimeEventName } from '../protocol/index.js';
import { Emitter, type Unsubscribe } from './emitter.js';
import { RingnityError, isRingnityError, reportUncaught } from './errors.js';
import { backoffDelay, type Lifecycle } from './lifecycle.js';

export type RealtimeListener<N extends RealtimeEventName> = (data: RealtimeData[N], envelope: RealtimeEnvelope<N>) => void;

type RealtimeEvents = { [N in RealtimeEventName]: [data: RealtimeData[N], envelope: RealtimeEnvelope<N>] } & {
  resync: [];
};

const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/**
 * Turns the socket's stream into one where each durable event reaches subscribers exactly once,
 * in seq order. Every envelope names the previous durable seq sent to this agent (`prevSeq`); when
 * that is not the last one we delivered, the missing events are fetched from the events route
 * before anything newer is delivered. All of it runs through one queue, so a catch-up and live
 * events can never interleave.
 */
export class RealtimeSync {
  /** The seq of the last durable event delivered; null until the server gave us a starting point. */
  private lastSeq: number | null = null;
  /** The server stream `lastSeq` belongs to; a seq from another stream is not comparable. */
  private stream: string | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly events = new Emitter<RealtimeEvents>();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private failedCatchUps = 0;

  constructor(
    private readonly fetchEventsAfter: (after: number) => Promise<EventsPage>,
    private readonly lifecycle: Lifecycle,
    private readonly reportError: (error: RingnityError) => void,
  ) {
    lifecycle.onDestroy(() => {
      clearTimeout(this.retryTimer);
      this.events.clear();
    });
  }

  get lastDeliveredSeq(): number | null {
    return this.lastSeq;
  }

  on<N extends RealtimeEventName>(name: N, listener: RealtimeListener<N>): Unsubscribe {
    return this.events.on(name, listener as unknown as (...args: RealtimeEvents[N]) => void);
  }

  /**
   * Fires when events may have been lost for good (the log expired, the server restarted, or its
   * catch-up stopped making progress): subscribers should reload their state.
   */
  onResync(listener: () => void): Unsubscribe {
    return this.events.on('resync', listener);
  }

  receive(envelope: AnyRealtimeEnvelope): void {
    if (this.lifecycle.destroyed) return;
    // Typing and visitor presence are not in the chain and only matter now: no waiting in line.
    if (envelope.ephemeral || EPHEMERAL_EVENTS.includes(envelope.type)) {
      this.deliver(envelope);
      return;
    }
    this.enqueue(() => this.processDurable(envelope));
  }

  /**
   * A snapshot read at `seq` before the socket was up (the first list page) becomes the starting
   * point, so the first `agent.connect` catches up from there. Answers whether the snapshot misses
   * nothing the stream delivers: false when the stream had already started past it.
   */
  prime(seq: number, streamId: string): Promise<boolean> {
    return new Promise((resolve) =>
      this.enqueue(async () => {
        if (this.lastSeq === null) {
          this.lastSeq = seq;
          this.stream = streamId;
        }
        resolve(this.stream === streamId && seq >= this.lastSeq);
      }),
    );
  }

  /** Called with the `lastSeq` and `streamId` of every accepted `agent.connect`: after a reconnect, fetch what we missed. */
  resume(serverLastSeq: number, streamId?: string): void {
    this.enqueue(() => this.processResume(serverLastSeq, streamId));
  }

  private enqueue(step: () => Promise<void>): void {
    this.queue = this.queue.then(() => (this.lifecycle.destroyed ? undefined : step())).catch(reportUncaught);
  }

  private async processDurable(envelope: AnyRealtimeEnvelope): Promise<void> {
    // With no starting point yet (first connect, or after a resync) this event becomes the start.
    this.lastSeq ??= envelope.prevSeq;
    if (envelope.seq <= this.lastSeq) return;
    if (envelope.prevSeq > this.lastSeq) {
      const outcome = await this.catchUp(envelope.seq);
      if (outcome !== 'complete' || this.lastSeq === null || envelope.seq <= this.lastSeq) return;
    }
    this.lastSeq = envelope.seq;
    this.deliver(envelope);
  }

  private async processResume(serverLastSeq: number, streamId: string | undefined): Promise<void> {
    const restarted = this.stream !== undefined && streamId !== undefined && streamId !== this.stream;
    this.stream = streamId ?? this.stream;
    if (this.lastSeq === null) {
      this.lastSeq = serverLastSeq;
    } else if (restarted) {
      // A new stream numbers from 1 again, so our seq says nothing about what we missed there.
      this.startOver(serverLastSeq);
    } else if (serverLastSeq > this.lastSeq) {
      await this.catchUp(serverLastSeq);
    } else if (serverLastSeq < this.lastSeq) {
      // The server's sequence went backwards, so its log was reset: nothing we hold is comparable.
      this.startOver(serverLastSeq);
    }
  }

  /** Events may be lost for good: start again from where the server stands and tell subscribers to reload. */
  private startOver(serverLastSeq: number | null): void {
    this.lastSeq = serverLastSeq;
    this.events.emit('resync');
  }

  /**
   * Delivers every durable event after `lastSeq` from the events route, page after page for as
   * long as the server says more follow. `knownSeq` is a seq the server is known to have reached;
   * it becomes the new start if the log no longer goes back far enough.
   */
  private async catchUp(knownSeq: number | null): Promise<'complete' | 'resync' | 'failed'> {
    let after = this.lastSeq;
    while (after !== null && this.lastSeq !== null) {
      let page: EventsPage;
      try {
        page = await this.fetchEventsAfter(after);
      } catch (error) {
        if (this.lifecycle.destroyed) return 'failed';
        if (isRingnityError(error, 'AGENT_SDK_EVENTS_EXPIRED')) {
          this.startOver(knownSeq === null ? null : Math.max(knownSeq, this.lastSeq));
          return 'resync';
        }
        this.scheduleRetry(error);
        return 'failed';
      }
      this.failedCatchUps = 0;
      if (this.lifecycle.destroyed) return 'failed';
      if (this.stream !== undefined && page.streamId !== undefined && page.streamId !== this.stream) {
        // The server restarted since we connected; the reconnect that follows finds the same stream.
        this.stream = page.streamId;
        this.startOver(page.lastSeq);
        return 'resync';
      }
      const missed = page.events.filter((event) => !event.ephemeral && !EPHEMERAL_EVENTS.includes(event.type)).sort((a, b) => a.seq - b.seq);
      for (const event of missed) {
        if (this.lifecycle.destroyed) return 'failed';
        if (event.seq <= this.lastSeq) continue;
        this.lastSeq = event.seq;
        this.deliver(event);
      }
      if (!page.hasMore) {
        // The end of the stream: trust the server's word on where its chain ends.
        this.lastSeq = Math.max(this.lastSeq, page.lastSeq);
        return 'complete';
      }
      if (!(page.nextAfter > after)) {
        // More, it says, but from the same place: asking again would loop for ever.
        this.reportError(new RingnityError('INTERNAL_ERROR', `Ringnity's event catch-up did not advance past seq ${after}`));
        this.startOver(Math.max(this.lastSeq, page.lastSeq, knownSeq ?? 0));
        return 'resync';
      }
      after = page.nextAfter;
    }
    return 'complete';
  }

  private scheduleRetry(error: unknown): void {
    // Network failures are expected while connectivity flaps and the reconnect catches up anyway;
    // anything else the integrator should hear about.
    if (isRingnityError(error) && error.code !== 'NETWORK_ERROR') this.reportError(error);
    else if (!isRingnityError(error)) reportUncaught(error);
    if (this.retryTimer !== undefined) return;
    const delay = backoffDelay(this.failedCatchUps++, RETRY_BASE_MS, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.enqueue(async () => void (await this.catchUp(null)));
    }, delay);
  }

  private deliver(envelope: AnyRealtimeEnvelope): void {
    const emit = this.events.emit.bind(this.events) as (name: RealtimeEventName, data: unknown, envelope: AnyRealtimeEnvelope) => void;
    emit(envelope.type, envelope.data, envelope);
    // A message carries the list row it changed instead of a second frame; subscribers to
    // `conversation.updated` hear of it as before, right after the message and under its seq.
    const update = envelope.type === 'chat.message.created' ? listUpdateOf(envelope.data) : null;
    if (update) emit('conversation.updated', update, { ...envelope, type: 'conversation.updated', data: update });
  }
}
