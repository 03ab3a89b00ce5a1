/**
 * Network changes, for real: both parties send media only through a coturn relay
 * (`iceTransportPolicy: 'relay'`), and the test stops that relay mid-call. A short stop must be
 * survived by an ICE restart through the signalling path, without a new call; a long one must end
 * the call with `connection_failed` and every track stopped, after the default reconnect grace.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { startTurnRelay, type TurnRelay } from './turn.js';
import { agentStats, customerStats, eventually, flowing, sleep, startWorld, type World } from './world.js';

async function relayedCall(world: World, relay: TurnRelay): Promise<{ agent: Page; customer: Page }> {
  const ice = { iceServers: [relay.iceServer], iceTransportPolicy: 'relay' as const };
  const agent = await world.agentPage('agent.one', { goOnline: false });
  await agent.evaluate(async (ice) => {
    window.harness.agent!.calls.configure(ice);
    await window.harness.agent!.calls.goOnline();
  }, ice);
  const customer = await world.customerPage('Rita Relay', 'dep_support');
  assert.deepEqual(await customer.evaluate((ice) => window.customer.place('voice', ice), ice), { ok: true });
  await agent.waitForFunction(() => window.harness.calls.some((c) => c.state === 'ringing'));
  assert.deepEqual(await agent.evaluate(() => window.harness.act('accept')), { ok: true });
  await agent.waitForFunction(() => window.harness.call().connected);
  await customer.waitForFunction(() => window.customer.call?.connected === true);
  await flowing('customer audio at the agent', async () => (await agentStats(agent)).inAudio);
  await flowing('agent audio at the customer', async () => (await customerStats(customer)).inAudio);
  // Relay policy: both ends of the selected pair are relayed candidates, never loopback host ones.
  assert.deepEqual(await agent.evaluate(() => window.harness.candidateTypes()), ['relay', 'relay']);
  assert.deepEqual(await customer.evaluate(() => window.customer.candidateTypes()), ['relay', 'relay']);
  return { agent, customer };
}

const agentState = (agent: Page) => agent.evaluate(() => window.harness.call().state);
const customerState = (customer: Page) => customer.evaluate(() => window.customer.call!.state);

test('a relay-only call survives a 5 s stop of the relay: reconnecting, then media again on the same call', async (t) => {
  const relay = await startTurnRelay(t);
  const world = await startWorld(t);
  const { agent, customer } = await relayedCall(world, relay);
  const callId = await agent.evaluate(() => window.harness.call().id);

  const stoppedAt = Date.now();
  await relay.stop();
  await eventually('both sides to show reconnecting', async () => (await agentState(agent)) === 'reconnecting' && (await customerState(customer)) === 'reconnecting', 15_000);
  await sleep(Math.max(0, 5_000 - (Date.now() - stoppedAt)));
  await relay.start();
  const restartedAt = Date.now();

  await eventually('both sides active again', async () => (await agentState(agent)) === 'active' && (await customerState(customer)) === 'active', 15_000);
  await flowing('customer audio at the agent again', async () => (await agentStats(agent)).inAudio);
  await flowing('agent audio at the customer again', async () => (await customerStats(customer)).inAudio);
  console.log(`# media back on both sides ${Date.now() - restartedAt} ms after the relay restarted`);

  assert.equal(await agent.evaluate(() => window.harness.calls.length), 1, 'no new call');
  assert.equal(await agent.evaluate(() => window.harness.call().id), callId);
  const agentLog = await agent.evaluate(() => window.harness.log);
  assert.ok(agentLog.includes(`${callId} active->reconnecting`) && agentLog.includes(`${callId} reconnecting->active`), agentLog.join('\n'));
  const customerLog = await customer.evaluate(() => window.customer.log);
  assert.ok(customerLog.includes('active->reconnecting') && customerLog.includes('reconnecting->active'), customerLog.join('\n'));
  assert.equal(world.emulator.store.callLog.at(-1)!.status, 'active');
});

test('a 30 s stop of the relay ends the call with connection_failed once the grace runs out, every track stopped', async (t) => {
  const relay = await startTurnRelay(t);
  const world = await startWorld(t);
  const { agent, customer } = await relayedCall(world, relay);

  await relay.stop();
  await eventually('both sides to show reconnecting', async () => (await agentState(agent)) === 'reconnecting' && (await customerState(customer)) === 'reconnecting', 15_000);
  // The default grace (20 s) runs out well within the 30 s the relay stays away.
  await eventually('both sides ended', async () => (await agentState(agent)) === 'ended' && (await customerState(customer)) === 'ended', 30_000, 500);

  const agentCall = await agent.evaluate(() => window.harness.summary());
  assert.equal(agentCall.endReason, 'connection_failed');
  assert.equal(agentCall.errorCode, 'CALL_CONNECTION_FAILED');
  assert.equal((await customer.evaluate(() => window.customer.summary()))!.endReason, 'connection_failed');
  for (const track of [...(await agent.evaluate(() => window.harness.tracks())), ...(await customer.evaluate(() => window.customer.tracks()))]) {
    assert.match(track, /:ended$/);
  }
  await eventually('the call log to say connection_failed', async () => world.emulator.store.callLog.at(-1)!.endReason === 'connection_failed');
  assert.equal(world.emulator.store.agents.get('agt_one')!.presence, 'online');
});
