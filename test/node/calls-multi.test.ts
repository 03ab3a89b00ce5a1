/**
 * More than one call per agent, and a customer whose connection drops while their call rings, in
 * the emulator over real sockets: a second call rings an agent on a call, accepting it holds the
 * first, resuming either holds the other, and each customer hears every step.
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { AGENT, DEP, emitWithAck, setup, waitForConnect, type AgentSocket, type Harness, type Recorder } from './helpers.js';

async function agentOnline(h: Harness, username: string): Promise<AgentSocket> {
  const token = await h.mint(username);
  assert.equal((await h.as(token).put('/api/agent/presence', { status: 'online' })).status, 200);
  const socket = await h.connectAgent(token);
  const [err] = await emitWithAck(socket.socket, 'calls.online');
  assert.equal(err, null);
  return socket;
}

async function placeCall(h: Harness, name: string): Promise<{ visitor: Recorder; callId: string; visitorToken: string }> {
  const session = await h.openVisitor({ name, departmentId: DEP.billing });
  const visitor = await h.connectVisitor(session.visitorToken);
  const [err, view] = await emitWithAck(visitor.socket, 'visitor.call.start', { type: 'voice' });
  assert.equal(err, null, JSON.stringify(err));
  return { visitor, callId: view.callId, visitorToken: session.visitorToken };
}

const about = (name: string, callId: string) => (e: { name: string; payload: any }) =>
  e.name === name && (e.payload?.data?.call?.callId === callId || e.payload?.call?.callId === callId);

async function setupBilling(t: TestContext, options: Parameters<typeof setup>[1] = {}) {
  const h = await setup(t, options);
  // agent.two is the only Billing agent: every Billing call rings them alone.
  return { h, two: await agentOnline(h, 'agent.two') };
}

test('a second call rings an agent on a call; accepting it holds the first; switching holds the other; both end', async (t) => {
  const { h, two } = await setupBilling(t);
  const first = await placeCall(h, 'First');
  await two.waitFor(about('call.ringing', first.callId));
  assert.equal((await emitWithAck(two.socket, 'call.accept', { callId: first.callId }))[0], null);
  await first.visitor.waitFor(about('call.answered', first.callId));
  assert.equal(h.emulator.store.agents.get(AGENT.two)!.presence, 'in_call');

  const second = await placeCall(h, 'Second');
  const ring = await two.waitFor(about('call.ringing', second.callId));
  assert.equal(ring.payload.data.call.customer.name, 'Second');

  let mark = first.visitor.mark;
  const [acceptErr, snapshot] = await emitWithAck(two.socket, 'call.accept', { callId: second.callId });
  assert.equal(acceptErr, null);
  assert.equal(snapshot.status, 'active');
  await first.visitor.waitFor(about('call.held', first.callId), mark);
  await two.waitFor(about('call.held', first.callId));
  await second.visitor.waitFor(about('call.answered', second.callId));

  const [, status] = await emitWithAck(two.socket, 'calls.online');
  assert.deepEqual(
    status.answered.map((c: { callId: string; status: string }) => [c.callId, c.status]),
    [
      [first.callId, 'held'],
      [second.callId, 'active'],
    ],
  );

  // Switching back: resuming the first puts the second on hold.
  mark = second.visitor.mark;
  const firstMark = first.visitor.mark;
  assert.equal((await emitWithAck(two.socket, 'call.resume', { callId: first.callId }))[0], null);
  await second.visitor.waitFor(about('call.held', second.callId), mark);
  await first.visitor.waitFor(about('call.resumed', first.callId), firstMark);

  // Ending the first leaves the agent in the second, still in_call; ending that one hands presence back.
  assert.equal((await emitWithAck(two.socket, 'call.end', { callId: first.callId }))[0], null);
  assert.equal((await first.visitor.waitFor(about('call.ended', first.callId))).payload.reason, 'agent_ended');
  assert.equal(h.emulator.store.agents.get(AGENT.two)!.presence, 'in_call');
  assert.equal(second.visitor.named('call.ended').length, 0);
  assert.equal((await emitWithAck(two.socket, 'call.resume', { callId: second.callId }))[0], null);
  await second.visitor.waitFor(about('call.resumed', second.callId), mark);
  assert.equal((await emitWithAck(two.socket, 'call.end', { callId: second.callId }))[0], null);
  assert.equal((await second.visitor.waitFor(about('call.ended', second.callId))).payload.reason, 'agent_ended');
  assert.equal(h.emulator.store.agents.get(AGENT.two)!.presence, 'online');
});

test('an agent on as many calls as one may have is not rung for another, and cannot take one', async (t) => {
  const { h, two } = await setupBilling(t);
  const calls = [await placeCall(h, 'A'), await placeCall(h, 'B'), await placeCall(h, 'C')];
  for (const call of calls) await two.waitFor(about('call.ringing', call.callId));
  assert.equal((await emitWithAck(two.socket, 'call.accept', { callId: calls[0]!.callId }))[0], null);
  assert.equal((await emitWithAck(two.socket, 'call.accept', { callId: calls[1]!.callId }))[0], null);
  // At the limit: the third stops ringing this agent, and with nobody left it is missed.
  assert.equal((await two.waitFor(about('call.ended', calls[2]!.callId))).payload.data.reason, 'agent_unavailable');
  const [err] = await emitWithAck(two.socket, 'call.accept', { callId: calls[2]!.callId });
  assert.equal(err?.code, 'AGENT_SDK_CALL_STATE_CONFLICT');
  const fourth = await placeCall(h, 'D');
  assert.equal((await fourth.visitor.waitFor(about('call.ended', fourth.callId))).payload.reason, 'missed');
  assert.equal(two.events.filter(about('call.ringing', fourth.callId)).length, 0);
});

test('a customer whose socket drops while the call rings keeps it through the grace, and loses it after', async (t) => {
  const { h, two } = await setupBilling(t, { callReconnectGraceMs: 600 });
  const kept = await placeCall(h, 'Flaky');
  await two.waitFor(about('call.ringing', kept.callId));
  kept.visitor.socket.disconnect();
  // Back within the grace: the call still rings, and can be answered.
  await new Promise((r) => setTimeout(r, 200));
  kept.visitor.socket.connect();
  await waitForConnect(kept.visitor.socket);
  const [connectErr] = await emitWithAck(kept.visitor.socket, 'visitor.connect', { token: kept.visitorToken });
  assert.equal(connectErr, null);
  await new Promise((r) => setTimeout(r, 700));
  assert.equal(two.events.filter(about('call.ended', kept.callId)).length, 0);
  assert.equal((await emitWithAck(two.socket, 'call.accept', { callId: kept.callId }))[0], null);
  assert.equal((await emitWithAck(two.socket, 'call.end', { callId: kept.callId }))[0], null);

  const lost = await placeCall(h, 'Gone');
  await two.waitFor(about('call.ringing', lost.callId));
  lost.visitor.socket.disconnect();
  const ended = await two.waitFor(about('call.ended', lost.callId));
  assert.equal(ended.payload.data.reason, 'connection_lost');
  assert.equal(h.emulator.store.callLog.find((r) => r.callId === lost.callId)!.endedBy, 'system');
});
