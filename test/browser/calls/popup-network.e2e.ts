/**
 * `<ringnity-call-popup>` in the states network changes and a second call bring: two calls (one
 * ringing beside a live one, then one held), and a call reconnecting through a coturn relay that
 * went away. Customers in other browser contexts check what they see at each step, and axe checks
 * the popup in each new state.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { axeViolations } from './axe.js';
import { startTurnRelay } from './turn.js';
import { customerStats, eventually, flowing, startWorld, type World } from './world.js';

async function crmPage(world: World, username: string): Promise<Page> {
  const page = await (await world.newContext()).newPage();
  page.on('pageerror', (error) => console.error(`[crm ${username}]`, error.message));
  const token = await world.mint(username);
  await page.goto(`${world.url}/t/crm.html#token=${token}`);
  await eventually(`${username} online for calls`, async () => [...world.emulator.store.agents.values()].some((a) => a.username === username && a.callsOnline));
  await world.emulator.store.setPresence([...world.emulator.store.agents.values()].find((a) => a.username === username)!.id, 'online');
  return page;
}

async function placeCall(world: World, name: string, options: { iceServers?: RTCIceServer[]; iceTransportPolicy?: RTCIceTransportPolicy } = {}): Promise<Page> {
  // Billing has agent.two alone, so every call rings the one agent under test.
  const customer = await world.customerPage(name, 'dep_billing');
  assert.deepEqual(await customer.evaluate(([options]) => window.customer.place('voice', options), [options] as const), { ok: true });
  return customer;
}

const part = (page: Page, name: string) => page.locator(`ringnity-call-popup >> [part~="${name}"]`);
const customerState = (customer: Page) => customer.evaluate(() => window.customer.call!.state);
const waitForCustomer = (customer: Page, state: string) => customer.waitForFunction((state) => window.customer.call?.state === state, state);

test('two calls in the popup: the second rings beside the first, accepting it holds the first, switch, end both', async (t) => {
  const world = await startWorld(t);
  const crm = await crmPage(world, 'agent.two');
  const first = await placeCall(world, 'Ada First');
  await part(crm, 'accept-button').click();
  await waitForCustomer(first, 'active');
  await first.waitForFunction(() => window.customer.call?.connected === true);

  const second = await placeCall(world, 'Ben Second');
  await part(crm, 'other-call').waitFor();
  assert.equal(await part(crm, 'other-call').getAttribute('data-state'), 'ringing');
  assert.match((await part(crm, 'other-call').textContent())!, /Ben Second/);
  // The live call stays in the main card meanwhile.
  assert.match((await part(crm, 'active').locator('[part~="caller"]').textContent())!, /Ada First/);
  assert.equal(await customerState(first), 'active');
  assert.equal(await customerState(second), 'ringing');
  assert.deepEqual(await axeViolations(crm), []);

  await part(crm, 'other-accept-button').click();
  await waitForCustomer(first, 'held');
  await waitForCustomer(second, 'active');
  await second.waitForFunction(() => window.customer.call?.connected === true);
  await flowing('agent audio at the second customer', async () => (await customerStats(second)).inAudio);
  await eventually('the popup shows the second call, the first held beside it', async () => {
    const main = await part(crm, 'active').locator('[part~="caller"]').textContent();
    return /Ben Second/.test(main ?? '') && (await part(crm, 'other-call').getAttribute('data-state')) === 'held';
  });
  assert.match((await part(crm, 'other-call').textContent())!, /Ada First/);
  assert.deepEqual(await axeViolations(crm), []);

  await part(crm, 'switch-button').click();
  await waitForCustomer(first, 'active');
  await waitForCustomer(second, 'held');
  await flowing('agent audio at the first customer again', async () => (await customerStats(first)).inAudio);
  await eventually('the popup shows the first call again', async () => /Ada First/.test((await part(crm, 'active').locator('[part~="caller"]').textContent()) ?? ''));
  assert.match((await part(crm, 'other-call').textContent())!, /Ben Second/);

  // End the held one from the list, then the live one from the main card.
  await part(crm, 'other-end-button').click();
  await waitForCustomer(second, 'ended');
  assert.equal((await second.evaluate(() => window.customer.summary()))!.endReason, 'agent_ended');
  assert.equal(await customerState(first), 'active');
  await eventually('the list emptied', async () => (await part(crm, 'other-call').count()) === 0);
  await part(crm, 'end-button').click();
  await waitForCustomer(first, 'ended');
  assert.equal((await first.evaluate(() => window.customer.summary()))!.endReason, 'agent_ended');
  await part(crm, 'notice').waitFor();
  assert.equal(world.emulator.store.agents.get('agt_two')!.presence, 'online');
});

test('the popup and the customer show reconnecting while the relay is away, and the call comes back', async (t) => {
  const relay = await startTurnRelay(t);
  const world = await startWorld(t);
  const crm = await crmPage(world, 'agent.two');
  const ice = { iceServers: [relay.iceServer], iceTransportPolicy: 'relay' as const };
  await crm.evaluate((ice) => document.querySelector('ringnity-session')!.agent!.calls.configure(ice), ice);
  const customer = await placeCall(world, 'Rui Relay', ice);
  await part(crm, 'accept-button').click();
  await crm.waitForFunction(() => window.crm.popup().call?.connected === true);
  await flowing('agent audio at the customer', async () => (await customerStats(customer)).inAudio);

  await relay.stop();
  await eventually('the popup to say reconnecting', async () => (await part(crm, 'status').textContent()) === 'Reconnecting…', 15_000);
  await waitForCustomer(customer, 'reconnecting');
  assert.match((await crm.locator('ringnity-call-popup >> [aria-live="assertive"]').textContent())!, /Reconnecting/);
  assert.equal(await part(crm, 'hold-button').isDisabled(), true);
  assert.deepEqual(await axeViolations(crm), []);

  await relay.start();
  await eventually('the popup back in the call', async () => (await part(crm, 'status').textContent()) === 'In call', 15_000);
  await waitForCustomer(customer, 'active');
  await flowing('agent audio at the customer again', async () => (await customerStats(customer)).inAudio);
});
