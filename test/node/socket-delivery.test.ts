/**
 * What the socket layer sends, to whom and how often: queue counts only to those who may see the
 * queue, typing reduced to changes at a bounded rate, and presence that follows the connection.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { TYPING_MIN_INTERVAL_MS } from '../../src/emulator/typing-gate.js';
import { AGENT, DEP, emitWithAck, setup, type AgentSocket, type Harness, type Recorder } from './helpers.js';

const queueOf = (departmentId: string | null) => (s: AgentSocket) => s.named('queue.updated').filter((e) => e.payload.data.departmentId === departmentId);

describe('queue.updated', () => {
  it("goes to the department's agents and to supervisors and admins; the no-department queue to everyone", async (t) => {
    const h = await setup(t);
    const sockets = {
      one: await h.connectAgent(await h.mint('agent.one')),
      two: await h.connectAgent(await h.mint('agent.two')),
      three: await h.connectAgent(await h.mint('agent.three')),
      lead: await h.connectAgent(await h.mint('lead.one')),
      admin: await h.connectAgent(await h.mint('admin.one')),
    };
    const all = Object.values(sockets);
    await h.openVisitor({ departmentId: DEP.billing, body: 'Billing question' });
    await h.openVisitor({ body: 'No department' });
    await h.barrier(...all);

    for (const [name, socket] of Object.entries(sockets)) {
      const billing = queueOf(DEP.billing)(socket).length;
      assert.equal(billing > 0, ['two', 'lead', 'admin'].includes(name), `${name} got ${billing} Billing queue updates`);
      assert.ok(queueOf(null)(socket).length > 0, `${name} sees the queue with no department`);
    }
    // The catch-up answers the same: agent.one has no Billing queue event to replay.
    const replay = await h.as(await h.mint('agent.one')).get('/api/agent/events', { after: 0 });
    assert.equal(replay.status, 200);
    assert.ok(!replay.body.events.some((e: any) => e.type === 'queue.updated' && e.data.departmentId === DEP.billing));
  });
});

/** Everything a socket sent before this has been handled once its ack arrives: socket.io keeps order per socket. */
async function handled(socket: Recorder['socket']) {
  const [err] = await emitWithAck(socket, 'visitor.call.end', { callId: 'call_none' });
  assert.ok(err);
}

/** Lets a change held back by the throttle leave, then makes sure it arrived. */
async function settle(h: Harness, ...sockets: AgentSocket[]) {
  await sleep(TYPING_MIN_INTERVAL_MS * 3);
  await h.barrier(...sockets);
}

const typingAbout = (conversationId: string) => (e: { name: string; payload: any }) =>
  e.name.startsWith('chat.typing') && (e.payload?.data?.conversationId ?? e.payload?.conversationId) === conversationId;

describe('typing is throttled', () => {
  it('a flood of 1,000 typing events from one visitor socket reaches an agent as a handful of changes, ending on the last state', async (t) => {
    const h = await setup(t);
    const agent = await h.connectAgent(await h.mint('agent.one'));
    const visitor = await h.openVisitor({ departmentId: DEP.support, body: 'Flood' });
    const customer = await h.connectVisitor(visitor.visitorToken);
    for (let i = 0; i < 1_000; i++) customer.socket.emit('visitor.typing', { is: i % 2 === 0 });
    await handled(customer.socket);
    await settle(h, agent);
    const seen = agent.events.filter(typingAbout(visitor.conversationId));
    console.log(`# typing flood: 1000 visitor events sent, ${seen.length} reached the agent`);
    assert.ok(seen.length >= 1 && seen.length <= 10, `${seen.length} typing events reached the agent`);
    assert.equal(seen.at(-1)!.name, 'chat.typing.stopped', 'the last word was "stopped"');
    // Alternating: every event forwarded is a change.
    for (let i = 1; i < seen.length; i++) assert.notEqual(seen[i]!.name, seen[i - 1]!.name);
  });

  it("repeats of the same state are not forwarded, from an agent's socket either", async (t) => {
    const h = await setup(t);
    const one = await h.connectAgent(await h.mint('agent.one'));
    const three = await h.connectAgent(await h.mint('agent.three'));
    const visitor = await h.openVisitor({ departmentId: DEP.support, body: 'Repeats' });
    const customer = await h.connectVisitor(visitor.visitorToken);
    const typing = (is: boolean) => ({ chatId: visitor.conversationId, visitorId: visitor.visitorId, typing: { is } });
    for (let i = 0; i < 1_000; i++) one.socket.emit('chat.typing', typing(true));
    for (let i = 0; i < 1_000; i++) one.socket.emit('chat.typing', typing(i % 3 === 0));
    one.socket.emit('chat.typing', typing(false));
    await emitWithAck(one.socket, 'calls.online');
    await settle(h, three);
    const atCustomer = customer.events.filter(typingAbout(visitor.conversationId)).map((e) => e.name);
    const atThree = three.events.filter(typingAbout(visitor.conversationId)).map((e) => e.name);
    console.log(`# typing flood: 2001 agent events sent, ${atCustomer.length} reached the customer, ${atThree.length} the other agent`);
    assert.ok(atCustomer.length >= 2 && atCustomer.length <= 10, atCustomer.join());
    assert.equal(atCustomer[0], 'chat.typing.started');
    assert.equal(atCustomer.at(-1), 'chat.typing.stopped');
    assert.deepEqual(atThree, atCustomer);
  });

  it('a visitor who leaves while typing is shown as stopped', async (t) => {
    const h = await setup(t);
    const agent = await h.connectAgent(await h.mint('agent.one'));
    const visitor = await h.openVisitor({ departmentId: DEP.support, body: 'Leaving' });
    const customer = await h.connectVisitor(visitor.visitorToken);
    customer.socket.emit('visitor.typing', { is: true });
    await agent.waitFor((e) => e.name === 'chat.typing.started');
    customer.socket.disconnect();
    await agent.waitFor((e) => e.name === 'chat.typing.stopped');
  });
});

describe('presence follows the connection', () => {
  it('an agent without a connection shows offline after the grace period, and gets their status back on reconnect', async (t) => {
    const h = await setup(t, { presenceGraceMs: 200 });
    const token = await h.mint('agent.one');
    assert.equal((await h.as(token).put('/api/agent/presence', { status: 'busy' })).status, 200);
    await h.connectAgent(token);
    const lead = await h.connectAgent(await h.mint('lead.one'));
    const mark = lead.mark;
    assert.equal(h.emulator.dropAgentSockets(AGENT.one), 1);
    const gone = await lead.waitFor((e) => e.name === 'agent.presence.updated' && e.payload.data.agentId === AGENT.one, mark);
    assert.deepEqual(gone.payload.data, { agentId: AGENT.one, status: 'offline', previousStatus: 'busy' });
    assert.equal((await h.as(token).get('/api/agent/presence')).body.status, 'offline');

    const back = await h.connectAgent(token);
    assert.equal(back.reply.agent.status, 'busy');
    const restored = await lead.waitFor((e) => e.name === 'agent.presence.updated' && e.payload.data.agentId === AGENT.one && e.payload.data.status === 'busy', mark);
    assert.equal(restored.payload.data.previousStatus, 'offline');
  });

  it('a status the agent chose while away is kept when they come back', async (t) => {
    const h = await setup(t, { presenceGraceMs: 200 });
    const token = await h.mint('agent.one');
    assert.equal((await h.as(token).put('/api/agent/presence', { status: 'online' })).status, 200);
    const lead = await h.connectAgent(await h.mint('lead.one'));
    const first = await h.connectAgent(token);
    first.socket.disconnect();
    await lead.waitFor((e) => e.name === 'agent.presence.updated' && e.payload.data.agentId === AGENT.one && e.payload.data.status === 'offline');
    assert.equal((await h.as(token).put('/api/agent/presence', { status: 'busy' })).status, 200);
    assert.equal((await h.as(token).put('/api/agent/presence', { status: 'offline' })).status, 200);
    const back = await h.connectAgent(token);
    assert.equal(back.reply.agent.status, 'offline');
  });

  it('a drop shorter than the grace period changes nothing', async (t) => {
    const h = await setup(t);
    const token = await h.mint('agent.one');
    assert.equal((await h.as(token).put('/api/agent/presence', { status: 'online' })).status, 200);
    const lead = await h.connectAgent(await h.mint('lead.one'));
    const mark = lead.mark;
    (await h.connectAgent(token)).socket.disconnect();
    await h.connectAgent(token);
    await h.barrier(lead);
    assert.equal(lead.events.slice(mark).filter((e) => e.name === 'agent.presence.updated' && e.payload.data.agentId === AGENT.one).length, 0);
  });

  it('an agent whose connection is gone stops ringing, and is not rung for new calls', async (t) => {
    const h = await setup(t);
    const token = await h.mint('agent.one');
    assert.equal((await h.as(token).put('/api/agent/presence', { status: 'online' })).status, 200);
    const one = await h.connectAgent(token);
    assert.equal((await emitWithAck(one.socket, 'calls.online'))[0], null);

    const place = async () => {
      const visitor = await h.connectVisitor((await h.openVisitor({ departmentId: DEP.support, body: 'Call me' })).visitorToken);
      const [err, view] = await emitWithAck(visitor.socket, 'visitor.call.start', { type: 'voice' });
      assert.equal(err, null);
      return { visitor, callId: view.callId as string };
    };
    const ringing = await place();
    await one.waitFor((e) => e.name === 'call.ringing' && e.payload.data.call.callId === ringing.callId);
    h.emulator.dropAgentSockets(AGENT.one);
    // agent.one was the only one rung: once the drop counts, nobody is left and the call is missed.
    const ended = await ringing.visitor.waitFor((e) => e.name === 'call.ended' && e.payload.call.callId === ringing.callId);
    assert.equal(ended.payload.reason, 'missed');

    const later = await place();
    const missed = await later.visitor.waitFor((e) => e.name === 'call.ended' && e.payload.call.callId === later.callId);
    assert.equal(missed.payload.reason, 'missed');
    const log = await h.as(await h.mint('admin.one')).get('/api/agent/calls');
    const record = log.body.calls.find((c: any) => c.callId === later.callId);
    assert.deepEqual(record.rungAgentIds, []);
  });
});
