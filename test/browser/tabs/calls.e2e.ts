/**
 * Calls across the tabs of one agent: the CRM page with `<ringnity-session page>` and
 * `<ringnity-call-popup>` open three times in one browser context. The call rings in every tab,
 * one tab plays the ringtone, any tab may answer and keeps the media, and the others step aside.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { customerStats, eventually, flowing, sleep, type World } from '../calls/world.js';
import { startTabsWorld } from './tabs-world.js';

const accept = (page: Page) => page.locator('ringnity-call-popup >> [part~="accept-button"]');

/** A context whose pages count the AudioContexts they make: the ringtone is the only maker. */
async function countingContext(world: World): Promise<BrowserContext> {
  const context = await world.newContext();
  await context.addInitScript(() => {
    const Original = window.AudioContext;
    const counter = window as unknown as { audioContexts: number };
    counter.audioContexts = 0;
    window.AudioContext = class extends Original {
      constructor(options?: AudioContextOptions) {
        super(options);
        counter.audioContexts++;
      }
    };
  });
  return context;
}

async function crmTabs(world: World, context: BrowserContext, count: number): Promise<Page[]> {
  const tabs: Page[] = [];
  for (let i = 0; i < count; i++) {
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[crm ${i}] page error:`, error.message));
    await page.goto(`${world.url}/t/crm.html#token=${await world.mint('agent.one')}`);
    tabs.push(page);
  }
  for (const page of tabs) await page.waitForFunction(() => document.querySelector('ringnity-session')?.agent?.connection.state === 'connected');
  await eventually('online for calls', async () => world.emulator.store.agents.get('agt_one')!.callsOnline);
  world.emulator.store.setPresence('agt_one', 'online');
  return tabs;
}

const isLeader = (page: Page) => page.evaluate(() => document.querySelector('ringnity-session')!.agent!.tabs.leader);

async function leaderAmong(tabs: Page[]): Promise<Page> {
  let leader: Page | undefined;
  await eventually('one leader tab', async () => {
    const flags = await Promise.all(tabs.map(isLeader));
    leader = tabs[flags.indexOf(true)];
    return flags.filter(Boolean).length === 1;
  });
  return leader!;
}

test('a call rings in every tab of the agent, and the ringtone plays in one of them only', async (t) => {
  const world = await startTabsWorld(t);
  const tabs = await crmTabs(world, await countingContext(world), 3);
  await leaderAmong(tabs);
  assert.equal(world.emulator.agentSocketCount(), 1);

  const customer = await world.customerPage('Nina', 'dep_support');
  assert.deepEqual(await customer.evaluate(() => window.customer.place('voice')), { ok: true });
  for (const page of tabs) await accept(page).waitFor();
  // Give a second ringtone every chance to start.
  await sleep(1_000);
  const ringing = await Promise.all(tabs.map((page) => page.evaluate(() => (window as unknown as { audioContexts: number }).audioContexts)));
  assert.equal(ringing.filter((count) => count > 0).length, 1, `AudioContexts per tab: ${ringing.join(', ')}`);
});

test('a call answered in a follower tab has its media there; the other tabs step aside; the leader closing leaves the media flowing', async (t) => {
  // A short grace: the call survives the leader closing only if the next leader reconnects within it.
  const world = await startTabsWorld(t, { callReconnectGraceMs: 3_000 });
  const tabs = await crmTabs(world, await world.newContext(), 3);
  const leader = await leaderAmong(tabs);
  const [answering, other] = tabs.filter((page) => page !== leader) as [Page, Page];

  const customer = await world.customerPage('Nina', 'dep_support');
  assert.deepEqual(await customer.evaluate(() => window.customer.place('voice')), { ok: true });
  for (const page of tabs) await accept(page).waitFor();
  await accept(answering).click();
  await customer.waitForFunction(() => window.customer.call?.connected === true);
  const agentStats = () => answering.evaluate(() => window.crm.stats());
  await flowing('customer audio in the answering tab', async () => (await agentStats()).inAudio);
  await flowing('audio from the answering tab', async () => (await agentStats()).outAudio);
  await flowing('agent audio at the customer', async () => (await customerStats(customer)).inAudio);

  // The leader and the other follower drop their ringing card and say where the call is.
  for (const page of [leader, other]) {
    await page.locator('ringnity-call-popup >> [part~="elsewhere"]').waitFor();
    assert.equal(await accept(page).count(), 0);
  }

  await leader.close();
  await leaderAmong([answering, other]);
  // Past the call's grace: had no tab reconnected, the server would have ended the call by now.
  await sleep(4_000);
  assert.equal(await answering.evaluate(() => window.crm.popup().call?.state), 'active');
  assert.equal(await customer.evaluate(() => window.customer.call?.state), 'active');
  await flowing('customer audio in the answering tab after the handover', async () => (await agentStats()).inAudio);
  await flowing('agent audio at the customer after the handover', async () => (await customerStats(customer)).inAudio);
  assert.equal(world.emulator.agentSocketCount(), 1);
});
