/**
 * `agent.calls.devices` in Chromium with fake devices, a customer in another context: a new
 * microphone mid-call replaces the track being sent without renegotiating and the customer keeps
 * hearing it; an unplugged microphone falls back to the default and says so.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { customerStats, eventually, flowing, startWorld, type World } from './world.js';

async function liveCall(world: World): Promise<{ agent: Page; customer: Page }> {
  const agent = await world.agentPage('agent.one');
  const customer = await world.customerPage('Dee Vice', 'dep_support');
  assert.deepEqual(await customer.evaluate(() => window.customer.place('voice')), { ok: true });
  await agent.waitForFunction(() => window.harness.calls.length === 1 && window.harness.call().state === 'ringing');
  assert.deepEqual(await agent.evaluate(() => window.harness.act('accept')), { ok: true });
  await customer.waitForFunction(() => window.customer.call?.connected === true);
  await flowing('agent audio at the customer', async () => (await customerStats(customer)).inAudio);
  return { agent, customer };
}

test('choosing another microphone mid-call swaps the sending track without renegotiation, bytes keep flowing, and the choice persists', async (t) => {
  const world = await startWorld(t);
  const { agent, customer } = await liveCall(world);
  const lists = await agent.evaluate(() => window.harness.devices());
  assert.ok(lists.microphones.length >= 2, `fake devices list two microphones or more: ${JSON.stringify(lists)}`);
  const before = await agent.evaluate(() => window.harness.sending());
  const other = lists.microphones.find((m) => m.id !== before.deviceId)!;
  assert.ok(other, 'a microphone other than the one in use');

  assert.deepEqual(await agent.evaluate((id) => window.harness.selectDevice('microphone', id), other.id), { ok: true });
  const after = await agent.evaluate(() => window.harness.sending());
  assert.equal(after.deviceId, other.id, 'the sender now sends the chosen microphone');
  assert.notEqual(after.trackId, before.trackId, 'a new track');
  assert.equal(after.localTrackId, after.trackId, 'the local stream holds the track being sent');
  assert.equal(after.senders, before.senders, 'no sender was added');
  assert.equal(after.sdp, before.sdp, 'no new offer: the local description is unchanged');
  assert.equal(after.signalingState, 'stable');
  await flowing('agent audio at the customer after the swap', async () => (await customerStats(customer)).inAudio);
  assert.equal(await agent.evaluate(() => window.harness.call().state), 'active');
  // The old track is released (its device's light goes off), the new one lives.
  assert.deepEqual(
    await agent.evaluate(() =>
      window.harness
        .tracks()
        .filter((t) => t.startsWith('audio:'))
        .slice(0, 1),
    ),
    ['audio:live'],
  );

  // Kept in this browser: a new page of the same context starts with the choice.
  const again = await agent.context().newPage();
  await again.goto(`${world.url}/t/agent.html`);
  await again.waitForFunction(() => Boolean(window.harness));
  await again.evaluate(async (token) => window.harness.start(token), await world.mint('agent.three'));
  assert.equal(await again.evaluate(() => window.harness.agent!.calls.devices.selected('microphone')), other.id);

  // Bad input names the field; nothing changes.
  assert.deepEqual(await agent.evaluate(() => window.harness.selectDevice('microphone', 'no-such-device')), { ok: false, code: 'CALL_MEDIA_DEVICE_NOT_FOUND', field: 'deviceId' });
  assert.deepEqual(await agent.evaluate(() => window.harness.selectDevice('toaster' as never, null)), { ok: false, code: 'AGENT_SDK_INVALID_REQUEST', field: 'kind' });
  assert.equal((await agent.evaluate(() => window.harness.sending())).deviceId, other.id);
});

test('an unplugged microphone falls back to the default during a call, says so, and audio keeps flowing', async (t) => {
  const world = await startWorld(t);
  const { agent, customer } = await liveCall(world);
  const lists = await agent.evaluate(() => window.harness.devices());
  const before = await agent.evaluate(() => window.harness.sending());
  const chosen = lists.microphones.find((m) => m.id !== before.deviceId)!;
  assert.deepEqual(await agent.evaluate((id) => window.harness.selectDevice('microphone', id), chosen.id), { ok: true });
  assert.equal((await agent.evaluate(() => window.harness.sending())).deviceId, chosen.id);

  await agent.evaluate((id) => window.harness.unplug(id), chosen.id);
  await agent.waitForFunction((id) => window.harness.log.includes(`fallback microphone ${id}`), chosen.id);
  assert.equal(await agent.evaluate(() => window.harness.agent!.calls.devices.selected('microphone')), null);
  await eventually('the default microphone is sent', async () => {
    const now = await agent.evaluate(() => window.harness.sending());
    return now.deviceId !== chosen.id && now.trackId !== null;
  });
  const after = await agent.evaluate(() => window.harness.sending());
  assert.equal(after.sdp, before.sdp, 'no renegotiation');
  await flowing('agent audio at the customer after the fallback', async () => (await customerStats(customer)).inAudio);

  // The call log keeps what the agent's browser measured on its leg.
  await eventually('a quality sample', async () => agent.evaluate(() => window.harness.call().qualitySummary().samples > 0));
  const callId = await agent.evaluate(() => window.harness.call().id);
  assert.deepEqual(await agent.evaluate(() => window.harness.act('end')), { ok: true });
  await eventually('the leg quality in the call log', async () => Boolean(world.emulator.store.callLog.find((c) => c.callId === callId)?.legs[0]?.quality));
  const quality = world.emulator.store.callLog.find((c) => c.callId === callId)!.legs[0]!.quality!;
  assert.ok(quality.samples > 0);
  assert.ok(quality.rttMs !== null && quality.rttMs.worst >= 0);
  assert.deepEqual(quality.warnings, []);
});
