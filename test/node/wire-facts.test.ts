/**
 * Each wire fact is written once in src/protocol/, and every side reads it from there. These tests
 * check that where it shows at run time: a token signed by the emulator, minted through the server
 * helper, is read by the SDK and by the emulator through the same claim table; every event the
 * emulator publishes has a scope in the protocol's table, and the SDK's `canReceive` agrees with
 * what the emulator sends; every socket error the emulator acks maps to a code the SDK documents;
 * and the emulator keeps threads and lists in the protocol's order.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { WebSocket as NodeWebSocket } from 'ws';
import { RingnityAgent } from '../../src/sdk/agent.js';
import { decodeAgentToken } from '../../src/sdk/token.js';
import { resolveApiBaseUrl } from '../../src/sdk/defaults.js';
import { createAgentToken, DEFAULT_API_BASE_URL } from '../../src/server/index.js';
import {
  AGENT_TOKEN_AUDIENCE,
  AGENT_TOKEN_CLAIMS,
  ERROR_STATUS,
  PRODUCTION_API_BASE_URL,
  REALTIME_EVENTS,
  REALTIME_EVENT_SCOPES,
  REALTIME_READ_SCOPES,
  SOCKET_ERROR_TYPES,
  byActivity,
  byMessageOrder,
  codeOfSocketError,
  codeOfSocketErrorType,
  defaultApiBaseUrl,
  isApiErrorCode,
  readAgentTokenClaims,
  readErrorBody,
  socketErrorTypeOf,
  type ApiErrorCode,
  type AgentScope,
  type Conversation,
  type Message,
  type RealtimeEventName,
} from '../../src/protocol/index.js';
import { AGENT, SERVER_KEY, TENANT_KEY, claimsOf, emitWithAck, setup, waitForConnect, type AckResult } from './helpers.js';

globalThis.WebSocket ??= NodeWebSocket as unknown as typeof WebSocket;

const SECRET = 'wire-facts-signing-secret';

function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('wire facts: agent token claims', () => {
  it('a token minted through the server helper carries exactly the claim table, and the SDK and the emulator read it alike', async (t) => {
    const h = await setup(t, { signingSecret: SECRET });
    const scopes: AgentScope[] = ['agent:profile:read', 'agent:presence:read'];
    const { token } = await createAgentToken({ apiBaseUrl: h.url, serverApiKey: SERVER_KEY, username: 'agent.one', scopes });
    const payload = payloadOf(token);
    const { iss, aud, ...claims } = payload;
    assert.equal(typeof iss, 'string');
    assert.equal(aud, AGENT_TOKEN_AUDIENCE);
    assert.deepEqual(Object.keys(claims).sort(), Object.keys(AGENT_TOKEN_CLAIMS).sort());

    const read = readAgentTokenClaims(payload);
    assert.ok(read);
    assert.deepEqual(decodeAgentToken(token), read);
    assert.equal(read.sub, AGENT.one);
    assert.equal(read.tkey, TENANT_KEY);
    assert.deepEqual(read.scp, scopes);

    const profile = await h.as(token).get('/api/agent/profile');
    assert.equal(profile.status, 200);
    assert.equal(profile.body.agent.id, read.sub);
  });

  it('a signed token missing any one claim is refused by the emulator and by the SDK', async (t) => {
    const h = await setup(t, { signingSecret: SECRET });
    const good = payloadOf(await h.mint('agent.one', ['agent:profile:read']));
    const sign = (payload: Record<string, unknown>) => new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(SECRET));

    // The control: the same payload, signed here, is accepted, so only the missing claim can be why.
    const resigned = await sign(good);
    assert.equal((await h.as(resigned).get('/api/agent/profile')).status, 200);
    assert.ok(decodeAgentToken(resigned));

    for (const claim of Object.keys(AGENT_TOKEN_CLAIMS)) {
      const { [claim]: _dropped, ...rest } = good;
      const token = await sign(rest);
      const answer = await h.as(token).get('/api/agent/profile');
      assert.equal(answer.status, 401, `the emulator took a token without ${claim}`);
      assert.equal(readErrorBody(answer.body)?.code, 'AGENT_SDK_TOKEN_INVALID');
      assert.throws(() => decodeAgentToken(token), { code: 'AGENT_SDK_TOKEN_INVALID' }, `the SDK took a token without ${claim}`);
    }
  });
});

describe('wire facts: event scopes', () => {
  it('every event the emulator publishes has a scope, and an agent gets exactly what canReceive says', async (t) => {
    const h = await setup(t);
    const published = new Set<RealtimeEventName>();
    t.after(h.emulator.store.hub.subscribe((head) => void published.add(head.type)));

    const partial: AgentScope[] = ['agent:presence:read', 'agent:profile:read'];
    const narrow = await RingnityAgent.create({ token: await h.mint('agent.three', partial), apiBaseUrl: h.url, connectTimeoutMs: 3_000 });
    t.after(() => narrow.destroy());
    const wide = await RingnityAgent.create({ token: await h.mint('agent.one'), apiBaseUrl: h.url, connectTimeoutMs: 3_000 });
    t.after(() => wide.destroy());
    const heard = { narrow: new Set<string>(), wide: new Set<string>() };
    for (const name of REALTIME_EVENTS) {
      t.after(narrow.on(name, () => void heard.narrow.add(name)));
      t.after(wide.on(name, () => void heard.wide.add(name)));
    }

    // A customer writes, an agent answers and changes presence: events of three scopes.
    const session = await h.openVisitor({ departmentId: 'dep_support' });
    await h.call('POST', `/api/visitor/conversations/${session.conversationId}/messages`, { token: session.visitorToken, body: { body: 'Hello' } });
    await wide.conversations.reply(session.conversationId, { body: 'Hi there' });
    await wide.presence.set('busy');
    await until(() => heard.narrow.has('agent.presence.updated') && heard.wide.has('chat.message.created') && heard.wide.has('agent.presence.updated'));

    assert.ok(published.size >= 3, `only ${[...published].join(', ')} published`);
    for (const name of published) assert.ok(REALTIME_EVENT_SCOPES[name], `${name} has no scope in protocol`);
    assert.deepEqual([...REALTIME_READ_SCOPES].sort(), [...new Set(Object.values(REALTIME_EVENT_SCOPES))].sort());
    for (const name of REALTIME_EVENTS) assert.equal(narrow.canReceive(name), partial.includes(REALTIME_EVENT_SCOPES[name]), name);
    for (const name of heard.narrow) assert.ok(narrow.canReceive(name as RealtimeEventName), `${name} reached a token that cannot read it`);
    for (const name of heard.wide) assert.ok(wide.canReceive(name as RealtimeEventName));
    assert.ok(!narrow.canReceive('chat.message.created'));
  });
});

describe('wire facts: socket and REST errors', () => {
  it('every socket error type and every API code maps both ways through the one table', () => {
    for (const type of SOCKET_ERROR_TYPES) assert.ok(isApiErrorCode(codeOfSocketErrorType(type)), type);
    for (const code of Object.keys(ERROR_STATUS) as ApiErrorCode[]) {
      const type = socketErrorTypeOf(code);
      assert.ok(SOCKET_ERROR_TYPES.includes(type));
      assert.equal(codeOfSocketError({ type, code }), code);
    }
    // A code the client does not know (or a key of Object.prototype) falls back to the type's code.
    assert.equal(codeOfSocketError({ type: 'forbidden', code: 'toString' }), 'AGENT_SDK_SCOPE_DENIED');
    assert.equal(codeOfSocketError({ type: 'whatever' }), 'AGENT_SDK_INVALID_REQUEST');
    assert.equal(codeOfSocketError({ type: 'toString' }), 'AGENT_SDK_INVALID_REQUEST');
  });

  it('every error the emulator acks carries a type and code the SDK maps to a documented code', async (t) => {
    const h = await setup(t);
    const token = await h.mint('agent.one');
    const acks: [string, AckResult][] = [];
    const fresh = async () => {
      const s = h.socket();
      await waitForConnect(s);
      return s;
    };
    const claims = claimsOf(token);
    const base = { id: claims.id, key: claims.key, authToken: token, version: 5, bundleVersion: 'wire-facts' };
    let s = await fresh();
    acks.push(['bad version', await emitWithAck(s, 'agent.connect', { ...base, version: 1 })]);
    s = await fresh();
    acks.push(['bad token', await emitWithAck(s, 'agent.connect', { ...base, authToken: `${token}x` })]);
    s = await fresh();
    acks.push(['malformed', await emitWithAck(s, 'agent.connect', { id: 5 })]);
    const agent = await h.connectAgent(await h.mint('agent.one'));
    acks.push(['unknown call', await emitWithAck(agent.socket, 'call.accept', { callId: 'call_nothere' })]);
    acks.push(['malformed call request', await emitWithAck(agent.socket, 'call.accept', { callId: 5 })]);

    for (const [what, [error]] of acks) {
      assert.ok(error, `${what} was not refused`);
      assert.ok(SOCKET_ERROR_TYPES.includes(error.type), `${what}: type ${error.type}`);
      if (error.code !== undefined) {
        assert.ok(isApiErrorCode(error.code), `${what}: code ${error.code}`);
        assert.equal(socketErrorTypeOf(error.code), error.type, `${what}: ${error.code} acked as ${error.type}`);
      }
      assert.ok(isApiErrorCode(codeOfSocketError(error)), what);
    }
  });

  it('every REST error body reads through the one reader into a documented code', async (t) => {
    const h = await setup(t);
    const answers = [
      await h.call('GET', '/api/agent/profile'),
      await h.call('GET', '/api/agent/profile', { token: 'nonsense' }),
      await h.call('GET', '/api/agent/nothing-here', { token: await h.mint('agent.one') }),
      await h.call('POST', '/api/server/sdk-token/agent', { headers: { Authorization: `Bearer ${SERVER_KEY}` }, body: { username: '' } }),
    ];
    for (const answer of answers) {
      const error = readErrorBody(answer.body);
      assert.ok(error, JSON.stringify(answer.body));
      assert.ok(isApiErrorCode(error.code), error.code);
      assert.equal(error.status, answer.status);
      assert.equal(ERROR_STATUS[error.code as ApiErrorCode], answer.status);
    }
  });
});

describe('wire facts: order', () => {
  it('the emulator keeps a thread in the protocol order even when messages share a timestamp', async (t) => {
    const frozen = Date.now();
    const h = await setup(t, { now: () => frozen });
    const session = await h.openVisitor({ departmentId: 'dep_support' });
    const lead = await h.agent('lead.one');
    for (let i = 0; i < 12; i++) assert.equal((await lead.post(`/api/agent/conversations/${session.conversationId}/messages`, { body: `m${i}` })).status, 201);
    const page = await lead.get<{ messages: Message[] }>(`/api/agent/conversations/${session.conversationId}/messages`, { limit: 100 });
    const bodies = page.body.messages.map((m) => m.body);
    assert.deepEqual(
      bodies,
      [...page.body.messages].sort(byMessageOrder).map((m) => m.body),
    );
    assert.deepEqual(
      bodies.slice(-12),
      Array.from({ length: 12 }, (_, i) => `m${i}`),
      'sending order is kept',
    );
  });

  it('the emulator lists conversations in the protocol order', async (t) => {
    const h = await setup(t);
    const lead = await h.agent('lead.one');
    const list = (await lead.get<{ conversations: Conversation[] }>('/api/agent/conversations', { status: 'all', limit: 100 })).body.conversations;
    assert.ok(list.length > 3);
    assert.deepEqual(list, [...list].sort(byActivity));
  });
});

describe('wire facts: the default API URL', () => {
  it('the SDK, the server helper and protocol name the same API', () => {
    assert.equal(defaultApiBaseUrl(), PRODUCTION_API_BASE_URL);
    assert.equal(resolveApiBaseUrl(undefined), PRODUCTION_API_BASE_URL);
    assert.equal(DEFAULT_API_BASE_URL, PRODUCTION_API_BASE_URL);
  });
});

/** Waits for a condition that events make true; fails after 10 s (a bound, not a timing assertion). */
async function until(test: () => boolean): Promise<void> {
  for (let waited = 0; !test(); waited += 20) {
    if (waited > 10_000) throw new Error('timed out waiting for events');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
