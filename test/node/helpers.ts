/**
 * Shared helpers for the emulator tests: every test starts its own emulator on a free port and
 * talks to it over real HTTP and real socket.io connections, then closes everything it opened.
 */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { AGENT_SCOPES, type AgentScope } from '../../src/protocol/scopes.js';
import type { AgentTokenResponse } from '../../src/protocol/models.js';
import { ROUTES, routePath, type RouteName, type VisitorSession } from '../../src/protocol/routes.js';
import type { AgentConnectReply, AnyRealtimeEnvelope, SocketError } from '../../src/protocol/socket.js';

export const SERVER_KEY = 'rn_sk_test_demo';
export const READONLY_KEY = 'rn_sk_test_readonly';
export const TENANT_KEY = 'demo-tenant';
export const ALL_SCOPES: readonly AgentScope[] = AGENT_SCOPES;

/** Demo tenant ids, as seeded by `demoSeed`. */
export const AGENT = { one: 'agt_one', two: 'agt_two', three: 'agt_three', lead: 'agt_lead', admin: 'agt_admin' } as const;
export const DEP = { support: 'dep_support', billing: 'dep_billing', sales: 'dep_sales' } as const;

/** A clock the emulator reads; tests move it forward to expire tokens. */
export class TestClock {
  offsetMs = 0;
  readonly now = () => Date.now() + this.offsetMs;
  advanceSeconds(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  /** Sent as it is, instead of `JSON.stringify(body)`. */
  rawBody?: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number>;
}

export interface Harness {
  emulator: RunningEmulator;
  url: string;
  clock: TestClock;
  /** One HTTP request to the emulator, answering the status and the parsed JSON body. */
  call<T = any>(method: string, path: string, options?: CallOptions): Promise<ApiAnswer<T>>;
  /** Mint an agent token through the Server API. */
  mint(username: string, scopes?: readonly string[], expiresIn?: number): Promise<string>;
  mintFull(username: string, scopes?: readonly string[], expiresIn?: number): Promise<AgentTokenResponse>;
  /** An authed client for one agent token. */
  as(token: string): AgentClient;
  /** An authed client for a freshly minted token with every scope. */
  agent(username: string, scopes?: readonly string[]): Promise<AgentClient>;
  /** A socket.io client that the harness closes at the end of the test. */
  socket(): Socket;
  /** A socket that sent `agent.connect` and got a successful ack, recording every event it receives. */
  connectAgent(token: string, overrides?: Record<string, unknown>): Promise<AgentSocket>;
  /** A customer opens a conversation. */
  openVisitor(input?: { name?: string; departmentId?: string; body?: string; subject?: string }): Promise<VisitorSession>;
  /** A visitor socket that sent `visitor.connect`, recording every event it receives. */
  connectVisitor(visitorToken: string): Promise<Recorder>;
  /**
   * Make sure everything published so far reached the given agent sockets: change admin.one's
   * presence and wait until each socket got that event. Socket.io keeps order per socket, so any
   * event published before it has arrived by then.
   */
  barrier(...sockets: AgentSocket[]): Promise<void>;
}

export interface AgentClient {
  token: string;
  get<T = any>(path: string, query?: Record<string, string | number>): Promise<ApiAnswer<T>>;
  post<T = any>(path: string, body?: unknown): Promise<ApiAnswer<T>>;
  put<T = any>(path: string, body?: unknown): Promise<ApiAnswer<T>>;
  del<T = any>(path: string, body?: unknown): Promise<ApiAnswer<T>>;
}

export interface RecordedEvent {
  name: string;
  payload: any;
}

/** Every event a socket received, in order, with a way to wait for the next matching one. */
export class Recorder {
  readonly events: RecordedEvent[] = [];
  private waiters: Array<{ from: number; match: (e: RecordedEvent) => boolean; resolve: (e: RecordedEvent) => void }> = [];

  constructor(readonly socket: Socket) {
    socket.onAny((name: string, payload: unknown) => {
      const event = { name, payload };
      this.events.push(event);
      const index = this.events.length - 1;
      this.waiters = this.waiters.filter((w) => {
        if (index >= w.from && w.match(event)) {
          w.resolve(event);
          return false;
        }
        return true;
      });
    });
  }

  get mark(): number {
    return this.events.length;
  }

  /** The first event from index `from` on that matches; fails the test if none comes within 5 s. */
  waitFor(match: (e: RecordedEvent) => boolean, from = 0, what = 'a matching event'): Promise<RecordedEvent> {
    const found = this.events.slice(from).find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`no ${what} arrived; got ${JSON.stringify(this.events.slice(from).map((e) => e.name))}`));
      }, 5000);
      const done = (e: RecordedEvent) => {
        clearTimeout(timer);
        resolve(e);
      };
      this.waiters.push({ from, match, resolve: done });
    });
  }

  named(name: string): RecordedEvent[] {
    return this.events.filter((e) => e.name === name);
  }

  /** Realtime envelopes received so far. */
  envelopes(): AnyRealtimeEnvelope[] {
    return this.events.filter((e) => e.payload && typeof e.payload === 'object' && 'seq' in e.payload).map((e) => e.payload as AnyRealtimeEnvelope);
  }
}

export interface AgentSocket extends Recorder {
  reply: AgentConnectReply;
}

export type AckResult = [SocketError | null, any];

/** Emit with an acknowledgement and answer its two arguments. */
export function emitWithAck(socket: Socket, event: string, ...args: unknown[]): Promise<AckResult> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no acknowledgement for ${event}`)), 5000);
    socket.emit(event, ...args, (err: SocketError | null, result: unknown) => {
      clearTimeout(timer);
      resolve([err, result]);
    });
  });
}

export function connectPayload(token: string | undefined, claims: { id: string; key: string }, overrides: Record<string, unknown> = {}) {
  return { version: 5, id: claims.id, key: claims.key, ...(token === undefined ? {} : { authToken: token }), deviceType: 'browser', bundleVersion: 'node-test', ...overrides };
}

/** Decode the agent id and tenant key of a token without verifying it. */
export function claimsOf(token: string): { id: string; key: string } {
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string; tkey: string };
  return { id: payload.sub, key: payload.tkey };
}

export function waitForConnect(socket: Socket): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
}

export function waitForDisconnect(socket: Socket): Promise<string> {
  if (socket.disconnected && !socket.active) return Promise.resolve('already disconnected');
  return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

/** Assert the contract's error body and answer it. */
export function assertError(answer: ApiAnswer, status: number, code: string, field?: string): { code: string; message: string; status: number; field?: string } {
  assert.equal(answer.status, status, `expected ${status} ${code}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  assert.ok(answer.body && typeof answer.body === 'object' && 'error' in answer.body, `no error body: ${JSON.stringify(answer.body)}`);
  const error = answer.body.error;
  assert.deepEqual(Object.keys(answer.body), ['error']);
  assert.equal(error.code, code);
  assert.equal(error.status, status);
  assert.equal(typeof error.message, 'string');
  assert.ok(error.message.length > 0);
  for (const key of Object.keys(error)) assert.ok(['code', 'message', 'status', 'field'].includes(key), `unexpected key ${key} in the error body`);
  if (field === undefined) {
    assert.equal(error.field, undefined, `expected no field, got ${error.field}`);
  } else {
    assert.equal(error.field, field, `expected field ${field}: ${error.message}`);
    // Malformed input names the field in the message too, so a developer reading a log sees it.
    if (status === 400) assert.ok(error.message.includes(field), `the message should name ${field}: ${error.message}`);
  }
  return error;
}

/** Start an emulator for one test and close it, with every socket the test opened, when the test ends. */
export async function setup(t: TestContext, options: EmulatorOptions = {}): Promise<Harness> {
  const clock = new TestClock();
  const emulator = await startEmulator({ port: 0, now: clock.now, ...options });
  const sockets: Socket[] = [];
  t.after(async () => {
    for (const s of sockets) s.disconnect();
    await emulator.close();
  });
  const url = emulator.url;

  const call = async <T = any>(method: string, path: string, options: CallOptions = {}): Promise<ApiAnswer<T>> => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    const query = options.query ? `?${new URLSearchParams(Object.entries(options.query).map(([k, v]) => [k, String(v)]))}` : '';
    const response = await fetch(`${url}${path}${query}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Leave non-JSON answers as text; a test that expects JSON fails on them.
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  };

  const mintFull = async (username: string, scopes: readonly string[] = ALL_SCOPES, expiresIn?: number) => {
    const answer = await call<AgentTokenResponse>('POST', '/api/server/sdk-token/agent', {
      headers: { Authorization: `Bearer ${SERVER_KEY}` },
      body: { username, scopes, ...(expiresIn === undefined ? {} : { expiresIn }) },
    });
    assert.equal(answer.status, 200, `minting a token for ${username} failed: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const mint = async (username: string, scopes?: readonly string[], expiresIn?: number) => (await mintFull(username, scopes, expiresIn)).token;

  const as = (token: string): AgentClient => ({
    token,
    get: (path, query) => call('GET', path, { token, ...(query ? { query } : {}) }),
    post: (path, body) => call('POST', path, { token, body: body ?? {} }),
    put: (path, body) => call('PUT', path, { token, body: body ?? {} }),
    del: (path, body) => call('DELETE', path, { token, body: body ?? {} }),
  });

  const socket = () => {
    const s = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(s);
    return s;
  };

  const connectAgent = async (token: string, overrides: Record<string, unknown> = {}): Promise<AgentSocket> => {
    const s = socket();
    const recorder = new Recorder(s) as AgentSocket;
    await waitForConnect(s);
    const [err, reply] = await emitWithAck(s, 'agent.connect', connectPayload(token, claimsOf(token), overrides));
    assert.equal(err, null, `agent.connect failed: ${JSON.stringify(err)}`);
    recorder.reply = reply as AgentConnectReply;
    return recorder;
  };

  const openVisitor = async (input: { name?: string; departmentId?: string; body?: string; subject?: string } = {}) => {
    const answer = await call<VisitorSession>('POST', '/api/visitor/conversations', { body: { tenantKey: TENANT_KEY, name: input.name ?? 'Test Visitor', ...input } });
    assert.equal(answer.status, 201, `opening a visitor conversation failed: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  const connectVisitor = async (visitorToken: string) => {
    const s = socket();
    const recorder = new Recorder(s);
    await waitForConnect(s);
    const [err] = await emitWithAck(s, 'visitor.connect', { token: visitorToken });
    assert.equal(err, null, `visitor.connect failed: ${JSON.stringify(err)}`);
    return recorder;
  };

  let pinger: string | null = null;
  const statuses = ['online', 'busy', 'offline'] as const;
  let turn = emulator.store.agents.get(AGENT.admin)!.presence === 'online' ? 1 : 0;
  const barrier = async (...agentSockets: AgentSocket[]) => {
    pinger ??= await mint('admin.one', ['agent:presence:write', 'agent:presence:read']);
    let status = statuses[turn++ % statuses.length]!;
    if (emulator.store.agents.get(AGENT.admin)!.presence === status) status = statuses[turn++ % statuses.length]!;
    const marks = agentSockets.map((s) => s.mark);
    const answer = await call('PUT', '/api/agent/presence', { token: pinger, body: { status } });
    assert.equal(answer.status, 200);
    await Promise.all(
      agentSockets.map((s, i) =>
        s.waitFor((e) => e.name === 'agent.presence.updated' && e.payload.data.agentId === AGENT.admin && e.payload.data.status === status, marks[i], 'barrier event'),
      ),
    );
  };

  return {
    emulator,
    url,
    clock,
    call,
    mint,
    mintFull,
    as,
    agent: async (username, scopes) => as(await mint(username, scopes)),
    socket,
    connectAgent,
    openVisitor,
    connectVisitor,
    barrier,
  };
}

/** Events that matter for a conversation, by name. */
export const about = (conversationId: string) => (e: RecordedEvent) =>
  e.payload?.data?.conversationId === conversationId || e.payload?.data?.conversation?.conversationId === conversationId || e.payload?.conversationId === conversationId;

export const conv = (id: string) => `/api/agent/conversations/${id}`;

export type AgentRoute = { [K in RouteName]: (typeof ROUTES)[K]['auth'] extends 'agent' ? K : never }[RouteName];
export const AGENT_ROUTES = (Object.keys(ROUTES) as RouteName[]).filter((name): name is AgentRoute => ROUTES[name].auth === 'agent');

/** A request that succeeds for agent.one on a fresh demo tenant, for every agent route. */
export function sampleRequest(name: AgentRoute): { path: string; body?: unknown; query?: Record<string, string> } {
  const mine = { conversationId: 'cnv_assigned1' };
  switch (name) {
    case 'profile':
    case 'directory':
    case 'getPresence':
      return { path: routePath(name) };
    case 'setPresence':
      return { path: routePath(name), body: { status: 'online' } };
    case 'listConversations':
      return { path: routePath(name), query: { status: 'all', limit: '5' } };
    case 'getConversation':
    case 'listMessages':
      return { path: routePath(name, mine) };
    case 'reply':
      return { path: routePath(name, mine), body: { body: 'Hello from the test' } };
    case 'markRead':
      return { path: routePath(name, mine), body: { messageId: 'msg_0004' } };
    case 'accept':
      return { path: routePath(name, { conversationId: 'cnv_queueSupport' }), body: { reason: 'Taking it' } };
    case 'assign':
      return { path: routePath(name, mine), body: { assignedAgentId: AGENT.three, reason: 'Handing over' } };
    case 'transfer':
      return { path: routePath(name, mine), body: { departmentId: DEP.billing, reason: 'Billing matter' } };
    case 'close':
      return { path: routePath(name, mine), body: { reason: 'Solved' } };
    case 'deleteAttachment':
      return { path: routePath(name, { conversationId: 'cnv_assigned1', messageId: 'msg_0001' }), body: { reason: 'Customer asked' } };
    case 'listCalls':
      return { path: routePath(name), query: { limit: '5' } };
    case 'events':
      return { path: routePath(name), query: { after: '0' } };
    default:
      throw new Error(`no sample request for the agent route ${String(name)}: add one so that it is covered`);
  }
}

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every 10 ms until it gives a truthy value; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await delay(10);
  }
}

/** Plays a page whose policy forbids WebSockets: the constructor throws, as a browser's does. Undone after the test. */
export function refuseWebSockets(t: TestContext): void {
  const available = globalThis.WebSocket;
  globalThis.WebSocket = class {
    constructor() {
      throw new DOMException('Refused by the page policy', 'SecurityError');
    }
  } as unknown as typeof WebSocket;
  t.after(() => (globalThis.WebSocket = available));
}
