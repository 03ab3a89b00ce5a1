/**
 * The agent socket protocol of seed 004, spoken by a plain socket.io client: agent.connect,
 * agent.logout, agent.track_visitors and chat.typing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from '../../src/emulator/index.js';
import { io } from 'socket.io-client';
import {
  AGENT,
  DEP,
  Recorder,
  SERVER_KEY,
  about,
  claimsOf,
  connectPayload,
  emitWithAck,
  setup,
  waitForConnect,
  waitForDisconnect,
  type AgentSocket,
  type Harness,
} from './helpers.js';

async function rawSocket(h: Harness) {
  const socket = h.socket();
  const recorder = new Recorder(socket);
  await waitForConnect(socket);
  return recorder;
}

/**
 * `agent.track_visitors` has no acknowledgement. The server handles one socket's packets in order,
 * so an acknowledged request sent after it (here a repeated agent.connect, which keeps the setting)
 * proves the setting was applied.
 */
async function trackVisitors(h: Harness, s: AgentSocket, token: string, enabled: boolean) {
  s.socket.emit('agent.track_visitors', enabled);
  const [err] = await emitWithAck(s.socket, 'agent.connect', connectPayload(token, claimsOf(token)));
  assert.equal(err, null);
}

describe('agent.connect', () => {
  it('acks (null, { serverVersion, agent, account: { agents, groups }, lastSeq })', async (t) => {
    const h = await setup(t);
    const token = await h.mint('agent.one');
    const s = await rawSocket(h);
    const [err, reply] = await emitWithAck(s.socket, 'agent.connect', {
      version: 5,
      id: AGENT.one,
      key: 'demo-tenant',
      authToken: token,
      deviceType: 'browser',
      bundleVersion: 'node-test (1.0.0)',
    });
    assert.equal(err, null);
    assert.equal(typeof reply.serverVersion, 'number');
    assert.equal(reply.lastSeq, 0);
    assert.equal(reply.streamId, h.emulator.store.hub.streamId);
    assert.match(reply.streamId, /^[A-Za-z0-9_-]{16}$/);
    assert.equal(reply.agent.id, AGENT.one);
    assert.equal(reply.agent.nickname, 'agent.one');
    assert.equal(reply.agent.fullname, 'Alex One');
    assert.equal(reply.agent.email, 'agent.one@demo.example');
    assert.equal(reply.agent.status, 'offline');
    assert.equal(reply.agent.disabled, false);
    assert.equal(reply.agent.role, 'agent');
    assert.equal(reply.agent.departmentId, DEP.support);
    assert.deepEqual(reply.agent.groups, [DEP.support]);
    assert.equal(typeof reply.agent.connectedAt, 'string');
    assert.deepEqual(reply.account.groups, [
      { key: DEP.support, name: 'Support' },
      { key: DEP.billing, name: 'Billing' },
      { key: DEP.sales, name: 'Sales' },
    ]);
    assert.deepEqual(reply.account.agents.map((a: any) => a.id).sort(), Object.values(AGENT).sort());
    for (const a of reply.account.agents) {
      assert.deepEqual(Object.keys(a).sort(), ['avatar', 'description', 'fullname', 'groups', 'id', 'nickname', 'status']);
    }
    assert.equal(h.emulator.agentSocketCount(), 1);
  });

  it('accepts the legacy authtoken spelling', async (t) => {
    const h = await setup(t);
    const token = await h.mint('agent.two');
    const s = await rawSocket(h);
    const [err, reply] = await emitWithAck(s.socket, 'agent.connect', connectPayload(undefined, claimsOf(token), { authtoken: token }));
    assert.equal(err, null);
    assert.equal(reply.agent.id, AGENT.two);
  });

  it('lastSeq tells a connecting client the last event meant for it', async (t) => {
    const h = await setup(t);
    const token = await h.mint('agent.one');
    await h.openVisitor({ departmentId: DEP.support, body: 'Before connecting' });
    const events = await h.as(token).get('/api/agent/events', { after: 0 });
    const s = await h.connectAgent(token);
    assert.ok(events.body.lastSeq > 0);
    assert.equal(s.reply.lastSeq, events.body.lastSeq);
  });

  const failures: Array<[string, (h: Harness) => Promise<Record<string, unknown>>]> = [
    ['a garbage token', async (h) => connectPayload('garbage', claimsOf(await h.mint('agent.one')))],
    ['a missing token', async (h) => connectPayload(undefined, claimsOf(await h.mint('agent.one')))],
    [
      'an expired token',
      async (h) => {
        const token = await h.mint('agent.one', undefined, 60);
        h.clock.advanceSeconds(61);
        return connectPayload(token, claimsOf(token));
      },
    ],
    ['an id that is not the token agent', async (h) => connectPayload(await h.mint('agent.one'), { id: AGENT.two, key: 'demo-tenant' })],
    ['a key that is not the token tenant', async (h) => connectPayload(await h.mint('agent.one'), { id: AGENT.one, key: 'other-tenant' })],
    [
      'a token signed by another emulator',
      async () => {
        const other = await startEmulator({ port: 0 });
        try {
          const answer = await fetch(`${other.url}/api/server/sdk-token/agent`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${SERVER_KEY}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ username: 'agent.one', scopes: ['agent:profile:read'] }),
          });
          const { token } = (await answer.json()) as { token: string };
          return connectPayload(token, claimsOf(token));
        } finally {
          await other.close();
        }
      },
    ],
  ];

  for (const [label, payload] of failures) {
    it(`acks ({ message, event: 'agent.connect', type: 'auth_failure' }, null) for ${label}`, async (t) => {
      const h = await setup(t);
      const body = await payload(h);
      const s = await rawSocket(h);
      const [err, result] = await emitWithAck(s.socket, 'agent.connect', body);
      assert.equal(result, null);
      assert.ok(err);
      assert.deepEqual(Object.keys(err).sort(), ['event', 'message', 'type']);
      assert.equal(err.event, 'agent.connect');
      assert.equal(err.type, 'auth_failure');
      assert.equal(typeof err.message, 'string');
      assert.equal(h.emulator.agentSocketCount(), 0);
      // The socket stays silent afterwards.
      await h.openVisitor({ departmentId: DEP.support, body: 'Anyone?' });
      const watcher = await h.connectAgent(await h.mint('agent.one'));
      await h.barrier(watcher);
      // An acknowledged request on the failed socket itself: anything sent to it earlier has arrived by its ack.
      const [logoutErr] = await emitWithAck(s.socket, 'agent.logout', {});
      assert.equal(logoutErr?.type, 'not_found');
      assert.deepEqual(s.events, []);
    });
  }

  it('refuses a protocol version other than 5 and a malformed payload', async (t) => {
    const h = await setup(t);
    const token = await h.mint('agent.one');
    const s = await rawSocket(h);
    const [versionErr] = await emitWithAck(s.socket, 'agent.connect', connectPayload(token, claimsOf(token), { version: 4 }));
    assert.equal(versionErr?.type, 'unsupported_version');
    const [shapeErr] = await emitWithAck(s.socket, 'agent.connect', { version: 5, id: 42 });
    assert.equal(shapeErr?.type, 'invalid_request');
    assert.equal(shapeErr?.event, 'agent.connect');
    assert.equal(h.emulator.agentSocketCount(), 0);
  });

  it('a socket that has not sent agent.connect receives no realtime event', async (t) => {
    const h = await setup(t);
    const token = await h.mint('agent.one');
    const silent = await rawSocket(h);
    const watcher = await h.connectAgent(token);
    const visitor = await h.openVisitor({ departmentId: DEP.support, body: 'Hello' });
    await h.call('POST', `/api/visitor/conversations/${visitor.conversationId}/messages`, { token: visitor.visitorToken, body: { body: 'Hello again' } });
    await h.barrier(watcher);
    assert.ok(
      watcher.events.some((e) => e.name === 'chat.message.created' && about(visitor.conversationId)(e)),
      'a connected agent got the messages',
    );
    // Now the silent socket connects: the first thing it may receive is what happens after its ack.
    const [err] = await emitWithAck(silent.socket, 'agent.connect', connectPayload(token, claimsOf(token)));
    assert.equal(err, null);
    assert.equal(silent.events.length, 0, 'nothing arrived before agent.connect');
    await h.barrier(silent as AgentSocket);
    assert.deepEqual(
      silent.events.map((e) => e.name),
      ['agent.presence.updated'],
    );
  });

  it('an expired session gets agent.session.expired and stops receiving events until it reconnects', async (t) => {
    const h = await setup(t);
    const short = await h.mint('agent.one', undefined, 1);
    const s = await h.connectAgent(short);
    const expired = await s.waitFor((e) => e.name === 'agent.session.expired', 0, 'agent.session.expired');
    assert.equal(typeof expired.payload.message, 'string');
    assert.equal(h.emulator.agentSocketCount(), 0);
    const fresh = await h.mint('agent.one');
    const [err] = await emitWithAck(s.socket, 'agent.connect', connectPayload(fresh, claimsOf(fresh)));
    assert.equal(err, null);
    assert.equal(h.emulator.agentSocketCount(), 1);
  });

  it('a session whose token expired on the emulator clock gets agent.session.expired instead of the next event', async (t) => {
    const h = await setup(t);
    const s = await h.connectAgent(await h.mint('agent.one', undefined, 600));
    h.clock.advanceSeconds(601);
    const visitor = await h.openVisitor({ departmentId: DEP.support, body: 'After expiry' });
    await s.waitFor((e) => e.name === 'agent.session.expired', 0, 'agent.session.expired');
    assert.equal(s.events.filter(about(visitor.conversationId)).length, 0);
    assert.equal(h.emulator.agentSocketCount(), 0);
    // Afterwards the socket is silent until it connects again.
    const [err] = await emitWithAck(s.socket, 'agent.logout', {});
    assert.equal(err?.type, 'not_found');
    assert.deepEqual(
      s.events.map((e) => e.name),
      ['agent.session.expired'],
    );
  });
});

describe('agent.logout', () => {
  it('acks (null, true), then the server disconnects and no more events arrive', async (t) => {
    const h = await setup(t);
    const s = await h.connectAgent(await h.mint('agent.one'));
    const disconnected = waitForDisconnect(s.socket);
    const [err, result] = await emitWithAck(s.socket, 'agent.logout', { deviceType: 'browser' });
    assert.equal(err, null);
    assert.equal(result, true);
    assert.equal(await disconnected, 'io server disconnect');
    assert.equal(h.emulator.agentSocketCount(), 0);
    const before = s.events.length;
    const watcher = await h.connectAgent(await h.mint('agent.three'));
    await h.openVisitor({ departmentId: DEP.support, body: 'After logout' });
    await h.barrier(watcher);
    assert.equal(s.events.length, before);
  });

  it('acks a not_found error before agent.connect', async (t) => {
    const h = await setup(t);
    const s = await rawSocket(h);
    const [err, result] = await emitWithAck(s.socket, 'agent.logout', {});
    assert.deepEqual(err, { message: 'Agent not found', event: 'agent.logout', type: 'not_found' });
    assert.equal(result, null);
    assert.ok(s.socket.connected, 'the socket stays open');
  });

  it('accepts a logout without payload', async (t) => {
    const h = await setup(t);
    const s = await h.connectAgent(await h.mint('agent.one'));
    const [err, result] = await new Promise<[unknown, unknown]>((resolve) => s.socket.emit('agent.logout', (e: unknown, r: unknown) => resolve([e, r])));
    assert.equal(err, null);
    assert.equal(result, true);
  });
});

describe('agent.track_visitors', () => {
  it('a bare boolean turns visitor.connected on and off for visitors outside the agent sight', async (t) => {
    const h = await setup(t);
    const token = await h.mint('agent.two');
    const two = await h.connectAgent(token);
    const one = await h.connectAgent(await h.mint('agent.one'));

    const first = await h.openVisitor({ departmentId: DEP.support, name: 'First Visitor', body: 'hi' });
    await h.connectVisitor(first.visitorToken);
    const seen = await one.waitFor((e) => e.name === 'visitor.connected' && e.payload.data.visitorId === first.visitorId);
    // An agent who sees the conversation is told who and where.
    assert.deepEqual(seen.payload.data, { visitorId: first.visitorId, name: 'First Visitor', conversationId: first.conversationId });
    await h.barrier(two);
    assert.equal(two.named('visitor.connected').length, 0, 'tracking is off by default');

    await trackVisitors(h, two, token, true);
    const second = await h.openVisitor({ departmentId: DEP.support, name: 'Second Visitor', body: 'hi' });
    await h.connectVisitor(second.visitorToken);
    const got = await two.waitFor((e) => e.name === 'visitor.connected' && e.payload.data.visitorId === second.visitorId);
    // Tracking shows that a visitor is on the site, never whose conversation it is.
    assert.deepEqual(got.payload.data, { visitorId: second.visitorId });
    assert.ok(!JSON.stringify(got.payload).includes('Second Visitor'));
    assert.ok(!JSON.stringify(got.payload).includes(second.conversationId));
    assert.equal(got.payload.ephemeral, true);
    assert.equal(two.named('chat.message.created').filter(about(second.conversationId)).length, 0, 'tracking does not widen message visibility');

    await trackVisitors(h, two, token, false);
    const third = await h.openVisitor({ departmentId: DEP.support, name: 'Third Visitor', body: 'hi' });
    await h.connectVisitor(third.visitorToken);
    await h.barrier(two);
    assert.ok(!two.events.some((e) => e.name === 'visitor.connected' && e.payload.data.visitorId === third.visitorId));
  });

  it('trackVisitors in agent.connect sets the same flag; non-booleans are ignored', async (t) => {
    const h = await setup(t);
    const token = await h.mint('agent.two');
    const two = await h.connectAgent(token, { trackVisitors: true });
    two.socket.emit('agent.track_visitors', 'no');
    two.socket.emit('agent.track_visitors', { enabled: false });
    const [err] = await emitWithAck(two.socket, 'agent.connect', connectPayload(token, claimsOf(token)));
    assert.equal(err, null);
    const visitor = await h.openVisitor({ departmentId: DEP.sales, body: 'hi' });
    const visitorSocket = await h.connectVisitor(visitor.visitorToken);
    await two.waitFor((e) => e.name === 'visitor.connected' && e.payload.data.visitorId === visitor.visitorId);
    visitorSocket.socket.disconnect();
    await two.waitFor((e) => e.name === 'visitor.disconnected' && e.payload.data.visitorId === visitor.visitorId);
  });
});

describe('chat.typing', () => {
  async function typingSetup(t: Parameters<typeof setup>[0]) {
    const h = await setup(t);
    const token = await h.mint('agent.one');
    const agent = await h.connectAgent(token);
    const visitor = await h.openVisitor({ departmentId: DEP.support, body: 'Waiting for an answer' });
    const visitorSocket = await h.connectVisitor(visitor.visitorToken);
    return { h, agent, visitor, visitorSocket };
  }

  it('{ chatId, visitorId, typing: { is } } reaches the visitor as chat.typing.started and stopped', async (t) => {
    const { h, agent, visitor, visitorSocket } = await typingSetup(t);
    const three = await h.connectAgent(await h.mint('agent.three'));
    agent.socket.emit('chat.typing', { chatId: visitor.conversationId, visitorId: visitor.visitorId, typing: { is: true } });
    const started = await visitorSocket.waitFor((e) => e.name === 'chat.typing.started');
    assert.deepEqual(started.payload, { conversationId: visitor.conversationId, by: { type: 'agent', name: 'Alex One' } });
    agent.socket.emit('chat.typing', { chatId: visitor.conversationId, visitorId: visitor.visitorId, typing: { is: false } });
    const stopped = await visitorSocket.waitFor((e) => e.name === 'chat.typing.stopped');
    assert.deepEqual(stopped.payload, { conversationId: visitor.conversationId, by: { type: 'agent', name: 'Alex One' } });
    // Colleagues who see the conversation learn it too; the typist does not hear themself.
    const colleague = await three.waitFor((e) => e.name === 'chat.typing.started' && about(visitor.conversationId)(e));
    assert.deepEqual(colleague.payload.data.by, { type: 'agent', id: AGENT.one, name: 'Alex One' });
    await h.barrier(agent);
    assert.equal(agent.named('chat.typing.started').length, 0);
  });

  it('ignores invalid payloads and conversations the agent may not type in', async (t) => {
    const { h, agent, visitor, visitorSocket } = await typingSetup(t);
    const billing = await h.openVisitor({ departmentId: DEP.billing, body: 'Billing' });
    const billingSocket = await h.connectVisitor(billing.visitorToken);
    const valid = { chatId: visitor.conversationId, visitorId: visitor.visitorId, typing: { is: false } };
    const invalid: unknown[] = [
      undefined,
      'typing',
      true,
      {},
      { ...valid, typing: undefined },
      { ...valid, typing: { is: 'yes' } },
      { ...valid, typing: true },
      { ...valid, chatId: 'not-a-conversation' },
      { ...valid, chatId: 42 },
      { ...valid, visitorId: undefined },
      { ...valid, visitorId: '' },
      { ...valid, visitorId: 'vis_someoneelse' },
      { ...valid, chatId: 'cnv_doesnotexist' },
      { chatId: billing.conversationId, visitorId: billing.visitorId, typing: { is: false } },
    ];
    for (const payload of invalid) agent.socket.emit('chat.typing', payload);
    agent.socket.emit('chat.typing', { ...valid, typing: { is: true } });
    await visitorSocket.waitFor((e) => e.name === 'chat.typing.started');
    assert.deepEqual(
      visitorSocket.events.filter((e) => e.name.startsWith('chat.typing')).map((e) => e.name),
      ['chat.typing.started'],
    );
    // The Billing visitor's typing events would have been emitted before the valid one.
    await h.call('POST', `/api/visitor/conversations/${billing.conversationId}/messages`, { token: billing.visitorToken, body: { body: 'sync' } });
    await billingSocket.waitFor((e) => e.name === 'chat.message.created' && e.payload.message.body === 'sync');
    assert.equal(billingSocket.events.filter((e) => e.name.startsWith('chat.typing')).length, 0);
    assert.ok(agent.socket.connected, 'invalid payloads do not break the connection');
  });

  it('is ignored from a socket that has not sent agent.connect, and on closed conversations', async (t) => {
    const { h, agent, visitor, visitorSocket } = await typingSetup(t);
    const typing = { chatId: visitor.conversationId, visitorId: visitor.visitorId, typing: { is: true } };
    const anonymous = await rawSocket(h);
    anonymous.socket.emit('chat.typing', typing);
    // An acknowledged request on the same socket proves the typing packet was handled before it...
    await emitWithAck(anonymous.socket, 'agent.logout', {});
    // ...and one on the visitor socket proves anything sent to the visitor before then has arrived.
    await emitWithAck(visitorSocket.socket, 'visitor.connect', { token: visitor.visitorToken });
    assert.equal(visitorSocket.events.filter((e) => e.name.startsWith('chat.typing')).length, 0);

    const one = h.as(await h.mint('agent.one'));
    assert.equal((await one.post(`/api/agent/conversations/${visitor.conversationId}/accept`, {})).status, 200);
    assert.equal((await one.post(`/api/agent/conversations/${visitor.conversationId}/close`, { reason: 'Done' })).status, 200);
    await visitorSocket.waitFor((e) => e.name === 'conversation.updated' && e.payload.status === 'closed');
    agent.socket.emit('chat.typing', typing);
    const token = await h.mint('agent.one');
    assert.equal((await emitWithAck(agent.socket, 'agent.connect', connectPayload(token, claimsOf(token))))[0], null);
    await emitWithAck(visitorSocket.socket, 'visitor.connect', { token: visitor.visitorToken });
    assert.equal(visitorSocket.events.filter((e) => e.name.startsWith('chat.typing')).length, 0);
  });
});

describe('visitor socket', () => {
  it('visitor.connect refuses a bad token', async (t) => {
    const h = await setup(t);
    const s = await rawSocket(h);
    const [err, result] = await emitWithAck(s.socket, 'visitor.connect', { token: 'garbage' });
    assert.equal(err?.type, 'auth_failure');
    assert.equal(result, null);
  });

  it('socket.io answers on the default path /socket.io for a plain client', async (t) => {
    const h = await setup(t);
    const s = io(h.url, { path: '/socket.io', transports: ['polling'], reconnection: false, forceNew: true });
    t.after(() => s.disconnect());
    await waitForConnect(s);
    const token = await h.mint('agent.one');
    const [err] = await emitWithAck(s, 'agent.connect', connectPayload(token, claimsOf(token)));
    assert.equal(err, null);
  });
});
