import {
  EPHEMERAL_EVENTS,
  type AnyRealtimeEnvelope,
  type EventsPage,
  type RealtimeData,
  type RealtimeEnvelope,
  type RealtimeEventName,
} from '../protocol/index.js';
import { Emitter, type Unsubscribe } from './emitter.js';
import { isRingnityError, reportUncaught, type RingnityError } from './errors.js';
import { backoffDelay, type Lifecycle } from './lifecycle.js';

export type RealtimeListener<N extends RealtimeEventName> = (data: RealtimeData[N], envelope: RealtimeEnvelope<N>) => void;

type RealtimeEvents = { [N in RealtimeEventName]: [data: RealtimeData[N], envelope: RealtimeEnvelope<N>] } & {
  resync: [];
};

/** Safety net: a server that keeps answering pages without reaching its lastSeq cannot hold us forever. */
const MAX_CATCH_UP_PAGES = 50;
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

  /** Fires when events were lost for good (the log expired): subscribers should reload their state. */
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

  /** Called with the `lastSeq` of every accepted `agent.connect`: after a reconnect, fetch what we missed. */
  resume(serverLastSeq: number): void {
    this.enqueue(() => this.processResume(serverLastSeq));
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

  private async processResume(serverLastSeq: number): Promise<void> {
    if (this.lastSeq === null) {
      this.lastSeq = serverLastSeq;
    } else if (serverLastSeq > this.lastSeq) {
      await this.catchUp(serverLastSeq);
    } else if (serverLastSeq < this.lastSeq) {
      // The server's sequence went backwards, so its log was reset: nothing we hold is comparable.
      this.lastSeq = serverLastSeq;
      this.events.emit('resync');
    }
  }

  /**
   * Delivers every durable event after `lastSeq` from the events route. `knownSeq` is a seq the
   * server is known to have reached; it becomes the new start if the log no longer goes back far enough.
   */
  private async catchUp(knownSeq: number | null): Promise<'complete' | 'resync' | 'failed'> {
    for (let page = 0; page < MAX_CATCH_UP_PAGES && this.lastSeq !== null; page++) {
      let result: EventsPage;
      try {
        result = await this.fetchEventsAfter(this.lastSeq);
      } catch (error) {
        if (this.lifecycle.destroyed) return 'failed';
        if (isRingnityError(error, 'AGENT_SDK_EVENTS_EXPIRED')) {
          this.lastSeq = knownSeq === null ? null : Math.max(knownSeq, this.lastSeq);
          this.events.emit('resync');
          return 'resync';
        }
        this.scheduleRetry(error);
        return 'failed';
      }
      this.failedCatchUps = 0;
      const missed = result.events
        .filter((event) => !event.ephemeral && !EPHEMERAL_EVENTS.includes(event.type))
        .sort((a, b) => a.seq - b.seq);
      let advanced = false;
      for (const event of missed) {
        if (this.lifecycle.destroyed) return 'failed';
        if (event.seq <= this.lastSeq) continue;
        this.lastSeq = event.seq;
        advanced = true;
        this.deliver(event);
      }
      if (!advanced) {
        // Nothing left to deliver: trust the server's word on where its chain ends.
        this.lastSeq = Math.max(this.lastSeq, result.lastSeq);
        return 'complete';
      }
      if (this.lastSeq >= result.lastSeq) return 'complete';
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
  }
}
