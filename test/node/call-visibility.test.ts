/**
 * A visitor call belongs to its conversation: it rings, can be answered and shows in the call log
 * only for agents who may see that conversation, and a call transfer moves the conversation too.
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { CallRecord } from '../../src/protocol/calls.js';
import { AGENT, DEP, conv, emitWithAck, setup, type AgentSocket, type Harness, type Recorder } from './helpers.js';

type Name = 'one' | 'two' | 'three';

/** agent.one and agent.three (Support) and agent.two (Billing), all online for calls. */
async function team(t: TestContext) {
  const h = await setup(t);
  const tokens = {} as Record<Name, string>;
  const sockets = {} as Record<Name, AgentSocket>;
  for (const name of ['one', 'two', 'three'] as const) {
    tokens[name] = await h.mint(`agent.${name}`);
    assert.equal((await h.as(tokens[name]).put('/api/agent/presence', { status: 'online' })).status, 200);
    sockets[name] = await h.connectAgent(tokens[name]);
    assert.equal((await emitWithAck(sockets[name].socket, 'calls.online'))[0], null);
  }
  return { h, tokens, ...sockets };
}

async function call(h: Harness, request: Record<string, unknown>, name = 'Caller'): Promise<{ visitor: Recorder; callId: string; conversationId: string }> {
  const session = await h.openVisitor({ name, departmentId: DEP.support, body: 'Please call me' });
  const visitor = await h.connectVisitor(session.visitorToken);
  const [err, view] = await emitWithAck(visitor.socket, 'visitor.call.start', { type: 'voice', ...request });
  assert.equal(err, null, JSON.stringify(err));
  return { visitor, callId: view.callId, conversationId: session.conversationId };
}

const about = (name: string, callId: string) => (e: { name: string; payload: any }) => e.name === name && e.payload?.data?.call?.callId === callId;
const rangFor = (s: AgentSocket, callId: string) => s.named('call.ringing').filter((e) => e.payload.data.call.callId === callId).length;

async function log(h: Harness, token: string): Promise<CallRecord[]> {
  const answer = await h.as(token).get('/api/agent/calls');
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body.calls;
}

test('a Support customer calling "Billing" rings Support; Billing can neither answer it nor find it in its log', async (t) => {
  const { h, tokens, one, two, three } = await team(t);
  const { visitor, callId } = await call(h, { departmentId: DEP.billing }, 'Support Customer');
  const ring = await one.waitFor(about('call.ringing', callId));
  await three.waitFor(about('call.ringing', callId));
  await h.barrier(one, two, three);
  assert.equal(ring.payload.data.call.departmentId, DEP.support, "the call's department is its conversation's");
  assert.equal(rangFor(two, callId), 0, 'Billing is not rung');
  assert.equal(JSON.stringify(two.events).includes('Support Customer'), false, 'Billing never hears the name');

  for (const request of ['call.accept', 'call.reject'] as const) {
    const [err] = await emitWithAck(two.socket, request, { callId });
    assert.equal(err?.code, 'AGENT_SDK_CALL_NOT_FOUND', `${request}: ${JSON.stringify(err)}`);
  }
  assert.deepEqual((await emitWithAck(one.socket, 'call.accept', { callId }))[0], null);
  await emitWithAck(visitor.socket, 'visitor.call.end', { callId });
  await one.waitFor(about('call.ended', callId));

  assert.equal(
    (await log(h, tokens.two)).some((r) => r.callId === callId),
    false,
    "not in Billing's log",
  );
  assert.equal(
    (await log(h, tokens.one)).some((r) => r.callId === callId),
    true,
  );
  assert.equal(
    (await log(h, await h.mint('lead.one'))).some((r) => r.callId === callId),
    true,
    'a supervisor reads every call',
  );
  // Once over, the call still does not exist for Billing (no "has ended" that would confirm it).
  assert.equal((await emitWithAck(two.socket, 'call.accept', { callId }))[0]?.code, 'AGENT_SDK_CALL_NOT_FOUND');
});

test('a call rings only who sees the conversation, and stops ringing whoever loses sight of it', async (t) => {
  const { h, tokens, one, three } = await team(t);
  // Assigned to agent.one: agent.three, same department, no longer sees it, so is not rung.
  const first = await call(h, {});
  await one.waitFor(about('call.ringing', first.callId));
  await emitWithAck(first.visitor.socket, 'visitor.call.end', { callId: first.callId });
  const session = await h.openVisitor({ name: 'Assigned', departmentId: DEP.support, body: 'Hi' });
  assert.equal((await h.as(tokens.one).post(`${conv(session.conversationId)}/accept`, {})).status, 200);
  const visitor = await h.connectVisitor(session.visitorToken);
  const [, view] = await emitWithAck(visitor.socket, 'visitor.call.start', { type: 'voice' });
  await one.waitFor(about('call.ringing', view.callId));
  await h.barrier(one, three);
  assert.equal(rangFor(three, view.callId), 0, 'the assigned conversation rings its agent only');
  await emitWithAck(visitor.socket, 'visitor.call.end', { callId: view.callId });

  // Ringing both; agent.three takes the conversation: agent.one stops ringing and cannot answer.
  const queued = await call(h, {});
  await one.waitFor(about('call.ringing', queued.callId));
  await three.waitFor(about('call.ringing', queued.callId));
  const mark = one.mark;
  assert.equal((await h.as(tokens.three).post(`${conv(queued.conversationId)}/accept`, {})).status, 200);
  assert.equal((await one.waitFor(about('call.ended', queued.callId), mark)).payload.data.reason, 'answered_elsewhere');
  assert.equal((await emitWithAck(one.socket, 'call.accept', { callId: queued.callId }))[0]?.code, 'AGENT_SDK_CALL_NOT_FOUND');
  assert.deepEqual((await emitWithAck(three.socket, 'call.accept', { callId: queued.callId }))[0], null);
});

test('transferring a call moves its conversation; an agent who may not transfer the conversation cannot transfer the call', async (t) => {
  const { h, tokens, one, two } = await team(t);
  const { callId, conversationId } = await call(h, {});
  await one.waitFor(about('call.ringing', callId));
  assert.deepEqual((await emitWithAck(one.socket, 'call.accept', { callId }))[0], null);
  assert.deepEqual((await h.as(tokens.one).get(conv(conversationId))).body.participantAgentIds, [AGENT.one], 'answering joins the conversation');

  const [err] = await emitWithAck(one.socket, 'call.transfer', { callId, departmentId: DEP.billing });
  assert.equal(err, null, JSON.stringify(err));
  await two.waitFor(about('call.ringing', callId));
  const moved = await h.as(tokens.two).get(conv(conversationId));
  assert.equal(moved.status, 200, 'Billing, rung for the call, can open its conversation');
  assert.equal(moved.body.departmentId, DEP.billing);
  assert.deepEqual((await emitWithAck(two.socket, 'call.accept', { callId }))[0], null);
  await one.waitFor(about('call.ended', callId));

  // The conversation is now agent.three's: agent.two, on the call, may no longer move it.
  assert.equal((await h.as(await h.mint('lead.one')).post(`${conv(conversationId)}/assign`, { assignedAgentId: AGENT.three, reason: 'Owner' })).status, 200);
  const [refused] = await emitWithAck(two.socket, 'call.transfer', { callId, departmentId: DEP.sales });
  assert.equal(refused?.code, 'AGENT_SDK_CONVERSATION_WRITE_FORBIDDEN', JSON.stringify(refused));
  const record = (await log(h, tokens.two)).find((r) => r.callId === callId)!;
  assert.equal(record.status, 'active', 'a refused transfer leaves the call as it was');
  assert.equal(record.transfers.length, 1);
});
