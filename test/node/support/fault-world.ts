/**
 * One agent's world for the fault suite: an emulator that can restart (a fresh store is a new
 * stream), the fault proxy in front of it, and a headless RingnityAgent in Node that reaches both
 * REST and socket through the proxy. Visitors talk to the emulator directly, like customers on a
 * network of their own. Everything the agent's subscriber sees is recorded with the time it came.
 */
import { WebSocket as NodeWebSocket } from 'ws';
import { startEmulator, type EmulatorOptions, type RunningEmulator, type Store } from '../../../src/emulator/index.js';
import { EPHEMERAL_EVENTS, REALTIME_EVENTS, type AnyRealtimeEnvelope, type RealtimeEventName } from '../../../src/protocol/socket.js';
import type { Message } from '../../../src/protocol/models.js';
import { AGENT_SCOPES } from '../../../src/protocol/scopes.js';
import { RingnityAgent } from '../../../src/sdk/index.js';
import type { ConnectionState } from '../../../src/sdk/socket.js';
import { FaultProxy, type FaultMode } from './fault-proxy.js';

// Node 20 has no WebSocket without a flag; the SDK gets ws's, which has the same interface.
globalThis.WebSocket ??= NodeWebSocket as unknown as typeof WebSocket;

export const AGENT_ID = 'agt_one';
const AGENT_USERNAME = 'agent.one';
const SERVER_KEY = 'rn_sk_test_demo';
const TENANT_KEY = 'demo-tenant';
/** Tokens survive a restart, as a real server keeps its signing key. */
const SIGNING_SECRET = 'fault-suite-signing-secret-0123456789';

export type Delivery = { kind: 'event'; type: RealtimeEventName; seq: number; body: string | null; conversationId: string | null; at: number } | { kind: 'resync'; at: number };

export interface ReplyRecord {
  body: string;
  clientMessageId: string;
  conversationId: string;
  stream: number;
  outcome: 'pending' | 'stored' | string;
  settled: Promise<void>;
}

/** One emulator run: its store outlives it, so that the suite can still count what it holds. */
export interface StreamRecord {
  index: number;
  store: Store;
  visitors: Array<{ conversationId: string; visitorToken: string }>;
}

export interface WorldOptions {
  /** Emulator options for every run of the emulator (heartbeat, for instance). */
  emulator?: Partial<EmulatorOptions>;
  /** Lifetime of the agent tokens getToken mints. */
  tokenLifetimeS?: number;
  connectTimeoutMs?: number;
  /** More options for RingnityAgent.create. */
  agent?: Record<string, unknown>;
}

/** A clock the emulator reads: token expiry moves it forward. */
class Clock {
  offsetMs = 0;
  readonly now = () => Date.now() + this.offsetMs;
}

export class FaultWorld {
  readonly clock = new Clock();
  readonly deliveries: Delivery[] = [];
  readonly states: Array<{ state: ConnectionState; at: number }> = [];
  readonly replies: ReplyRecord[] = [];
  readonly streams: StreamRecord[] = [];
  readonly errors: string[] = [];
  agent!: RingnityAgent;
  private emulator!: RunningEmulator;
  /** Settles when the emulator is up; getToken waits on it, as a CRM backend would wait on Ringnity. */
  private up: Promise<void> = Promise.resolve();
  private counter = 0;
  private readonly deliveryWaiters = new Map<() => void, (arrived: boolean) => void>();

  private constructor(
    readonly proxy: FaultProxy,
    readonly tag: string,
    private readonly options: WorldOptions,
  ) {}

  static async start(tag: string, options: WorldOptions = {}): Promise<FaultWorld> {
    const proxy = await FaultProxy.start(1);
    const world = new FaultWorld(proxy, tag, options);
    try {
      await world.startEmulator(0);
      await world.connectAgent();
    } catch (error) {
      await world.close();
      throw error;
    }
    return world;
  }

  get stream(): StreamRecord {
    return this.streams.at(-1)!;
  }

  get url(): string {
    return this.emulator.url;
  }

  get state(): ConnectionState {
    return this.agent.connection.state;
  }

  setMode(mode: FaultMode): void {
    this.proxy.setMode(mode);
  }

  /** Closes the emulator and, `downMs` later, starts a fresh one on the same port: same tenant, new stream. */
  async restart(downMs = 0): Promise<void> {
    let ready!: () => void;
    this.up = new Promise((resolve) => (ready = resolve));
    const port = this.emulator.port;
    await this.emulator.close();
    try {
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await this.startEmulator(port);
    } finally {
      ready();
    }
  }

  /** Moves the server's clock past the lifetime of every agent token minted so far. */
  expireTokens(): void {
    this.clock.offsetMs += ((this.options.tokenLifetimeS ?? 60) + 1) * 1000;
  }

  /** A customer writes in conversation `slot` of the current stream, opening it when needed. */
  async visitorSays(slot: number): Promise<string> {
    const body = this.nextBody('v');
    const visitors = this.stream.visitors;
    if (slot >= visitors.length) {
      const opened = await this.post('/api/visitor/conversations', { tenantKey: TENANT_KEY, name: 'Fault Visitor', departmentId: 'dep_support', body });
      visitors.push({ conversationId: opened.conversationId, visitorToken: opened.visitorToken });
      return body;
    }
    const visitor = visitors[slot]!;
    await this.post(`/api/visitor/conversations/${visitor.conversationId}/messages`, { body }, visitor.visitorToken);
    return body;
  }

  /** The agent answers in conversation `slot` through the SDK; the reply settles in the background. */
  agentReplies(slot: number): ReplyRecord | null {
    const visitor = this.stream.visitors[slot % Math.max(1, this.stream.visitors.length)];
    if (!visitor) return null;
    const body = this.nextBody('a');
    const record: ReplyRecord = {
      body,
      clientMessageId: `cm-${body}`,
      conversationId: visitor.conversationId,
      stream: this.stream.index,
      outcome: 'pending',
      settled: Promise.resolve(),
    };
    record.settled = this.agent.conversations.reply(visitor.conversationId, { body, clientMessageId: record.clientMessageId }).then(
      () => void (record.outcome = 'stored'),
      (error: { code?: string }) => void (record.outcome = error?.code ?? String(error)),
    );
    this.replies.push(record);
    return record;
  }

  /** Resolves when `predicate` holds for the deliveries, or with false after `capMs`. */
  waitForDelivery(predicate: (d: Delivery[]) => boolean, capMs: number): Promise<boolean> {
    if (predicate(this.deliveries)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (!predicate(this.deliveries)) return;
        done(true);
      };
      const timer = setTimeout(() => done(false), capMs);
      const done = (result: boolean) => {
        clearTimeout(timer);
        this.deliveryWaiters.delete(check);
        resolve(result);
      };
      this.deliveryWaiters.set(check, done);
    });
  }

  /** Resolves true once the connection state matches, or false after `capMs`. */
  waitForState(match: ConnectionState | ((state: ConnectionState) => boolean), capMs: number): Promise<boolean> {
    const test = typeof match === 'function' ? match : (state: ConnectionState) => state === match;
    if (test(this.state)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(false), capMs);
      const off = this.agent.connection.onChange((state) => test(state) && finish(true));
      const finish = (result: boolean) => {
        clearTimeout(timer);
        off();
        resolve(result);
      };
    });
  }

  /**
   * A customer message that tells when the agent has caught up: it arrives, or a resync says that
   * what came before it is to be reloaded instead; 'lost' when neither happens within `capMs`.
   */
  async probe(capMs: number): Promise<{ outcome: 'delivered' | 'resync' | 'lost'; at: number }> {
    const mark = this.deliveries.length;
    const body = await this.visitorSays(0);
    const resyncAt = () => this.deliveries.slice(mark).find((d) => d.kind === 'resync')?.at;
    await this.waitForDelivery(() => this.deliveredAt(body) !== undefined || resyncAt() !== undefined, capMs);
    const deliveredAt = this.deliveredAt(body);
    if (deliveredAt !== undefined) return { outcome: 'delivered', at: deliveredAt };
    const resyncedAt = resyncAt();
    return resyncedAt === undefined ? { outcome: 'lost', at: Date.now() } : { outcome: 'resync', at: resyncedAt };
  }

  /** The time a message with this body reached the subscriber, if it did. */
  deliveredAt(body: string): number | undefined {
    return this.deliveries.find((d) => d.kind === 'event' && d.body === body)?.at;
  }

  /** Tagged messages of one stream as the server sent them to the agent, in seq order. */
  expected(stream: StreamRecord): Array<{ body: string; seq: number; conversationId: string }> {
    const out: Array<{ body: string; seq: number; conversationId: string }> = [];
    for (const envelope of stream.store.hub.eventsFor(AGENT_ID, 0)?.events ?? []) {
      if (envelope.type !== 'chat.message.created') continue;
      const message = (envelope.data as { message: Message }).message;
      if (this.isOurs(message.body)) out.push({ body: message.body, seq: envelope.seq, conversationId: message.conversationId });
    }
    return out;
  }

  /** Every tagged message the stream's store holds, conversation by conversation. */
  stored(stream: StreamRecord): Message[] {
    const viewer = { id: AGENT_ID, role: 'agent' as const, departmentId: 'dep_support' };
    return stream.visitors.flatMap((v) => stream.store.messages(viewer, v.conversationId, { limit: 1000 }).messages.filter((m) => this.isOurs(m.body)));
  }

  /** What the subscriber and the connection went through, oldest first, for a failure message. */
  trace(): string {
    const lines = [
      ...this.deliveries.map((d) => ({ at: d.at, text: d.kind === 'resync' ? 'RESYNC' : `${d.type} seq ${d.seq}${d.body ? ` ${d.body}` : ''}` })),
      ...this.states.map((s) => ({ at: s.at, text: `state ${s.state}` })),
    ].sort((a, b) => a.at - b.at);
    const start = lines[0]?.at ?? 0;
    return lines.map((l) => `  +${l.at - start}ms ${l.text}`).join('\n');
  }

  isOurs(body: string): boolean {
    return body.startsWith(`${this.tag}_`);
  }

  async close(): Promise<void> {
    for (const done of [...this.deliveryWaiters.values()]) done(false);
    this.agent?.destroy();
    await this.proxy.close();
    await this.emulator?.close();
  }

  private nextBody(kind: 'v' | 'a'): string {
    return `${this.tag}_${this.streams.length}_${kind}${++this.counter}`;
  }

  private async startEmulator(port: number): Promise<void> {
    this.emulator = await startEmulator({ port, now: this.clock.now, signingSecret: SIGNING_SECRET, ...this.options.emulator });
    this.proxy.setUpstream(this.emulator.port);
    this.streams.push({ index: this.streams.length + 1, store: this.emulator.store, visitors: [] });
  }

  private async connectAgent(): Promise<void> {
    const lifetime = this.options.tokenLifetimeS ?? 60;
    this.agent = await RingnityAgent.create({
      apiBaseUrl: this.proxy.url,
      connectTimeoutMs: this.options.connectTimeoutMs ?? 3_000,
      ...this.options.agent,
      // The CRM backend mints through the Server API, on its own network: not through the proxy.
      getToken: async () => {
        await this.up;
        const minted = await this.post('/api/server/sdk-token/agent', { username: AGENT_USERNAME, scopes: AGENT_SCOPES, expiresIn: lifetime }, SERVER_KEY);
        return minted.token as string;
      },
    });
    this.states.push({ state: this.agent.connection.state, at: Date.now() });
    this.agent.connection.onChange((state) => this.states.push({ state, at: Date.now() }));
    this.agent.on('resync', () => this.record({ kind: 'resync', at: Date.now() }));
    this.agent.on('error', (error) => this.errors.push(error.code));
    const subscribe = this.agent.on.bind(this.agent) as (type: RealtimeEventName, listener: (data: unknown, envelope: AnyRealtimeEnvelope) => void) => void;
    for (const type of REALTIME_EVENTS) {
      if (EPHEMERAL_EVENTS.includes(type)) continue;
      subscribe(type, (data, envelope) => {
        const message = type === 'chat.message.created' ? (data as { message: Message }).message : null;
        this.record({ kind: 'event', type, seq: envelope.seq, body: message?.body ?? null, conversationId: message?.conversationId ?? null, at: Date.now() });
      });
    }
  }

  private record(delivery: Delivery): void {
    this.deliveries.push(delivery);
    for (const check of [...this.deliveryWaiters.keys()]) check();
  }

  private async post(path: string, body: unknown, bearer?: string): Promise<any> {
    const response = await fetch(`${this.emulator.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text);
  }
}
