/**
 * Call routing in the emulator, over real sockets: agents go online for calls, a visitor places a
 * call, and the tests follow ringing, answers, rejects, timeouts, relay, presence and the call log.
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { CallRecord } from '../../src/protocol/calls.js';
import { AGENT, DEP, emitWithAck, setup, type AgentSocket, type Harness, type Recorder } from './helpers.js';

interface Team {
  h: Harness;
  one: AgentSocket;
  three: AgentSocket;
  two: AgentSocket;
  tokens: Record<'one' | 'two' | 'three', string>;
}

/** agent.one and agent.three (Support) and agent.two (Billing), all online for calls. */
async function team(t: TestContext, options: Parameters<typeof setup>[1] = {}): Promise<Team> {
  const h = await setup(t, options);
  const tokens = { one: await h.mint('agent.one'), two: await h.mint('agent.two'), three: await h.mint('agent.three') };
  const sockets = {} as Record<'one' | 'two' | 'three', AgentSocket>;
  for (const name of ['one', 'two', 'three'] as const) {
    const answer = await h.as(tokens[name]).put('/api/agent/presence', { status: 'online' });
    assert.equal(answer.status, 200);
    sockets[name] = await h.connectAgent(tokens[name]);
    const [err, reply] = await emitWithAck(sockets[name].socket, 'calls.online');
    assert.equal(err, null);
    assert.equal(reply.callsOnline, true);
  }
  return { h, ...sockets, tokens };
}

async function placeCall(h: Harness, departmentId: string = DEP.support, type: 'voice' | 'video' = 'voice', name = 'Caller'): Promise<{ visitor: Recorder; callId: string }> {
  const session = await h.openVisitor({ name, departmentId });
  const visitor = await h.connectVisitor(session.visitorToken);
  const [err, view] = await emitWithAck(visitor.socket, 'visitor.call.start', { type });
  assert.equal(err, null, JSON.stringify(err));
  assert.equal(view.status, 'ringing');
  return { visitor, callId: view.callId };
}

const callEvent = (name: string, callId: string) => (e: { name: string; payload: any }) =>
  e.name === name && (e.payload?.data?.call?.callId === callId || e.payload?.data?.callId === callId || e.payload?.call?.callId === callId || e.payload?.callId === callId);

async function callLog(h: Harness, token: string): Promise<CallRecord[]> {
  const answer = await h.as(token).get('/api/agent/calls');
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body.calls;
}

test('a call rings every online agent of its department, with a sequence number, and nobody else', async (t) => {
  const { h, one, two, three } = await team(t);
  const { callId } = await placeCall(h, DEP.support, 'video', 'Maya');
  const ringOne = await one.waitFor(callEvent('call.ringing', callId));
  await three.waitFor(callEvent('call.ringing', callId));
  await h.barrier(one, two, three);
  assert.equal(two.named('call.ringing').length, 0, 'Billing must not ring for a Support call');
  const envelope = ringOne.payload;
  assert.equal(typeof envelope.seq, 'number');
  assert.equal(envelope.ephemeral, false);
  assert.equal(envelope.data.call.type, 'video');
  assert.equal(envelope.data.call.customer.name, 'Maya');
  assert.equal(envelope.data.call.status, 'ringing');
  assert.ok(Date.parse(envelope.data.call.ringUntil) > Date.now());
});

test('busy agents, agents not online for calls and agents without calls scopes are not rung', async (t) => {
  const h = await setup(t);
  const oneToken = await h.mint('agent.one');
  const threeToken = await h.mint('agent.three');
  await h.as(oneToken).put('/api/agent/presence', { status: 'busy' });
  const one = await h.connectAgent(oneToken);
  assert.equal((await emitWithAck(one.socket, 'calls.online'))[0], null);
  await h.as(threeToken).put('/api/agent/presence', { status: 'online' });
  const three = await h.connectAgent(threeToken);
  // agent.three never went online for calls.

  const readOnly = await h.mint('agent.three', ['agent:calls:read']);
  const denied = await h.connectAgent(readOnly);
  const [err] = await emitWithAck(denied.socket, 'calls.online');
  assert.equal(err?.type, 'forbidden');
  assert.equal(err?.code, 'AGENT_SDK_SCOPE_DENIED');

  const { visitor, callId } = await placeCall(h);
  const ended = await visitor.waitFor(callEvent('call.ended', callId));
  assert.equal(ended.payload.reason, 'missed');
  assert.equal(one.named('call.ringing').length + three.named('call.ringing').length, 0);
});

test('the first accept wins; the others hear it was answered elsewhere; presence goes in_call and back', async (t) => {
  const { h, one, three, two } = await team(t);
  const { visitor, callId } = await placeCall(h);
  await one.waitFor(callEvent('call.ringing', callId));
  await three.waitFor(callEvent('call.ringing', callId));

  const [err, call] = await emitWithAck(three.socket, 'call.accept', { callId });
  assert.equal(err, null, JSON.stringify(err));
  assert.equal(call.status, 'active');
  assert.equal(call.agentId, AGENT.three);
  assert.match(call.legId, /^leg_/);
  const [lateErr] = await emitWithAck(one.socket, 'call.accept', { callId });
  assert.equal(lateErr?.code, 'AGENT_SDK_CALL_ALREADY_ANSWERED');
  assert.equal(lateErr?.type, 'conflict');

  const elsewhere = await one.waitFor(callEvent('call.ended', callId));
  assert.equal(elsewhere.payload.data.reason, 'answered_elsewhere');
  await three.waitFor(callEvent('call.answered', callId));
  const answered = await visitor.waitFor(callEvent('call.answered', callId));
  assert.equal(answered.payload.call.agentName, 'Casey Three');
  assert.equal(answered.payload.call.legId, call.legId);

  const inCall = await two.waitFor((e) => e.name === 'agent.presence.updated' && e.payload.data.agentId === AGENT.three && e.payload.data.status === 'in_call');
  assert.equal(inCall.payload.data.previousStatus, 'online');
  assert.equal((await h.as(await h.mint('agent.three')).get('/api/agent/presence')).body.status, 'in_call');

  const mark = two.mark;
  const [endErr, ended] = await emitWithAck(three.socket, 'call.end', { callId });
  assert.equal(endErr, null);
  assert.equal(ended.status, 'ended');
  const back = await two.waitFor((e) => e.name === 'agent.presence.updated' && e.payload.data.agentId === AGENT.three, mark);
  assert.equal(back.payload.data.status, 'online');
  assert.equal((await visitor.waitFor(callEvent('call.ended', callId))).payload.reason, 'agent_ended');
  assert.equal((await three.waitFor(callEvent('call.ended', callId))).payload.data.reason, 'agent_ended');
});

test('a reject moves the call on; with nobody left it is missed', async (t) => {
  const { h, one, three } = await team(t);
  const { visitor, callId } = await placeCall(h);
  await one.waitFor(callEvent('call.ringing', callId));
  await three.waitFor(callEvent('call.ringing', callId));

  const [err] = await emitWithAck(one.socket, 'call.reject', { callId, reason: 'With another customer' });
  assert.equal(err, null);
  assert.equal((await one.waitFor(callEvent('call.ended', callId))).payload.data.reason, 'rejected');
  // The call still rings agent.three, who can take it.
  const [acceptErr] = await emitWithAck(three.socket, 'call.accept', { callId });
  assert.equal(acceptErr, null);
  await visitor.waitFor(callEvent('call.answered', callId));
  await emitWithAck(three.socket, 'call.end', { callId });

  const second = await placeCall(h, DEP.support, 'voice', 'Second');
  await one.waitFor(callEvent('call.ringing', second.callId));
  await three.waitFor(callEvent('call.ringing', second.callId));
  await emitWithAck(one.socket, 'call.reject', { callId: second.callId });
  await emitWithAck(three.socket, 'call.reject', { callId: second.callId });
  const missed = await second.visitor.waitFor(callEvent('call.ended', second.callId));
  assert.equal(missed.payload.reason, 'missed');

  const log = await callLog(h, await h.mint('lead.one'));
  const record = log.find((r) => r.callId === second.callId)!;
  assert.equal(record.endReason, 'missed');
  assert.deepEqual(record.rejections.map((r) => r.agentId).sort(), [AGENT.one, AGENT.three]);
});

test('an agent who goes online while a call rings starts ringing too', async (t) => {
  const { h, one, three } = await team(t);
  await emitWithAck(three.socket, 'calls.offline');
  const { callId } = await placeCall(h);
  await one.waitFor(callEvent('call.ringing', callId));
  const mark = three.mark;
  const [err, reply] = await emitWithAck(three.socket, 'calls.online');
  assert.equal(err, null);
  assert.deepEqual(
    reply.ringing.map((c: { callId: string }) => c.callId),
    [callId],
  );
  await three.waitFor(callEvent('call.ringing', callId), mark);
});

test('the ring timeout makes the call missed, for the customer and every ringing agent', async (t) => {
  const { h, one, three, tokens } = await team(t, { ringTimeoutMs: 300 });
  const { visitor, callId } = await placeCall(h);
  await one.waitFor(callEvent('call.ringing', callId));
  const ended = await visitor.waitFor(callEvent('call.ended', callId));
  assert.equal(ended.payload.reason, 'missed');
  assert.equal((await one.waitFor(callEvent('call.ended', callId))).payload.data.reason, 'missed');
  assert.equal((await three.waitFor(callEvent('call.ended', callId))).payload.data.reason, 'missed');
  const [err] = await emitWithAck(one.socket, 'call.accept', { callId });
  assert.equal(err?.code, 'AGENT_SDK_CALL_STATE_CONFLICT');
  const record = (await callLog(h, tokens.one)).find((r) => r.callId === callId)!;
  assert.equal(record.endReason, 'missed');
  assert.equal(record.endedBy, 'system');
  assert.equal(record.talkDurationMs, 0);
  assert.ok(record.ringDurationMs >= 250, `ringDurationMs ${record.ringDurationMs}`);
});

test('goOffline stops ringing that agent; the last one going offline makes the call missed', async (t) => {
  const { h, one, three } = await team(t);
  const { visitor, callId } = await placeCall(h);
  await one.waitFor(callEvent('call.ringing', callId));
  await three.waitFor(callEvent('call.ringing', callId));
  const [err, reply] = await emitWithAck(one.socket, 'calls.offline');
  assert.equal(err, null);
  assert.equal(reply.callsOnline, false);
  assert.equal((await one.waitFor(callEvent('call.ended', callId))).payload.data.reason, 'agent_unavailable');
  const [acceptErr] = await emitWithAck(one.socket, 'call.accept', { callId });
  assert.equal(acceptErr?.code, 'AGENT_SDK_CALL_STATE_CONFLICT');
  await emitWithAck(three.socket, 'calls.offline');
  assert.equal((await visitor.waitFor(callEvent('call.ended', callId))).payload.reason, 'missed');
});

test('becoming busy stops the ringing too', async (t) => {
  const { h, one, tokens } = await team(t);
  const { callId } = await placeCall(h);
  await one.waitFor(callEvent('call.ringing', callId));
  await h.as(tokens.one).put('/api/agent/presence', { status: 'busy' });
  assert.equal((await one.waitFor(callEvent('call.ended', callId))).payload.data.reason, 'agent_unavailable');
});

test('signals are relayed only between the two parties of the call, on the current leg', async (t) => {
  const { h, one, three, two } = await team(t);
  const { visitor, callId } = await placeCall(h);
  await one.waitFor(callEvent('call.ringing', callId));
  const [, call] = await emitWithAck(one.socket, 'call.accept', { callId });
  const legId = call.legId as string;

  const offer = { type: 'offer', sdp: 'v=0 fake' };
  assert.deepEqual(await emitWithAck(one.socket, 'call.signal', { callId, legId, signal: offer }), [null, true]);
  const relayed = await visitor.waitFor(callEvent('call.signal', callId));
  assert.deepEqual(relayed.payload, { callId, legId, signal: offer });

  const answer = { type: 'answer', sdp: 'v=0 fake answer' };
  assert.deepEqual(await emitWithAck(visitor.socket, 'visitor.call.signal', { callId, legId, signal: answer }), [null, true]);
  const back = await one.waitFor(callEvent('call.signal', callId));
  assert.deepEqual(back.payload.data, { callId, legId, signal: answer });
  assert.equal(back.payload.ephemeral, true);

  // Another agent cannot inject signals, and a stale leg is refused.
  const [strangerErr] = await emitWithAck(three.socket, 'call.signal', { callId, legId, signal: offer });
  assert.equal(strangerErr?.code, 'AGENT_SDK_CALL_NOT_FOUND');
  const [staleErr] = await emitWithAck(visitor.socket, 'visitor.call.signal', { callId, legId: 'leg_stale', signal: answer });
  assert.equal(staleErr?.code, 'VISITOR_INVALID_REQUEST');

  // A second customer cannot signal into this call either.
  const stranger = await placeCall(h, DEP.billing, 'voice', 'Stranger');
  const [visitorErr] = await emitWithAck(stranger.visitor.socket, 'visitor.call.signal', { callId, legId, signal: answer });
  assert.equal(visitorErr?.code, 'VISITOR_INVALID_REQUEST');

  await h.barrier(one, two, three);
  assert.equal(two.named('call.signal').length + three.named('call.signal').length, 0);
  assert.equal(stranger.visitor.named('call.signal').length, 0);
  assert.equal(one.named('call.signal').length, 1);
});

test('hold and resume are told to the customer; media changes go to the other side', async (t) => {
  const { h, one } = await team(t);
  const { visitor, callId } = await placeCall(h);
  await one.waitFor(callEvent('call.ringing', callId));
  await emitWithAck(one.socket, 'call.accept', { callId });

  const [holdErr, held] = await emitWithAck(one.socket, 'call.hold', { callId });
  assert.equal(holdErr, null);
  assert.equal(held.status, 'held');
  assert.equal((await visitor.waitFor(callEvent('call.held', callId))).payload.call.status, 'held');
  await one.waitFor(callEvent('call.held', callId));
  const [twiceErr] = await emitWithAck(one.socket, 'call.hold', { callId });
  assert.equal(twiceErr?.code, 'AGENT_SDK_CALL_STATE_CONFLICT');
  const [, resumed] = await emitWithAck(one.socket, 'call.resume', { callId });
  assert.equal(resumed.status, 'active');
  await visitor.waitFor(callEvent('call.resumed', callId));

  await emitWithAck(one.socket, 'call.media', { callId, audio: false, video: false });
  assert.deepEqual((await visitor.waitFor(callEvent('call.media', callId))).payload.media, { audio: false, video: false });
  await emitWithAck(visitor.socket, 'visitor.call.media', { callId, audio: true, video: true });
  const media = await one.waitFor(callEvent('call.media', callId));
  assert.deepEqual(media.payload.data, { callId, party: 'customer', media: { audio: true, video: true } });

  await emitWithAck(visitor.socket, 'visitor.call.end', { callId });
  assert.equal((await one.waitFor(callEvent('call.ended', callId))).payload.data.reason, 'customer_ended');
});

test('transfer rings the other department; the first agent is released when the new agent answers', async (t) => {
  const { h, one, two } = await team(t);
  const { visitor, callId } = await placeCall(h);
  await one.waitFor(callEvent('call.ringing', callId));
  const [, first] = await emitWithAck(one.socket, 'call.accept', { callId });

  const [err, transferring] = await emitWithAck(one.socket, 'call.transfer', { callId, departmentId: DEP.billing });
  assert.equal(err, null, JSON.stringify(err));
  assert.equal(transferring.status, 'transferring');
  await visitor.waitFor(callEvent('call.transferring', callId));
  const ring = await two.waitFor(callEvent('call.ringing', callId));
  assert.deepEqual(ring.payload.data.call.transfer, { toDepartmentId: DEP.billing, fromAgentId: AGENT.one });

  const mark = visitor.mark;
  const [acceptErr, second] = await emitWithAck(two.socket, 'call.accept', { callId });
  assert.equal(acceptErr, null);
  assert.notEqual(second.legId, first.legId);
  const done = await one.waitFor(callEvent('call.transferred', callId));
  assert.equal(done.payload.data.outcome, 'completed');
  assert.equal((await one.waitFor(callEvent('call.ended', callId))).payload.data.reason, 'transferred');
  const answered = await visitor.waitFor(callEvent('call.answered', callId), mark);
  assert.equal(answered.payload.call.agentName, 'Blair Two');
  assert.equal(answered.payload.call.legId, second.legId);

  // The old leg is dead: agent.one can no longer signal, agent.two can.
  const [oldErr] = await emitWithAck(one.socket, 'call.signal', { callId, legId: first.legId, signal: { type: 'offer', sdp: 'v=0 fake' } });
  assert.ok(oldErr);
  assert.deepEqual(await emitWithAck(two.socket, 'call.signal', { callId, legId: second.legId, signal: { type: 'offer', sdp: 'v=0 fake' } }), [null, true]);

  assert.equal(h.emulator.store.agents.get(AGENT.one)!.presence, 'online');
  assert.equal(h.emulator.store.agents.get(AGENT.two)!.presence, 'in_call');
  await emitWithAck(two.socket, 'call.end', { callId });
  const record = (await callLog(h, await h.mint('admin.one'))).find((r) => r.callId === callId)!;
  assert.deepEqual(
    record.legs.map((l) => [l.agentId, l.endReason]),
    [
      [AGENT.one, 'transferred'],
      [AGENT.two, 'agent_ended'],
    ],
  );
  assert.equal(record.transfers[0]!.outcome, 'completed');
});

test('a transfer nobody answers returns the call to the first agent, on hold', async (t) => {
  const { h, one, two } = await team(t, { ringTimeoutMs: 400 });
  const { visitor, callId } = await placeCall(h);
  await one.waitFor(callEvent('call.ringing', callId));
  await emitWithAck(one.socket, 'call.accept', { callId });
  await emitWithAck(one.socket, 'call.transfer', { callId, departmentId: DEP.billing });
  await two.waitFor(callEvent('call.ringing', callId));
  const returned = await one.waitFor(callEvent('call.transferred', callId));
  assert.equal(returned.payload.data.outcome, 'returned');
  assert.equal(returned.payload.data.call.status, 'held');
  assert.equal((await two.waitFor(callEvent('call.ended', callId))).payload.data.reason, 'missed');
  await visitor.waitFor(callEvent('call.held', callId));
  const [, resumed] = await emitWithAck(one.socket, 'call.resume', { callId });
  assert.equal(resumed.status, 'active');

  // With nobody to ring at all, the transfer returns at once.
  await emitWithAck(two.socket, 'calls.offline');
  const mark = one.mark;
  await emitWithAck(one.socket, 'call.transfer', { callId, departmentId: DEP.billing });
  assert.equal((await one.waitFor(callEvent('call.transferred', callId), mark)).payload.data.outcome, 'returned');
});

test('a customer who hangs up while it rings cancels the call for every ringing agent', async (t) => {
  const { h, one, three } = await team(t);
  const { visitor, callId } = await placeCall(h);
  await one.waitFor(callEvent('call.ringing', callId));
  await emitWithAck(visitor.socket, 'visitor.call.end', { callId });
  assert.equal((await one.waitFor(callEvent('call.ended', callId))).payload.data.reason, 'customer_cancelled');
  assert.equal((await three.waitFor(callEvent('call.ended', callId))).payload.data.reason, 'customer_cancelled');
});

test('call events are durable: a reconnecting agent catches up on them through the events route', async (t) => {
  const { h, one, tokens } = await team(t);
  const lastSeq = Math.max(...one.envelopes().map((e) => e.seq), one.reply.lastSeq);
  const { callId } = await placeCall(h);
  await one.waitFor(callEvent('call.ringing', callId));
  const answer = await h.as(tokens.one).get('/api/agent/events', { after: lastSeq });
  assert.equal(answer.status, 200);
  assert.ok(answer.body.events.some((e: { type: string; data: { call?: { callId: string } } }) => e.type === 'call.ringing' && e.data.call?.callId === callId));
  // A token without agent:calls:read neither receives nor replays them.
  const noCalls = await h.mint('agent.one', ['agent:conversations:read', 'agent:messages:read', 'agent:presence:read']);
  const replay = await h.as(noCalls).get('/api/agent/events', { after: lastSeq });
  assert.equal(replay.body.events.filter((e: { type: string }) => e.type.startsWith('call.')).length, 0);
});

test('the call log: who, when, how long and how it ended, scoped to what the agent took part in', async (t) => {
  const { h, one, tokens } = await team(t);
  const { visitor, callId } = await placeCall(h, DEP.support, 'video', 'Logged');
  await one.waitFor(callEvent('call.ringing', callId));
  await emitWithAck(one.socket, 'call.accept', { callId });
  await new Promise((r) => setTimeout(r, 120));
  await emitWithAck(visitor.socket, 'visitor.call.end', { callId });
  await one.waitFor(callEvent('call.ended', callId));

  const [record] = await callLog(h, tokens.one);
  assert.ok(record);
  assert.equal(record.callId, callId);
  assert.equal(record.type, 'video');
  assert.equal(record.customer.name, 'Logged');
  assert.equal(record.agentId, AGENT.one);
  assert.equal(record.endReason, 'customer_ended');
  assert.equal(record.endedBy, 'customer');
  assert.ok(record.talkDurationMs >= 100, `talkDurationMs ${record.talkDurationMs}`);
  assert.ok(record.answeredAt && record.endedAt);
  assert.ok(record.rungAgentIds.includes(AGENT.three));
  assert.equal((await callLog(h, tokens.two)).length, 0, 'agent.two was never rung');

  const live = await h.as(tokens.one).get('/api/agent/calls', { status: 'live' });
  assert.equal(live.body.calls.length, 0);
  const denied = await h.as(await h.mint('agent.one', ['agent:profile:read'])).get('/api/agent/calls');
  assert.equal(denied.status, 403);
  assert.equal(denied.body.error.code, 'AGENT_SDK_SCOPE_DENIED');
});

test('an agent whose connection is gone stops ringing; one on a call gets a grace period', async (t) => {
  const { h, one, three } = await team(t, { callReconnectGraceMs: 300 });
  const { visitor, callId } = await placeCall(h);
  await one.waitFor(callEvent('call.ringing', callId));
  await three.waitFor(callEvent('call.ringing', callId));
  await emitWithAck(three.socket, 'call.accept', { callId });
  three.socket.disconnect();
  const ended = await visitor.waitFor(callEvent('call.ended', callId));
  assert.equal(ended.payload.reason, 'connection_lost');
  const record = (await callLog(h, await h.mint('lead.one'))).find((r) => r.callId === callId)!;
  assert.equal(record.endedBy, 'system');
});

test('malformed call requests name the field', async (t) => {
  const { h, one } = await team(t);
  const [err] = await emitWithAck(one.socket, 'call.accept', { callId: 'nope' });
  assert.equal(err?.type, 'invalid_request');
  assert.equal(err?.code, 'AGENT_SDK_INVALID_REQUEST');
  assert.match(err!.message, /callId/);
  const [missing] = await emitWithAck(one.socket, 'call.hold', { callId: 'call_doesnotexist' });
  assert.equal(missing?.code, 'AGENT_SDK_CALL_NOT_FOUND');
  const session = await h.openVisitor({});
  const visitor = await h.connectVisitor(session.visitorToken);
  const [bad] = await emitWithAck(visitor.socket, 'visitor.call.start', { type: 'fax' });
  assert.equal(bad?.code, 'VISITOR_INVALID_REQUEST');
  assert.match(bad!.message, /type/);
});
