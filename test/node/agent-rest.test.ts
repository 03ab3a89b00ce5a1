import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from '../../src/emulator/index.js';
import { ROUTES } from '../../src/protocol/routes.js';
import { AGENT_SCOPES } from '../../src/protocol/scopes.js';
import { AGENT, AGENT_ROUTES, ALL_SCOPES, DEP, SERVER_KEY, assertError, conv, sampleRequest, setup, type AgentClient, type AgentRoute, type Harness } from './helpers.js';

async function send(h: Harness, name: AgentRoute, token: string | null, headers: Record<string, string> = {}) {
  const sample = sampleRequest(name);
  return h.call(ROUTES[name].method, sample.path, {
    token,
    headers,
    ...(sample.body !== undefined ? { body: sample.body } : {}),
    ...(sample.query ? { query: sample.query } : {}),
  });
}

async function thread(client: AgentClient, id: string) {
  const answer = await client.get(`${conv(id)}/messages`, { limit: 100 });
  assert.equal(answer.status, 200);
  return answer.body.messages as Array<any>;
}

describe('Agent API: every route answers its success case', () => {
  for (const name of AGENT_ROUTES) {
    it(`${name}: ${ROUTES[name].method} ${ROUTES[name].path}`, async (t) => {
      const h = await setup(t);
      const token = await h.mint('agent.one');
      const answer = await send(h, name, token);
      const expected = name === 'reply' ? 201 : 200;
      assert.equal(answer.status, expected, JSON.stringify(answer.body));
      assert.ok(answer.body && typeof answer.body === 'object' && !('error' in answer.body));
    });
  }

  it('profile describes the agent, tenant, role, department, scopes and token expiry', async (t) => {
    const h = await setup(t);
    const minted = await h.mintFull('agent.one', ['agent:profile:read', 'agent:presence:read']);
    const answer = await h.as(minted.token).get('/api/agent/profile');
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, {
      agent: { id: AGENT.one, username: 'agent.one', name: 'Alex One', role: 'agent', departmentId: DEP.support, email: 'agent.one@demo.example' },
      tenant: { id: 'ten_demo', key: 'demo-tenant', name: 'Demo Co' },
      role: 'agent',
      department: { id: DEP.support, name: 'Support' },
      scopes: ['agent:profile:read', 'agent:presence:read'],
      tokenExpiresAt: Date.parse(minted.expiresAt) / 1000,
    });
  });

  it('directory lists the three departments and five agents', async (t) => {
    const h = await setup(t);
    const answer = await (await h.agent('agent.two')).get('/api/agent/directory');
    assert.deepEqual(
      answer.body.departments.map((d: any) => d.name),
      ['Support', 'Billing', 'Sales'],
    );
    assert.deepEqual(answer.body.agents.map((a: any) => `${a.username}:${a.role}:${a.departmentId}`).sort(), [
      'admin.one:admin:null',
      'agent.one:agent:dep_support',
      'agent.three:agent:dep_support',
      'agent.two:agent:dep_billing',
      'lead.one:supervisor:null',
    ]);
  });

  it('presence starts offline and follows PUT', async (t) => {
    const h = await setup(t);
    const client = await h.agent('agent.one');
    const first = await client.get('/api/agent/presence');
    assert.equal(first.body.status, 'offline');
    assert.equal(first.body.callsOnline, false);
    assert.equal(first.body.agentId, AGENT.one);
    for (const status of ['online', 'busy', 'offline', 'online']) {
      const set = await client.put('/api/agent/presence', { status });
      assert.equal(set.status, 200);
      assert.equal(set.body.status, status);
      assert.equal((await client.get('/api/agent/presence')).body.status, status);
    }
    assertError(await client.put('/api/agent/presence', { status: 'in_call' }), 400, 'AGENT_SDK_INVALID_REQUEST', 'status');
  });

  it('answers 409 AGENT_SDK_PRESENCE_LOCKED while the server holds the agent in a call', async (t) => {
    const h = await setup(t);
    const client = await h.agent('agent.one');
    h.emulator.store.setPresence(AGENT.one, 'in_call', { byServer: true });
    const before = h.emulator.store.snapshot();
    assertError(await client.put('/api/agent/presence', { status: 'online' }), 409, 'AGENT_SDK_PRESENCE_LOCKED', 'status');
    assert.equal(h.emulator.store.snapshot(), before);
    assert.equal((await client.get('/api/agent/presence')).body.status, 'in_call');
  });
});

describe('Agent API: token errors', () => {
  for (const name of AGENT_ROUTES) {
    it(`${name}: 401 AGENT_SDK_TOKEN_MISSING without a token`, async (t) => {
      const h = await setup(t);
      const before = h.emulator.store.snapshot();
      assertError(await send(h, name, null), 401, 'AGENT_SDK_TOKEN_MISSING');
      assertError(await send(h, name, null, { Authorization: 'Basic YWdlbnQ6b25l' }), 401, 'AGENT_SDK_TOKEN_MISSING');
      assert.equal(h.emulator.store.snapshot(), before);
    });

    it(`${name}: 401 AGENT_SDK_TOKEN_INVALID for a garbage token`, async (t) => {
      const h = await setup(t);
      assertError(await send(h, name, 'not-a-jwt'), 401, 'AGENT_SDK_TOKEN_INVALID');
      assertError(await send(h, name, 'eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl'), 401, 'AGENT_SDK_TOKEN_INVALID');
    });

    const scope = (ROUTES[name] as { scope?: string }).scope;
    if (scope) {
      it(`${name}: 403 AGENT_SDK_SCOPE_DENIED without ${scope}`, async (t) => {
        const h = await setup(t);
        const token = await h.mint(
          'agent.one',
          AGENT_SCOPES.filter((s) => s !== scope),
        );
        const before = h.emulator.store.snapshot();
        const error = assertError(await send(h, name, token), 403, 'AGENT_SDK_SCOPE_DENIED');
        assert.ok(error.message.includes(scope), error.message);
        assert.equal(h.emulator.store.snapshot(), before);
        // The same request with only that scope gets past the scope check.
        const only = await send(h, name, await h.mint('agent.one', [scope]));
        assert.notEqual(only.body?.error?.code, 'AGENT_SDK_SCOPE_DENIED');
      });
    }
  }

  it('401 AGENT_SDK_TOKEN_INVALID for a token signed by another emulator', async (t) => {
    const h = await setup(t);
    const other = await startEmulator({ port: 0 });
    t.after(() => other.close());
    const minted = await fetch(`${other.url}/api/server/sdk-token/agent`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${SERVER_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'agent.one', scopes: ALL_SCOPES }),
    });
    const { token } = (await minted.json()) as { token: string };
    assert.equal((await fetch(`${other.url}/api/agent/profile`, { headers: { Authorization: `Bearer ${token}` } })).status, 200);
    for (const name of ['profile', 'listConversations', 'reply', 'events'] as const) {
      assertError(await send(h, name, token), 401, 'AGENT_SDK_TOKEN_INVALID');
    }
  });

  it('401 AGENT_SDK_TOKEN_INVALID for a visitor token used as an agent token', async (t) => {
    const h = await setup(t);
    const visitor = await h.openVisitor({ departmentId: DEP.support, body: 'hello' });
    assertError(await send(h, 'profile', visitor.visitorToken), 401, 'AGENT_SDK_TOKEN_INVALID');
  });

  it('401 AGENT_SDK_TOKEN_INVALID once the clock passes exp', async (t) => {
    const h = await setup(t);
    const token = await h.mint('agent.one', ALL_SCOPES, 60);
    assert.equal((await send(h, 'profile', token)).status, 200);
    h.clock.advanceSeconds(59);
    assert.equal((await send(h, 'profile', token)).status, 200, 'still valid one second before exp');
    h.clock.advanceSeconds(2);
    for (const name of ['profile', 'listConversations', 'reply', 'events'] as const) {
      assertError(await send(h, name, token), 401, 'AGENT_SDK_TOKEN_INVALID');
    }
  });
});

describe('Agent API: conversation errors', () => {
  it('404 AGENT_SDK_CONVERSATION_NOT_FOUND for an unknown conversation on every conversation route', async (t) => {
    const h = await setup(t);
    const token = await h.mint('admin.one');
    const before = h.emulator.store.snapshot();
    for (const name of AGENT_ROUTES) {
      const sample = sampleRequest(name);
      if (!ROUTES[name].path.includes(':conversationId')) continue;
      const path = sample.path.replace(/cnv_[A-Za-z0-9]+/, 'cnv_doesnotexist');
      const answer = await h.call(ROUTES[name].method, path, { token, ...(sample.body !== undefined ? { body: sample.body } : {}) });
      assertError(answer, 404, 'AGENT_SDK_CONVERSATION_NOT_FOUND', 'conversationId');
    }
    assert.equal(h.emulator.store.snapshot(), before);
  });

  it('404 AGENT_SDK_MESSAGE_NOT_FOUND for a message that is not in the conversation', async (t) => {
    const h = await setup(t);
    const client = await h.agent('agent.one');
    const before = h.emulator.store.snapshot();
    assertError(await client.post(`${conv('cnv_assigned1')}/read`, { messageId: 'msg_nothere' }), 404, 'AGENT_SDK_MESSAGE_NOT_FOUND', 'messageId');
    const foreign = (await thread(await h.agent('admin.one'), 'cnv_assigned2'))[0].messageId;
    assertError(await client.post(`${conv('cnv_assigned1')}/read`, { messageId: foreign }), 404, 'AGENT_SDK_MESSAGE_NOT_FOUND', 'messageId');
    assertError(await client.del(`${conv('cnv_assigned1')}/messages/msg_nothere/attachments`, { reason: 'x' }), 404, 'AGENT_SDK_MESSAGE_NOT_FOUND', 'messageId');
    assertError(await client.del(`${conv('cnv_assigned1')}/messages/${foreign}/attachments`, { reason: 'x' }), 404, 'AGENT_SDK_MESSAGE_NOT_FOUND', 'messageId');
    assert.equal(h.emulator.store.snapshot(), before);
  });

  it('400 naming messageId when the message carries no attachment', async (t) => {
    const h = await setup(t);
    const client = await h.agent('agent.one');
    const plain = (await thread(client, 'cnv_assigned1')).find((m) => m.attachments.length === 0)!;
    const before = h.emulator.store.snapshot();
    assertError(await client.del(`${conv('cnv_assigned1')}/messages/${plain.messageId}/attachments`, { reason: 'x' }), 400, 'AGENT_SDK_INVALID_REQUEST', 'messageId');
    assert.equal(h.emulator.store.snapshot(), before);
  });

  it('409 AGENT_SDK_CONVERSATION_ALREADY_ASSIGNED when accepting what another agent holds', async (t) => {
    const h = await setup(t);
    const two = await h.agent('agent.two');
    const before = h.emulator.store.snapshot();
    assertError(await two.post(`${conv('cnv_participant1')}/accept`, {}), 409, 'AGENT_SDK_CONVERSATION_ALREADY_ASSIGNED');
    assertError(await (await h.agent('lead.one')).post(`${conv('cnv_assigned1')}/accept`, {}), 409, 'AGENT_SDK_CONVERSATION_ALREADY_ASSIGNED');
    assert.equal(h.emulator.store.snapshot(), before);
  });

  it('accepting a conversation one already holds changes nothing', async (t) => {
    const h = await setup(t);
    const one = await h.agent('agent.one');
    const before = h.emulator.store.snapshot();
    const answer = await one.post(`${conv('cnv_assigned1')}/accept`, {});
    assert.equal(answer.status, 200);
    assert.equal(answer.body.assignedAgentId, AGENT.one);
    assert.equal(h.emulator.store.snapshot(), before);
  });

  it('400 naming assignedAgentId or departmentId for targets that do not exist', async (t) => {
    const h = await setup(t);
    const one = await h.agent('agent.one');
    const before = h.emulator.store.snapshot();
    assertError(await one.post(`${conv('cnv_assigned1')}/assign`, { assignedAgentId: 'agt_nobody', reason: 'x' }), 400, 'AGENT_SDK_INVALID_REQUEST', 'assignedAgentId');
    assertError(await one.post(`${conv('cnv_assigned1')}/transfer`, { departmentId: 'dep_nowhere', reason: 'x' }), 400, 'AGENT_SDK_INVALID_REQUEST', 'departmentId');
    assert.equal(h.emulator.store.snapshot(), before);
  });

  it('410 AGENT_SDK_EVENTS_EXPIRED once the event log no longer reaches back', async (t) => {
    const h = await setup(t);
    const one = await h.agent('agent.one');
    assert.equal((await one.get('/api/agent/events', { after: 0 })).status, 200);
    // Fill the log past its capacity in-process: 20,000 HTTP round trips would only slow the test down.
    const statuses = ['online', 'busy'] as const;
    for (let i = 0; i < 20_001; i++) h.emulator.store.setPresence(AGENT.three, statuses[i % 2]!);
    assertError(await one.get('/api/agent/events', { after: 0 }), 410, 'AGENT_SDK_EVENTS_EXPIRED', 'after');
    const recent = await one.get('/api/agent/events', { after: h.emulator.store.hub.currentSeq - 3 });
    assert.equal(recent.status, 200);
    assert.deepEqual(
      recent.body.events.map((e: any) => e.seq),
      [1, 2, 3].map((n) => h.emulator.store.hub.currentSeq - 3 + n),
    );
  });

  it('404 NOT_FOUND for paths and methods the API does not have', async (t) => {
    const h = await setup(t);
    const token = await h.mint('agent.one');
    assertError(await h.call('GET', '/api/nothing/here', { token }), 404, 'NOT_FOUND');
    assertError(await h.call('PATCH', '/api/agent/profile', { token, body: {} }), 404, 'NOT_FOUND');
    assertError(await h.call('DELETE', '/api/agent/conversations', { token }), 404, 'NOT_FOUND');
    assertError(await h.call('GET', '/api/server/sdk-token/agent'), 404, 'NOT_FOUND');
  });
});

describe('Agent API: conversation actions', () => {
  it('a repeated clientMessageId answers 200 with the first message and keeps one copy', async (t) => {
    const h = await setup(t);
    const one = await h.agent('agent.one');
    const path = `${conv('cnv_assigned1')}/messages`;
    const first = await one.post(path, { body: 'Sending once', clientMessageId: 'retry-42' });
    assert.equal(first.status, 201);
    assert.equal(first.body.clientMessageId, 'retry-42');
    const seqAfterFirst = h.emulator.store.hub.currentSeq;
    const second = await one.post(path, { body: 'Sending once', clientMessageId: 'retry-42' });
    assert.equal(second.status, 200);
    assert.deepEqual(second.body, first.body);
    const third = await one.post(path, { body: 'A changed body', clientMessageId: 'retry-42' });
    assert.equal(third.status, 200);
    assert.equal(third.body.messageId, first.body.messageId);
    assert.equal(third.body.body, 'Sending once');
    assert.equal(h.emulator.store.hub.currentSeq, seqAfterFirst, 'a repeat publishes nothing');
    const copies = (await thread(one, 'cnv_assigned1')).filter((m) => m.clientMessageId === 'retry-42');
    assert.equal(copies.length, 1);
    const other = await one.post(path, { body: 'Another', clientMessageId: 'retry-43' });
    assert.equal(other.status, 201);
    assert.notEqual(other.body.messageId, first.body.messageId);
  });

  it('a reply is answered as a reply message by the agent and appears in both threads', async (t) => {
    const h = await setup(t);
    const visitor = await h.openVisitor({ departmentId: DEP.support, body: 'Hello?' });
    const one = await h.agent('agent.one');
    assert.equal((await one.post(`${conv(visitor.conversationId)}/accept`, {})).status, 200);
    const reply = await one.post(`${conv(visitor.conversationId)}/messages`, { body: 'Hi, how can I help?' });
    assert.equal(reply.status, 201);
    assert.equal(reply.body.kind, 'reply');
    assert.deepEqual(reply.body.author, { type: 'agent', id: AGENT.one, name: 'Alex One' });
    const seen = await h.call('GET', `/api/visitor/conversations/${visitor.conversationId}/messages`, { token: visitor.visitorToken });
    assert.equal(seen.body.messages.at(-1).messageId, reply.body.messageId);
  });

  it('a note never appears in the visitor thread nor reaches the visitor socket', async (t) => {
    const h = await setup(t);
    const visitor = await h.openVisitor({ departmentId: DEP.support, body: 'Hello?' });
    const visitorSocket = await h.connectVisitor(visitor.visitorToken);
    const one = await h.agent('agent.one');
    assert.equal((await one.post(`${conv(visitor.conversationId)}/accept`, {})).status, 200);
    const note = await one.post(`${conv(visitor.conversationId)}/messages`, { body: 'Internal: VIP customer', note: true });
    assert.equal(note.status, 201);
    assert.equal(note.body.kind, 'note');
    const reply = await one.post(`${conv(visitor.conversationId)}/messages`, { body: 'Public answer' });
    // The reply was published after the note, so once it arrived the note would have too.
    await visitorSocket.waitFor((e) => e.name === 'chat.message.created' && e.payload.message.messageId === reply.body.messageId);
    const delivered = visitorSocket.named('chat.message.created').map((e) => e.payload.message);
    assert.ok(delivered.every((m: any) => m.kind !== 'note' && m.messageId !== note.body.messageId));
    assert.ok(!JSON.stringify(visitorSocket.events).includes('VIP customer'));
    const seen = await h.call('GET', `/api/visitor/conversations/${visitor.conversationId}/messages`, { token: visitor.visitorToken });
    assert.equal(seen.status, 200);
    assert.ok(seen.body.messages.every((m: any) => m.kind !== 'note'));
    assert.ok(seen.body.messages.some((m: any) => m.messageId === reply.body.messageId));
    assert.ok(
      (await thread(one, visitor.conversationId)).some((m) => m.messageId === note.body.messageId),
      'agents do see the note',
    );
  });

  it('markRead resets unreadCount and later customer messages count again', async (t) => {
    const h = await setup(t);
    const visitor = await h.openVisitor({ departmentId: DEP.support, body: 'First' });
    const send = (body: string) => h.call('POST', `/api/visitor/conversations/${visitor.conversationId}/messages`, { token: visitor.visitorToken, body: { body } });
    assert.equal((await send('Second')).status, 201);
    const third = await send('Third');
    const one = await h.agent('agent.one');
    const three = await h.agent('agent.three');
    assert.equal((await one.get(conv(visitor.conversationId))).body.unreadCount, 3);
    const read = await one.post(`${conv(visitor.conversationId)}/read`, { messageId: third.body.messageId });
    assert.equal(read.status, 200);
    assert.equal(read.body.unreadCount, 0);
    assert.equal(read.body.lastReadMessageId, third.body.messageId);
    assert.equal((await one.get(conv(visitor.conversationId))).body.unreadCount, 0);
    assert.equal((await three.get(conv(visitor.conversationId))).body.unreadCount, 3, 'read marks are per agent');
    await send('Fourth');
    assert.equal((await one.get(conv(visitor.conversationId))).body.unreadCount, 1);
    // Marking an older message does not move the mark back.
    const first = (await thread(one, visitor.conversationId))[0];
    assert.equal((await one.post(`${conv(visitor.conversationId)}/read`, { messageId: first.messageId })).body.unreadCount, 1);
  });

  it('accept appends a system message and records the reason', async (t) => {
    const h = await setup(t);
    const one = await h.agent('agent.one');
    const answer = await one.post(`${conv('cnv_queueSupport')}/accept`, { reason: 'Taking the queue' });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.assignedAgentId, AGENT.one);
    const last = (await thread(one, 'cnv_queueSupport')).at(-1);
    assert.equal(last.kind, 'system');
    assert.equal(last.author.type, 'system');
    assert.deepEqual(last.system, { type: 'accepted', agentId: AGENT.one, reason: 'Taking the queue' });
    const bare = await (await h.agent('agent.three')).post(`${conv('cnv_nodept1')}/accept`, {});
    assert.equal(bare.status, 200);
    assertError(await one.get(conv('cnv_nodept1')), 404, 'AGENT_SDK_CONVERSATION_NOT_FOUND', 'conversationId');
    assert.deepEqual((await thread(await h.agent('admin.one'), 'cnv_nodept1')).at(-1).system, { type: 'accepted', agentId: AGENT.three, reason: null });
  });

  it('assign appends a system message with the reason and moves ownership', async (t) => {
    const h = await setup(t);
    const one = await h.agent('agent.one');
    const answer = await one.post(`${conv('cnv_assigned1')}/assign`, { assignedAgentId: AGENT.three, reason: 'Shift change' });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.assignedAgentId, AGENT.three);
    const last = (await thread(await h.agent('agent.three'), 'cnv_assigned1')).at(-1);
    assert.equal(last.kind, 'system');
    assert.deepEqual(last.system, { type: 'assigned', agentId: AGENT.three, byAgentId: AGENT.one, reason: 'Shift change' });
    assert.ok(last.body.includes('Shift change'));
    assertError(await one.get(conv('cnv_assigned1')), 404, 'AGENT_SDK_CONVERSATION_NOT_FOUND', 'conversationId');
  });

  it('transfer appends a system message, records the reason and puts the conversation in the new queue', async (t) => {
    const h = await setup(t);
    const one = await h.agent('agent.one');
    const answer = await one.post(`${conv('cnv_assigned1')}/transfer`, { departmentId: DEP.billing, reason: 'Billing matter' });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.departmentId, DEP.billing);
    assert.equal(answer.body.assignedAgentId, null);
    const two = await h.agent('agent.two');
    const last = (await thread(two, 'cnv_assigned1')).at(-1);
    assert.deepEqual(last.system, { type: 'transferred', departmentId: DEP.billing, fromDepartmentId: DEP.support, byAgentId: AGENT.one, reason: 'Billing matter' });
    assert.ok(last.body.includes('Billing'));
  });

  it('close appends a system message and records the reason, closedAt and status', async (t) => {
    const h = await setup(t);
    const one = await h.agent('agent.one');
    const answer = await one.post(`${conv('cnv_assigned1')}/close`, { reason: 'Fixed after the reset' });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.status, 'closed');
    assert.equal(answer.body.closeReason, 'Fixed after the reset');
    assert.equal(typeof answer.body.closedAt, 'string');
    const last = (await thread(one, 'cnv_assigned1')).at(-1);
    assert.deepEqual(last.system, { type: 'closed', byAgentId: AGENT.one, reason: 'Fixed after the reset' });
    const open = await one.get('/api/agent/conversations', { status: 'open', limit: 100 });
    assert.ok(!open.body.conversations.some((c: any) => c.conversationId === 'cnv_assigned1'));
    const closed = await one.get('/api/agent/conversations', { status: 'closed', limit: 100 });
    assert.ok(closed.body.conversations.some((c: any) => c.conversationId === 'cnv_assigned1'));
  });

  it('deleteAttachment leaves a tombstone and an audit record, and repeating it changes nothing', async (t) => {
    const h = await setup(t);
    const one = await h.agent('agent.one');
    const target = (await thread(one, 'cnv_assigned1')).find((m) => m.attachments.length > 0);
    assert.ok(target, 'the demo conversation carries an attachment');
    const path = `${conv('cnv_assigned1')}/messages/${target.messageId}/attachments`;
    const answer = await one.del(path, { reason: 'Removed by agent request' });
    assert.equal(answer.status, 200);
    assert.deepEqual(
      answer.body.attachmentIds,
      target.attachments.map((a: any) => a.attachmentId),
    );
    assert.equal(answer.body.deletedBy, AGENT.one);
    assert.equal(answer.body.reason, 'Removed by agent request');
    assert.equal(answer.body.messageId, target.messageId);
    assert.equal(answer.body.conversationId, 'cnv_assigned1');

    const after = (await thread(one, 'cnv_assigned1')).find((m) => m.messageId === target.messageId);
    assert.equal(after.body, '');
    assert.deepEqual(after.attachments, []);
    assert.deepEqual(after.deleted, { deletedAt: answer.body.deletedAt, deletedBy: AGENT.one, reason: 'Removed by agent request' });
    assert.deepEqual(h.emulator.store.audit, [answer.body]);

    const snapshot = h.emulator.store.snapshot();
    const again = await one.del(path, { reason: 'Another reason' });
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, answer.body);
    assert.equal(h.emulator.store.audit.length, 1);
    assert.equal(h.emulator.store.snapshot(), snapshot);
  });

  it('events answers the events sent to this agent with lastSeq', async (t) => {
    const h = await setup(t);
    const one = await h.agent('agent.one');
    const empty = await one.get('/api/agent/events', { after: 0 });
    assert.deepEqual(empty.body, { events: [], lastSeq: 0, streamId: h.emulator.store.hub.streamId, hasMore: false, nextAfter: 0 });
    await one.put('/api/agent/presence', { status: 'online' });
    const answer = await one.get('/api/agent/events', { after: 0 });
    assert.equal(answer.body.events.length, 1);
    assert.equal(answer.body.events[0].type, 'agent.presence.updated');
    assert.equal(answer.body.lastSeq, answer.body.events[0].seq);
  });
});

describe('Agent API: list paging and filters', () => {
  const ids = (page: any) => page.conversations.map((c: any) => c.conversationId) as string[];

  async function walk(client: AgentClient, query: Record<string, string | number>) {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const answer: any = await client.get('/api/agent/conversations', { ...query, ...(cursor ? { cursor } : {}) });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.ok(answer.body.conversations.length <= Number(query.limit));
      seen.push(...ids(answer.body));
      cursor = answer.body.nextCursor;
      pages++;
      assert.ok(pages < 100, 'paging must end');
    } while (cursor);
    return { seen, pages };
  }

  for (const username of ['agent.one', 'lead.one']) {
    for (const status of ['open', 'closed', 'all']) {
      it(`${username}, status ${status}: pages of 7 hold exactly the one page of 100, in order`, async (t) => {
        const h = await setup(t);
        const client = await h.agent(username);
        const whole = await client.get('/api/agent/conversations', { status, limit: 100 });
        assert.equal(whole.body.nextCursor, null);
        const expected = ids(whole.body);
        assert.ok(expected.length > 0);
        const { seen, pages } = await walk(client, { status, limit: 7 });
        assert.equal(new Set(seen).size, seen.length, 'no duplicates');
        assert.deepEqual(seen, expected, 'nothing missing, same order');
        assert.equal(pages, Math.ceil(expected.length / 7));
      });
    }
  }

  it('lists newest activity first and defaults to open conversations, 50 a page', async (t) => {
    const h = await setup(t);
    const lead = await h.agent('lead.one');
    const answer = await lead.get('/api/agent/conversations');
    assert.equal(answer.status, 200);
    assert.ok(answer.body.conversations.length <= 50);
    assert.ok(answer.body.conversations.every((c: any) => c.status === 'open'));
    const times = answer.body.conversations.map((c: any) => c.updatedAt);
    assert.deepEqual(times, [...times].sort().reverse());
  });

  it('status open, closed and all partition the list', async (t) => {
    const h = await setup(t);
    const lead = await h.agent('lead.one');
    const get = async (status: string) => (await lead.get('/api/agent/conversations', { status, limit: 100 })).body.conversations as any[];
    const [open, closed, all] = [await get('open'), await get('closed'), await get('all')];
    assert.ok(open.every((c) => c.status === 'open') && open.length > 0);
    assert.ok(closed.every((c) => c.status === 'closed') && closed.length > 0);
    assert.equal(all.length, open.length + closed.length);
    assert.deepEqual(new Set(all.map((c) => c.conversationId)), new Set([...open, ...closed].map((c) => c.conversationId)));
  });

  it('departmentId filters, and pages under the filter too', async (t) => {
    const h = await setup(t);
    const lead = await h.agent('lead.one');
    const everything = (await lead.get('/api/agent/conversations', { status: 'all', limit: 100 })).body.conversations as any[];
    for (const departmentId of Object.values(DEP)) {
      const answer = await lead.get('/api/agent/conversations', { status: 'all', departmentId, limit: 100 });
      assert.equal(answer.status, 200);
      const expected = everything.filter((c) => c.departmentId === departmentId).map((c) => c.conversationId);
      assert.ok(expected.length > 0);
      assert.deepEqual(ids(answer.body), expected);
      const { seen } = await walk(lead, { status: 'all', departmentId, limit: 3 });
      assert.deepEqual(seen, expected);
    }
    const one = await h.agent('agent.one');
    const sales = await one.get('/api/agent/conversations', { status: 'all', departmentId: DEP.sales, limit: 100 });
    assert.deepEqual(ids(sales.body), [], 'the filter does not widen what an agent sees');
    assertError(await lead.get('/api/agent/conversations', { departmentId: 'dep_nowhere' }), 400, 'AGENT_SDK_INVALID_REQUEST', 'departmentId');
  });

  it('messages page backwards: the newest page first, each page oldest first', async (t) => {
    const h = await setup(t);
    const visitor = await h.openVisitor({ departmentId: DEP.support, body: 'Message 1' });
    for (let i = 2; i <= 12; i++) {
      h.clock.advanceSeconds(1);
      const sent = await h.call('POST', `/api/visitor/conversations/${visitor.conversationId}/messages`, { token: visitor.visitorToken, body: { body: `Message ${i}` } });
      assert.equal(sent.status, 201);
    }
    const one = await h.agent('agent.one');
    const all = await thread(one, visitor.conversationId);
    assert.deepEqual(
      all.map((m) => m.body),
      Array.from({ length: 12 }, (_, i) => `Message ${i + 1}`),
    );
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const answer: any = await one.get(`${conv(visitor.conversationId)}/messages`, { limit: 5, ...(cursor ? { cursor } : {}) });
      assert.equal(answer.status, 200);
      pages.push(answer.body.messages.map((m: any) => m.body));
      cursor = answer.body.nextCursor;
    } while (cursor);
    assert.deepEqual(pages, [
      ['Message 8', 'Message 9', 'Message 10', 'Message 11', 'Message 12'],
      ['Message 3', 'Message 4', 'Message 5', 'Message 6', 'Message 7'],
      ['Message 1', 'Message 2'],
    ]);
    // A message cursor of one conversation does not page another.
    const first = await one.get(`${conv(visitor.conversationId)}/messages`, { limit: 5 });
    assertError(await one.get(`${conv('cnv_assigned1')}/messages`, { cursor: first.body.nextCursor }), 400, 'AGENT_SDK_INVALID_REQUEST', 'cursor');
  });
});

describe('Visitor API', () => {
  it('visitorStart answers 201 with a session; the thread and sending work with the visitor token', async (t) => {
    const h = await setup(t);
    const start = await h.call('POST', '/api/visitor/conversations', {
      body: { tenantKey: 'demo-tenant', name: 'Rosa', email: 'rosa@example.com', departmentId: DEP.sales, subject: 'Quote', body: 'Hi there' },
    });
    assert.equal(start.status, 201);
    assert.deepEqual(Object.keys(start.body).sort(), ['conversationId', 'visitorId', 'visitorToken']);
    const { conversationId, visitorToken } = start.body;
    const path = `/api/visitor/conversations/${conversationId}/messages`;
    const first = await h.call('GET', path, { token: visitorToken });
    assert.equal(first.status, 200);
    assert.deepEqual(
      first.body.messages.map((m: any) => m.body),
      ['Hi there'],
    );
    const sent = await h.call('POST', path, { token: visitorToken, body: { body: 'Are you there?', clientMessageId: 'v-1' } });
    assert.equal(sent.status, 201);
    assert.equal(sent.body.kind, 'customer');
    const repeated = await h.call('POST', path, { token: visitorToken, body: { body: 'Are you there?', clientMessageId: 'v-1' } });
    assert.equal(repeated.status, 200);
    assert.equal(repeated.body.messageId, sent.body.messageId);
    const lead = await h.agent('lead.one');
    const seen = await lead.get(conv(conversationId));
    assert.equal(seen.body.subject, 'Quote');
    assert.equal(seen.body.departmentId, DEP.sales);
    assert.deepEqual(seen.body.customer, { id: start.body.visitorId, name: 'Rosa', email: 'rosa@example.com' });
  });

  it('401 VISITOR_TOKEN_INVALID for a missing, garbage, agent or foreign visitor token', async (t) => {
    const h = await setup(t);
    const mine = await h.openVisitor({ body: 'mine' });
    const theirs = await h.openVisitor({ body: 'theirs' });
    const agentToken = await h.mint('admin.one');
    const path = `/api/visitor/conversations/${mine.conversationId}/messages`;
    const before = h.emulator.store.snapshot();
    for (const token of [null, 'garbage', agentToken, theirs.visitorToken]) {
      assertError(await h.call('GET', path, { token }), 401, 'VISITOR_TOKEN_INVALID');
      assertError(await h.call('POST', path, { token, body: { body: 'hi' } }), 401, 'VISITOR_TOKEN_INVALID');
    }
    assert.equal(h.emulator.store.snapshot(), before);
  });

  it('400 VISITOR_INVALID_REQUEST naming the field, and nothing is created', async (t) => {
    const h = await setup(t);
    const before = h.emulator.store.snapshot();
    const start = (body: unknown) => h.call('POST', '/api/visitor/conversations', { body });
    assertError(await start({ tenantKey: 'no-such-tenant', name: 'Rosa' }), 400, 'VISITOR_INVALID_REQUEST', 'tenantKey');
    assertError(await start({ tenantKey: 'demo-tenant' }), 400, 'VISITOR_INVALID_REQUEST', 'name');
    assertError(await start({ tenantKey: 'demo-tenant', name: '   ' }), 400, 'VISITOR_INVALID_REQUEST', 'name');
    assertError(await start({ tenantKey: 'demo-tenant', name: 'Rosa', email: 'not-an-email' }), 400, 'VISITOR_INVALID_REQUEST', 'email');
    assertError(await start({ tenantKey: 'demo-tenant', name: 'Rosa', departmentId: 'dep_nowhere' }), 400, 'VISITOR_INVALID_REQUEST', 'departmentId');
    assertError(await start({ tenantKey: 'demo-tenant', name: 'Rosa', extra: 1 }), 400, 'VISITOR_INVALID_REQUEST', 'extra');
    assert.equal(h.emulator.store.snapshot(), before);
    const visitor = await h.openVisitor({ body: 'hello' });
    const path = `/api/visitor/conversations/${visitor.conversationId}/messages`;
    const mid = h.emulator.store.snapshot();
    assertError(await h.call('POST', path, { token: visitor.visitorToken, body: { body: '' } }), 400, 'VISITOR_INVALID_REQUEST', 'body');
    assertError(await h.call('POST', path, { token: visitor.visitorToken, body: { body: 'x'.repeat(10_001) } }), 400, 'VISITOR_INVALID_REQUEST', 'body');
    assertError(await h.call('GET', path, { token: visitor.visitorToken, query: { limit: 5 } }), 400, 'VISITOR_INVALID_REQUEST', 'limit');
    assert.equal(h.emulator.store.snapshot(), mid);
  });

  it('a closed conversation refuses further visitor messages', async (t) => {
    const h = await setup(t);
    const visitor = await h.openVisitor({ departmentId: DEP.support, body: 'hello' });
    const one = await h.agent('agent.one');
    assert.equal((await one.post(`${conv(visitor.conversationId)}/accept`, {})).status, 200);
    assert.equal((await one.post(`${conv(visitor.conversationId)}/close`, { reason: 'Done' })).status, 200);
    const before = h.emulator.store.snapshot();
    const answer = await h.call('POST', `/api/visitor/conversations/${visitor.conversationId}/messages`, { token: visitor.visitorToken, body: { body: 'one more' } });
    assertError(answer, 400, 'VISITOR_INVALID_REQUEST', 'conversationId');
    assert.equal(h.emulator.store.snapshot(), before);
  });
});
