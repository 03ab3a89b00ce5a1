/**
 * Realtime fan-out over real sockets: tenant sequence numbers, per-agent prevSeq chains, delivery
 * only to agents who may see a conversation, and catch-up through GET /api/agent/events.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, DEP, about, conv, setup, type AgentSocket, type Harness } from './helpers.js';
import type { AnyRealtimeEnvelope } from '../../src/protocol/socket.js';

const durable = (s: AgentSocket) => s.envelopes().filter((e) => !e.ephemeral);

/** A mix of activity touching Support, Billing, presence and management changes. */
async function activity(h: Harness) {
  const one = await h.agent('agent.one');
  const two = await h.agent('agent.two');
  const support = await h.openVisitor({ departmentId: DEP.support, body: 'Support question' });
  const billing = await h.openVisitor({ departmentId: DEP.billing, body: 'Billing question' });
  const sendAs = (v: typeof support, body: string) => h.call('POST', `/api/visitor/conversations/${v.conversationId}/messages`, { token: v.visitorToken, body: { body } });
  assert.equal((await sendAs(support, 'More details')).status, 201);
  assert.equal((await one.put('/api/agent/presence', { status: 'online' })).status, 200);
  assert.equal((await one.post(`${conv(support.conversationId)}/accept`, { reason: 'Mine' })).status, 200);
  assert.equal((await one.post(`${conv(support.conversationId)}/messages`, { body: 'On it' })).status, 201);
  assert.equal((await two.post(`${conv('cnv_participant1')}/messages`, { body: 'Participant here' })).status, 201);
  assert.equal((await sendAs(billing, 'Hello billing')).status, 201);
  assert.equal(
    (await one.post(`${conv(support.conversationId)}/read`, { messageId: (await one.get(`${conv(support.conversationId)}/messages`)).body.messages.at(-1).messageId })).status,
    200,
  );
  assert.equal((await sendAs(support, 'Thanks!')).status, 201);
  const attachment = (await one.get(`${conv('cnv_assigned1')}/messages`)).body.messages.find((m: any) => m.attachments.length > 0);
  assert.equal((await one.del(`${conv('cnv_assigned1')}/messages/${attachment.messageId}/attachments`, { reason: 'Privacy' })).status, 200);
  assert.equal((await one.post(`${conv(support.conversationId)}/transfer`, { departmentId: DEP.billing, reason: 'Billing topic' })).status, 200);
  return { support, billing };
}

describe('realtime: sequence numbers', () => {
  it('durable events carry increasing tenant seq and a prevSeq chain per agent', async (t) => {
    const h = await setup(t);
    const one = await h.connectAgent(await h.mint('agent.one'));
    const two = await h.connectAgent(await h.mint('agent.two'));
    const lead = await h.connectAgent(await h.mint('lead.one'));
    assert.equal(one.reply.lastSeq, 0);
    await activity(h);
    await h.barrier(one, two, lead);

    const chains = [one, two, lead].map((s) => {
      const events = durable(s);
      assert.ok(events.length > 3);
      let previous = s.reply.lastSeq;
      for (const e of events) {
        assert.ok(e.seq > previous, `seq ${e.seq} after ${previous}`);
        assert.equal(e.prevSeq, previous, `${e.type} #${e.seq} should point back to ${previous}`);
        assert.equal(e.ephemeral, false);
        assert.equal(typeof e.at, 'string');
        previous = e.seq;
      }
      return new Map(events.map((e) => [e.seq, e]));
    });
    const [a, b] = chains as [Map<number, AnyRealtimeEnvelope>, Map<number, AnyRealtimeEnvelope>];
    // One tenant counter: a seq names the same event for every agent who got it, and agents skip seqs that were not for them.
    for (const [seq, event] of a) if (b.has(seq)) assert.equal(b.get(seq)!.type, event.type);
    assert.ok(
      [...a.keys()].some((seq) => !b.has(seq)),
      'agent.one got events agent.two did not',
    );
    assert.ok(
      [...b.keys()].some((seq) => !a.has(seq)),
      'agent.two got events agent.one did not',
    );
    const max = Math.max(...chains.flatMap((c) => [...c.keys()]));
    assert.equal(max, h.emulator.store.hub.currentSeq);
  });

  it('ephemeral events carry the current seq and do not move the chain', async (t) => {
    const h = await setup(t);
    const one = await h.connectAgent(await h.mint('agent.one'));
    const visitor = await h.openVisitor({ departmentId: DEP.support, body: 'Typing soon' });
    const visitorSocket = await h.connectVisitor(visitor.visitorToken);
    visitorSocket.socket.emit('visitor.typing', { is: true });
    const typing = await one.waitFor((e) => e.name === 'chat.typing.started' && about(visitor.conversationId)(e));
    assert.equal(typing.payload.ephemeral, true);
    assert.equal(typing.payload.seq, h.emulator.store.hub.currentSeq);
    assert.deepEqual(typing.payload.data.by, { type: 'customer', id: visitor.visitorId, name: 'Test Visitor' });
    const lastDurable = durable(one).at(-1)!;
    assert.equal(typing.payload.prevSeq, lastDurable.seq);
    await h.barrier(one);
    const next = durable(one).at(-1)!;
    assert.equal(next.prevSeq, lastDurable.seq, 'the chain skips ephemeral events');
  });
});

describe('realtime: delivery follows visibility', () => {
  it('a Support-queue message reaches agent.one and supervisors, never agent.two', async (t) => {
    const h = await setup(t);
    const one = await h.connectAgent(await h.mint('agent.one'));
    const two = await h.connectAgent(await h.mint('agent.two'));
    const lead = await h.connectAgent(await h.mint('lead.one'));
    const visitor = await h.openVisitor({ departmentId: DEP.support, body: 'Support only' });
    const sent = await h.call('POST', `/api/visitor/conversations/${visitor.conversationId}/messages`, { token: visitor.visitorToken, body: { body: 'Second line' } });
    for (const s of [one, lead]) {
      const got = await s.waitFor((e) => e.name === 'chat.message.created' && e.payload.data.message.messageId === sent.body.messageId);
      assert.equal(got.payload.data.conversationId, visitor.conversationId);
      assert.ok(s.events.some((e) => e.name === 'conversation.updated' && about(visitor.conversationId)(e)));
    }
    await h.barrier(two);
    assert.deepEqual(two.events.filter(about(visitor.conversationId)), [], 'agent.two got nothing about the Support conversation');
    const queue = two.named('queue.updated').map((e) => e.payload.data);
    assert.ok(!queue.some((d) => d.departmentId === DEP.support), 'the Support queue count is for Support, supervisors and admins');
    assert.ok(lead.named('queue.updated').some((e) => e.payload.data.departmentId === DEP.support));
  });

  it('a Billing message reaches agent.two and not agent.one', async (t) => {
    const h = await setup(t);
    const one = await h.connectAgent(await h.mint('agent.one'));
    const two = await h.connectAgent(await h.mint('agent.two'));
    const visitor = await h.openVisitor({ departmentId: DEP.billing, body: 'Billing only' });
    await two.waitFor((e) => e.name === 'chat.message.created' && about(visitor.conversationId)(e));
    await h.barrier(one);
    assert.deepEqual(one.events.filter(about(visitor.conversationId)), []);
  });

  it('notes reach agents who see the conversation', async (t) => {
    const h = await setup(t);
    const two = await h.connectAgent(await h.mint('agent.two'));
    const three = h.as(await h.mint('agent.three'));
    const note = await three.post(`${conv('cnv_participant1')}/messages`, { body: 'For the participant', note: true });
    const got = await two.waitFor((e) => e.name === 'chat.message.created' && e.payload.data.message.messageId === note.body.messageId);
    assert.equal(got.payload.data.message.kind, 'note');
  });

  it('a transfer tells the old audience it left their sight and the new audience it arrived', async (t) => {
    const h = await setup(t);
    const oneSocket = await h.connectAgent(await h.mint('agent.one'));
    const twoSocket = await h.connectAgent(await h.mint('agent.two'));
    const one = await h.agent('agent.one');
    const visitor = await h.openVisitor({ departmentId: DEP.support, body: 'Move me' });
    assert.equal((await one.post(`${conv(visitor.conversationId)}/accept`, {})).status, 200);
    assert.equal((await one.post(`${conv(visitor.conversationId)}/transfer`, { departmentId: DEP.billing, reason: 'Billing' })).status, 200);
    const left = await oneSocket.waitFor((e) => e.name === 'conversation.updated' && e.payload.data.change === 'transferred');
    assert.equal(left.payload.data.visible, false);
    assert.equal(left.payload.data.conversation.departmentId, DEP.billing);
    const arrived = await twoSocket.waitFor((e) => e.name === 'conversation.updated' && e.payload.data.change === 'transferred');
    assert.equal(arrived.payload.data.visible, true);
    const system = await twoSocket.waitFor((e) => e.name === 'chat.message.created' && e.payload.data.message.kind === 'system');
    assert.equal(system.payload.data.message.system.type, 'transferred');
    await h.barrier(oneSocket);
    assert.ok(
      !oneSocket.events.some((e) => e.name === 'chat.message.created' && e.payload.data.message.system?.type === 'transferred'),
      'the system message is for the new audience',
    );
  });

  it('a token without agent:messages:read gets no chat events over the socket nor the catch-up', async (t) => {
    const h = await setup(t);
    const token = await h.mint('agent.one', ['agent:conversations:read', 'agent:presence:read']);
    const limited = await h.connectAgent(token);
    const visitor = await h.openVisitor({ departmentId: DEP.support, body: 'Hidden text' });
    await limited.waitFor((e) => e.name === 'conversation.updated' && about(visitor.conversationId)(e));
    await h.barrier(limited);
    assert.equal(limited.named('chat.message.created').length, 0);
    const caught = await h.as(token).get('/api/agent/events', { after: 0 });
    assert.equal(caught.status, 200);
    assert.ok(caught.body.events.length > 0);
    assert.ok(caught.body.events.every((e: any) => !e.type.startsWith('chat.')));
  });

  it('a scope-limited socket sees an unbroken prevSeq chain: events it may not read leave no gap', async (t) => {
    const h = await setup(t);
    const token = await h.mint('agent.one', ['agent:conversations:read', 'agent:presence:read']);
    const limited = await h.connectAgent(token);
    await activity(h);
    await h.barrier(limited);
    const events = durable(limited);
    assert.ok(events.length > 3);
    let previous = limited.reply.lastSeq;
    for (const e of events) {
      assert.equal(e.prevSeq, previous, `${e.type} #${e.seq} should point back to ${previous}`);
      previous = e.seq;
    }
    // The tenant moved on with chat events this token never sees, so the chain skips their seqs.
    const skipped = events.some((e, i) => i > 0 && e.seq - events[i - 1]!.seq > 1);
    assert.ok(skipped, 'chat events in between were not sent to this token');
    const caught = await h.as(token).get('/api/agent/events', { after: 0 });
    assert.equal(caught.body.lastSeq, previous);
    assert.deepEqual(
      caught.body.events.map((e: any) => [e.seq, e.prevSeq]),
      events.map((e) => [e.seq, e.prevSeq]),
    );
  });
});

describe('realtime: catch-up with GET /api/agent/events', () => {
  for (const username of ['agent.one', 'agent.two', 'lead.one']) {
    it(`${username}: after=N answers exactly the durable events a live socket received after N`, async (t) => {
      const h = await setup(t);
      const token = await h.mint(username);
      const live = await h.connectAgent(token);
      const client = h.as(token);
      // Some history before the gap.
      await h.openVisitor({ departmentId: DEP.support, body: 'Before the gap' });
      await h.barrier(live);
      const n = durable(live).at(-1)!.seq;
      await activity(h);
      await h.barrier(live);
      const missed = durable(live).filter((e) => e.seq > n);
      assert.ok(missed.length > 2);
      const answer = await client.get('/api/agent/events', { after: n });
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body.events, missed);
      assert.equal(answer.body.lastSeq, missed.at(-1)!.seq);
      const none = await client.get('/api/agent/events', { after: answer.body.lastSeq });
      assert.deepEqual(none.body.events, []);
      const everything = await client.get('/api/agent/events', { after: 0 });
      assert.deepEqual(everything.body.events, durable(live));
    });
  }

  it('a socket that reconnects learns lastSeq and catches up on what it missed', async (t) => {
    const h = await setup(t);
    const token = await h.mint('agent.one');
    const first = await h.connectAgent(token);
    const watcher = await h.connectAgent(token);
    await h.openVisitor({ departmentId: DEP.support, body: 'One' });
    await h.barrier(first, watcher);
    const held = durable(first).at(-1)!.seq;
    first.socket.disconnect();
    await activity(h);
    await h.barrier(watcher);
    const second = await h.connectAgent(token);
    assert.equal(second.reply.lastSeq, durable(watcher).at(-1)!.seq);
    const caught = await h.as(token).get('/api/agent/events', { after: held });
    assert.deepEqual(
      caught.body.events,
      durable(watcher).filter((e) => e.seq > held),
    );
    assert.equal(caught.body.events[0].prevSeq, held, 'the first missed event chains to what the client held');
  });
});

describe('realtime: agent presence', () => {
  it('presence changes reach every agent with the previous status', async (t) => {
    const h = await setup(t);
    const two = await h.connectAgent(await h.mint('agent.two'));
    const one = await h.agent('agent.one');
    await one.put('/api/agent/presence', { status: 'busy' });
    const got = await two.waitFor((e) => e.name === 'agent.presence.updated' && e.payload.data.agentId === AGENT.one);
    assert.deepEqual(got.payload.data, { agentId: AGENT.one, status: 'busy', previousStatus: 'offline' });
    const mark = two.mark;
    await one.put('/api/agent/presence', { status: 'busy' });
    await h.barrier(two);
    assert.ok(!two.events.slice(mark).some((e) => e.name === 'agent.presence.updated' && e.payload.data.agentId === AGENT.one), 'an unchanged status publishes nothing');
  });
});

describe('realtime: catch-up comes in pages', () => {
  /** Durable events every agent receives, made straight in the store: admin.one's presence flipping. */
  function presenceFlips(h: Harness, count: number) {
    for (let i = 0; i < count; i++) h.emulator.store.setPresence(AGENT.admin, i % 2 ? 'busy' : 'online', { byServer: true });
  }

  async function walk(client: ReturnType<Harness['as']>, after: number, limit?: number) {
    const pages: any[] = [];
    for (let cursor = after; ;) {
      const page = await client.get('/api/agent/events', limit === undefined ? { after: cursor } : { after: cursor, limit });
      assert.equal(page.status, 200, JSON.stringify(page.body));
      pages.push(page.body);
      if (!page.body.hasMore) return pages;
      assert.ok(page.body.nextAfter > cursor, 'the cursor moves on');
      cursor = page.body.nextAfter;
    }
  }

  it('answers at most 200 events by default, with hasMore and a cursor that walks the whole log once', async (t) => {
    const h = await setup(t);
    const client = await h.agent('agent.one');
    presenceFlips(h, 450);
    const pages = await walk(client, 0);
    assert.deepEqual(
      pages.map((p) => p.events.length),
      [200, 200, 50],
    );
    assert.deepEqual(
      pages.map((p) => p.hasMore),
      [true, true, false],
    );
    const all = pages.flatMap((p) => p.events);
    const whole = await client.get('/api/agent/events', { after: 0, limit: 1000 });
    assert.equal(whole.body.hasMore, false);
    assert.deepEqual(all, whole.body.events, 'pages join into exactly the unpaged answer');
    for (const page of pages) {
      assert.equal(page.streamId, h.emulator.store.hub.streamId);
      assert.equal(page.lastSeq, all.at(-1).seq);
      assert.equal(page.nextAfter, page.events.at(-1).seq);
    }
    const end = await client.get('/api/agent/events', { after: pages.at(-1).nextAfter });
    assert.deepEqual([end.body.events, end.body.hasMore, end.body.nextAfter], [[], false, pages.at(-1).nextAfter]);
  });

  it('takes a limit from 1 to 1000, and a page boundary never splits or repeats the chain', async (t) => {
    const h = await setup(t);
    const client = await h.agent('agent.one');
    presenceFlips(h, 37);
    const pages = await walk(client, 0, 10);
    assert.deepEqual(
      pages.map((p) => p.events.length),
      [10, 10, 10, 7],
    );
    const all = pages.flatMap((p) => p.events);
    for (let i = 1; i < all.length; i++) assert.equal(all[i].prevSeq, all[i - 1].seq);
    for (const limit of [0, -1, 1001, 1.5]) {
      const refused = await client.get('/api/agent/events', { after: 0, limit });
      assert.equal(refused.status, 400, `limit=${limit}`);
      assert.equal(refused.body.error.field, 'limit');
    }
  });
});
