/**
 * Calls end to end: agents and customers in separate browser contexts of a real Chromium with fake
 * devices, the real emulator between them, real WebRTC through simple-peer.
 */
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { agentStats, customerStats, eventually, flowing, startWorld, stopped, type World } from './world.js';

async function ringing(world: World, agent: Page, customerName = 'Maya', type: 'voice' | 'video' = 'voice', department = 'dep_support') {
  const customer = await world.customerPage(customerName, department);
  assert.deepEqual(await customer.evaluate((type) => window.customer.place(type), type), { ok: true });
  await agent.waitForFunction(() => window.harness.calls.some((c) => c.state === 'ringing'));
  return customer;
}

async function connected(agent: Page, customer: Page) {
  await agent.waitForFunction(() => window.harness.call().connected);
  await customer.waitForFunction(() => window.customer.call?.connected === true);
}

const summary = (agent: Page) => agent.evaluate(() => window.harness.summary());
const act = (agent: Page, method: string, ...args: unknown[]) =>
  agent.evaluate(([method, args]) => window.harness.act(method as string, args as unknown[]), [method, args] as const);

test('an incoming call rings with the customer and type; accepting connects media both ways', async (t) => {
  const world = await startWorld(t);
  const agent = await world.agentPage('agent.one');
  const customer = await ringing(world, agent, 'Maya Chen', 'voice');

  const ring = await summary(agent);
  assert.equal(ring.state, 'ringing');
  assert.equal(ring.type, 'voice');
  assert.equal(ring.customerName, 'Maya Chen');

  assert.deepEqual(await act(agent, 'accept'), { ok: true });
  assert.equal((await summary(agent)).state, 'active');
  await connected(agent, customer);
  assert.equal(await customer.evaluate(() => window.customer.call!.agentName), 'Alex One');
  await flowing('customer audio reaching the agent', async () => (await agentStats(agent)).inAudio);
  await flowing('agent audio reaching the customer', async () => (await customerStats(customer)).inAudio);
  assert.equal(await world.emulator.store.agents.get('agt_one')!.presence, 'in_call');
});

test('a video call sends video both ways; mute stops outgoing audio and unmute restarts it', async (t) => {
  const world = await startWorld(t);
  const agent = await world.agentPage('agent.one');
  const customer = await ringing(world, agent, 'Omar', 'video');
  assert.deepEqual(await act(agent, 'accept', { video: true }), { ok: true });
  await connected(agent, customer);
  await flowing('customer video at the agent', async () => (await agentStats(agent)).inVideo);
  await flowing('agent video at the customer', async () => (await customerStats(customer)).inVideo);
  await eventually('decoded frames on both sides', async () => (await agentStats(agent)).framesDecoded > 0 && (await customerStats(customer)).framesDecoded > 0);

  assert.deepEqual(await act(agent, 'mute'), { ok: true });
  assert.equal((await summary(agent)).muted, true);
  await stopped('agent audio sent', async () => (await agentStats(agent)).outAudio);
  await stopped('agent audio at the customer', async () => (await customerStats(customer)).inAudio);
  // The customer still hears nothing but keeps talking: the other direction flows.
  await flowing('customer audio at the agent', async () => (await agentStats(agent)).inAudio);
  await customer.waitForFunction(() => window.customer.call!.remoteMedia.audio === false);

  assert.deepEqual(await act(agent, 'unmute'), { ok: true });
  await flowing('agent audio at the customer again', async () => (await customerStats(customer)).inAudio);
});

test('hold stops media both ways and tells the customer; resume brings it back', async (t) => {
  const world = await startWorld(t);
  const agent = await world.agentPage('agent.one');
  const customer = await ringing(world, agent);
  await act(agent, 'accept');
  await connected(agent, customer);
  await flowing('audio at the customer', async () => (await customerStats(customer)).inAudio);

  assert.deepEqual(await act(agent, 'hold'), { ok: true });
  assert.equal((await summary(agent)).state, 'held');
  await customer.waitForFunction(() => window.customer.call!.state === 'held');
  await stopped('audio at the customer', async () => (await customerStats(customer)).inAudio);
  await stopped('audio at the agent', async () => (await agentStats(agent)).inAudio);
  assert.equal((await act(agent, 'hold')).code, 'AGENT_SDK_CALL_STATE_CONFLICT');

  assert.deepEqual(await act(agent, 'resume'), { ok: true });
  await customer.waitForFunction(() => window.customer.call!.state === 'active');
  await flowing('audio at the customer', async () => (await customerStats(customer)).inAudio);
  await flowing('audio at the agent', async () => (await agentStats(agent)).inAudio);
});

test('video on and off during a voice call', async (t) => {
  const world = await startWorld(t);
  const agent = await world.agentPage('agent.one');
  const customer = await ringing(world, agent, 'Lucía', 'voice');
  await act(agent, 'accept');
  await connected(agent, customer);
  assert.equal((await customerStats(customer)).inVideo, 0);

  assert.deepEqual(await act(agent, 'startVideo'), { ok: true });
  assert.equal((await summary(agent)).videoEnabled, true);
  await flowing('agent video at the customer', async () => (await customerStats(customer)).inVideo);
  await eventually('frames decoded by the customer', async () => (await customerStats(customer)).framesDecoded > 0);
  await customer.waitForFunction(() => window.customer.call!.remoteMedia.video === true);

  assert.deepEqual(await act(agent, 'stopVideo'), { ok: true });
  await stopped('agent video at the customer', async () => (await customerStats(customer)).inVideo);
  await customer.waitForFunction(() => window.customer.call!.remoteMedia.video === false);
  assert.ok(
    (await agent.evaluate(() => window.harness.tracks())).every((t) => !t.startsWith('video:live')),
    'the camera is released',
  );
  // Audio was never touched.
  await flowing('agent audio at the customer', async () => (await customerStats(customer)).inAudio);

  assert.deepEqual(await act(agent, 'startVideo'), { ok: true });
  await flowing('agent video at the customer again', async () => (await customerStats(customer)).inVideo);
});

test('transfer to another department: the agent in a third page answers and gets the media', async (t) => {
  const world = await startWorld(t);
  const first = await world.agentPage('agent.one');
  const second = await world.agentPage('agent.two');
  const customer = await ringing(world, first, 'Tomasz');
  await act(first, 'accept');
  await connected(first, customer);

  assert.deepEqual(await act(first, 'transfer', { departmentId: 'dep_billing' }), { ok: true });
  assert.equal((await summary(first)).state, 'transferring');
  await second.waitForFunction(() => window.harness.calls.some((c) => c.state === 'ringing'));
  const incoming = await summary(second);
  assert.equal(incoming.customerName, 'Tomasz');

  assert.deepEqual(await act(second, 'accept'), { ok: true });
  await first.waitForFunction(() => window.harness.call().state === 'ended');
  assert.equal((await summary(first)).endReason, 'transferred');
  assert.ok((await first.evaluate(() => window.harness.tracks())).every((t) => t.endsWith(':ended')));

  await second.waitForFunction(() => window.harness.call().connected);
  await customer.waitForFunction(() => window.customer.call!.agentName === 'Blair Two' && window.customer.call!.connected);
  await flowing('customer audio at the new agent', async () => (await agentStats(second)).inAudio);
  await flowing('new agent audio at the customer', async () => (await customerStats(customer)).inAudio);
  assert.equal(world.emulator.store.agents.get('agt_one')!.presence, 'online');
  assert.equal(world.emulator.store.agents.get('agt_two')!.presence, 'in_call');
});

test('a reject moves the call on to the next agent', async (t) => {
  const world = await startWorld(t);
  const one = await world.agentPage('agent.one');
  const three = await world.agentPage('agent.three');
  const customer = await ringing(world, one, 'Aiko');
  await three.waitForFunction(() => window.harness.calls.some((c) => c.state === 'ringing'));

  assert.deepEqual(await act(one, 'reject', 'Agent declined'), { ok: true });
  const rejected = await summary(one);
  assert.equal(rejected.state, 'ended');
  assert.equal(rejected.endReason, 'rejected');
  assert.equal((await summary(three)).state, 'ringing');

  assert.deepEqual(await act(three, 'accept'), { ok: true });
  await connected(three, customer);
  await flowing('audio at agent.three', async () => (await agentStats(three)).inAudio);
  const record = world.emulator.store.callLog.at(-1)!;
  assert.equal(record.rejections[0]!.reason, 'Agent declined');
});

test('the ring timeout makes the call missed for the agent and the customer', async (t) => {
  const world = await startWorld(t, { ringTimeoutMs: 1_500 });
  const agent = await world.agentPage('agent.one');
  const customer = await ringing(world, agent);
  await agent.waitForFunction(() => window.harness.call().state === 'ended', undefined, { timeout: 10_000 });
  assert.equal((await summary(agent)).endReason, 'missed');
  await customer.waitForFunction(() => window.customer.call!.state === 'ended');
  assert.equal(await customer.evaluate(() => window.customer.call!.endReason), 'missed');
  assert.ok((await customer.evaluate(() => window.customer.tracks())).every((t) => t.endsWith(':ended')));
});

test('end stops every track on both sides and closes the peer connections', async (t) => {
  const world = await startWorld(t);
  const agent = await world.agentPage('agent.one');
  const customer = await ringing(world, agent, 'Grace', 'video');
  await act(agent, 'accept');
  await connected(agent, customer);
  await flowing('video at the agent', async () => (await agentStats(agent)).inVideo);
  const before = await agent.evaluate(() => window.harness.tracks());
  assert.ok(before.includes('audio:live') && before.includes('video:live'), before.join());

  assert.deepEqual(await act(agent, 'end'), { ok: true });
  const after = await agent.evaluate(() => window.harness.tracks());
  assert.ok(after.length >= 4 && after.every((t) => t.endsWith(':ended')), after.join());
  assert.equal((await summary(agent)).endReason, 'agent_ended');
  assert.equal(await agent.evaluate(() => window.harness.call().getStats()), null, 'the peer connection is gone');
  await customer.waitForFunction(() => window.customer.call!.state === 'ended');
  assert.equal(await customer.evaluate(() => window.customer.call!.endReason), 'agent_ended');
  assert.ok((await customer.evaluate(() => window.customer.tracks())).every((t) => t.endsWith(':ended')));
  await eventually('presence back to online', async () => world.emulator.store.agents.get('agt_one')!.presence === 'online');
  const record = world.emulator.store.callLog.at(-1)!;
  assert.equal(record.endReason, 'agent_ended');
  assert.ok(record.talkDurationMs > 0);
});

test('a denied microphone gives CALL_MEDIA_PERMISSION_DENIED, ends the call here and lets it ring on', async (t) => {
  const world = await startWorld(t);
  const one = await world.agentPage('agent.one');
  const three = await world.agentPage('agent.three');
  const customer = await ringing(world, one);
  await three.waitForFunction(() => window.harness.calls.some((c) => c.state === 'ringing'));

  await one.evaluate(() => window.harness.failNextGetUserMedia('NotAllowedError'));
  const result = await act(one, 'accept');
  assert.equal(result.ok, false);
  assert.equal(result.code, 'CALL_MEDIA_PERMISSION_DENIED');
  const denied = await summary(one);
  assert.equal(denied.state, 'ended');
  assert.equal(denied.endReason, 'media_failed');
  assert.equal(denied.errorCode, 'CALL_MEDIA_PERMISSION_DENIED');
  assert.equal(world.emulator.store.agents.get('agt_one')!.presence, 'online', 'no in_call for a call never answered');

  // A missing camera on the next agent: its own code, and the call still rings nobody else and is missed.
  await three.evaluate(() => window.harness.failNextGetUserMedia('NotFoundError'));
  const missing = await act(three, 'accept', { video: true });
  assert.equal(missing.code, 'CALL_MEDIA_DEVICE_NOT_FOUND');
  await customer.waitForFunction(() => window.customer.call!.state === 'ended');
  assert.equal(await customer.evaluate(() => window.customer.call!.endReason), 'missed');

  // The customer side documents the same code and places no call.
  const other = await world.customerPage('Henrik', 'dep_support');
  await other.evaluate(() => window.customer.failNextGetUserMedia('NotAllowedError'));
  assert.deepEqual(await other.evaluate(() => window.customer.place('voice')), { ok: false, code: 'CALL_MEDIA_PERMISSION_DENIED' });
});

test('goOffline stops the ringing, and calls no longer ring this agent', async (t) => {
  const world = await startWorld(t);
  const agent = await world.agentPage('agent.one');
  const customer = await ringing(world, agent);
  await agent.evaluate(() => window.harness.agent!.calls.goOffline());
  const after = await summary(agent);
  assert.equal(after.state, 'ended');
  assert.equal(after.endReason, 'agent_unavailable');
  await customer.waitForFunction(() => window.customer.call!.state === 'ended');
  assert.equal(await customer.evaluate(() => window.customer.call!.endReason), 'missed');
  assert.equal(await agent.evaluate(() => window.harness.agent!.calls.online), false);
});

test('goOffline during a call ends it and releases every track', async (t) => {
  const world = await startWorld(t);
  const agent = await world.agentPage('agent.one');
  const customer = await ringing(world, agent);
  await act(agent, 'accept');
  await connected(agent, customer);
  await agent.evaluate(() => window.harness.agent!.calls.goOffline());
  assert.ok((await agent.evaluate(() => window.harness.tracks())).every((t) => t.endsWith(':ended')));
  await customer.waitForFunction(() => window.customer.call!.state === 'ended');
});

test('a token refresh and a dropped signalling connection during a call leave the media alone', async (t) => {
  const world = await startWorld(t);
  const agent = await world.agentPage('agent.one', { useGetToken: true });
  const customer = await ringing(world, agent);
  await act(agent, 'accept');
  await connected(agent, customer);

  const fresh = await world.mint('agent.one');
  await agent.evaluate(async (token) => {
    window.harness.token = token;
    // The refresh a getToken agent does before expiry, run now.
    await (window.harness.agent as unknown as { tokens: { refresh(): Promise<unknown> } }).tokens.refresh();
  }, fresh);
  await flowing('customer audio at the agent after the refresh', async () => (await agentStats(agent)).inAudio);
  world.emulator.dropAgentSockets('agt_one');
  await agent.waitForFunction(() => window.harness.agent!.connection.state === 'connected');
  await flowing('agent audio at the customer after the reconnect', async () => (await customerStats(customer)).inAudio);
  assert.equal((await summary(agent)).state, 'active');
  // Requests still work over the new connection.
  assert.deepEqual(await act(agent, 'hold'), { ok: true });
  await customer.waitForFunction(() => window.customer.call!.state === 'held');
});

test('configured iceServers reach the peer connection, and a STUN server that never answers does not stop the call', async (t) => {
  const world = await startWorld(t);
  // A STUN server that takes the requests and never answers: its gathering stalls for seconds.
  const silent = createSocket('udp4');
  await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
  t.after(() => silent.close());
  const agent = await world.agentPage('agent.one', { iceServers: [{ urls: `stun:127.0.0.1:${silent.address().port}` }] });
  const customer = await ringing(world, agent);
  await act(agent, 'accept');
  await connected(agent, customer);
  assert.deepEqual(await agent.evaluate(() => window.harness.iceServerUrls()), [`stun:127.0.0.1:${silent.address().port}`]);
  await flowing('customer audio at the agent', async () => (await agentStats(agent)).inAudio);
});

test('two tabs of one agent: the tab that answers gets the call, the other stops ringing', async (t) => {
  const world = await startWorld(t);
  const context = await world.newContext();
  const first = await world.agentPage('agent.one', { context });
  const second = await world.agentPage('agent.one', { context });
  const customer = await ringing(world, first);
  await second.waitForFunction(() => window.harness.calls.some((c) => c.state === 'ringing'));
  assert.deepEqual(await act(second, 'accept'), { ok: true });
  await first.waitForFunction(() => window.harness.call().state === 'ended');
  assert.equal((await summary(first)).endReason, 'answered_elsewhere');
  await connected(second, customer);
});

test('a customer who hangs up while it rings cancels the call in the agent page', async (t) => {
  const world = await startWorld(t);
  const agent = await world.agentPage('agent.one');
  const customer = await ringing(world, agent);
  await customer.evaluate(() => window.customer.call!.end());
  await agent.waitForFunction(() => window.harness.call().state === 'ended');
  assert.equal((await summary(agent)).endReason, 'customer_cancelled');
  assert.equal((await act(agent, 'accept')).code, 'AGENT_SDK_CALL_STATE_CONFLICT');
});
