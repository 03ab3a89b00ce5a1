/**
 * One agent, many tabs: pages of one browser context (one profile) share the agent's realtime
 * connection. The leader tab holds the only socket; the others are handed every envelope over a
 * BroadcastChannel and keep their own exactly-once, in-order delivery.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AGENT_SCOPES } from '../../../src/protocol/scopes.js';
import { eventually, sleep } from '../calls/world.js';
import { customer, everyTabGot, leaderOf, openTab, roleOf, startTabsWorld } from './tabs-world.js';

test('three tabs of one agent hold one socket, and a customer message reaches each tab exactly once', async (t) => {
  const world = await startTabsWorld(t);
  const context = await world.newContext();
  const tabs = [await openTab(world, context, 'agent.one'), await openTab(world, context, 'agent.one'), await openTab(world, context, 'agent.one')];
  // Every tab is signed in and connected once openTab returns: counted at the server.
  assert.equal(world.emulator.agentSocketCount(), 1);
  await leaderOf(tabs);
  const roles = await Promise.all(tabs.map(roleOf));
  assert.deepEqual(
    roles.map((role) => role.shared),
    [true, true, true],
  );

  const nina = customer(world, 'Nina');
  const ids = [nina.say('Hello?'), nina.say('Anyone there?'), nina.say('My app crashes on start')];
  await everyTabGot(tabs, ids);
  assert.equal(world.emulator.agentSocketCount(), 1);
});

test('presence set in one tab shows in the others, which hold no socket of their own', async (t) => {
  const world = await startTabsWorld(t);
  const context = await world.newContext();
  const tabs = [await openTab(world, context, 'agent.one'), await openTab(world, context, 'agent.one'), await openTab(world, context, 'agent.one')];
  const leader = await leaderOf(tabs);
  const follower = tabs.find((tab) => tab !== leader)!;
  await follower.evaluate(() => window.tab.agent!.presence.set('busy'));
  for (const tab of tabs) await tab.waitForFunction(() => window.tab.presence.at(-1) === 'busy');
  await leader.evaluate(() => window.tab.agent!.presence.set('online'));
  for (const tab of tabs) await tab.waitForFunction(() => window.tab.presence.at(-1) === 'online');
  assert.equal(world.emulator.agentSocketCount(), 1);
});

test('when the leader tab closes, another takes over, and messages sent meanwhile reach every remaining tab exactly once', async (t) => {
  const world = await startTabsWorld(t);
  const context = await world.newContext();
  const tabs = [await openTab(world, context, 'agent.one'), await openTab(world, context, 'agent.one'), await openTab(world, context, 'agent.one')];
  const leader = await leaderOf(tabs);
  const rest = tabs.filter((tab) => tab !== leader);
  const nina = customer(world, 'Nina');
  const ids = [nina.say('before the handover')];
  await everyTabGot(tabs, ids);

  const closing = leader.close();
  // Messages keep coming while the old leader goes and the next one connects.
  for (let i = 0; i < 8; i++) {
    ids.push(nina.say(`during the handover ${i}`));
    await sleep(150);
  }
  await closing;
  const next = await leaderOf(rest);
  ids.push(nina.say('after the handover'));
  await everyTabGot(rest, ids);
  assert.ok(rest.includes(next));
  await eventually('one socket again', async () => world.emulator.agentSocketCount() === 1);
});

test('a leader tab that crashes (Page.crash) is handed over too', async (t) => {
  const world = await startTabsWorld(t);
  const context = await world.newContext();
  const tabs = [await openTab(world, context, 'agent.one'), await openTab(world, context, 'agent.one'), await openTab(world, context, 'agent.one')];
  const leader = await leaderOf(tabs);
  const rest = tabs.filter((tab) => tab !== leader);
  const nina = customer(world, 'Nina');
  const ids = [nina.say('before the crash')];
  await everyTabGot(tabs, ids);

  const cdp = await context.newCDPSession(leader);
  // Page.crash never answers: the renderer is gone.
  void cdp.send('Page.crash').catch(() => {});
  for (let i = 0; i < 5; i++) {
    ids.push(nina.say(`during the crash ${i}`));
    await sleep(150);
  }
  await leaderOf(rest);
  ids.push(nina.say('after the crash'));
  await everyTabGot(rest, ids);
  await eventually('one socket again', async () => world.emulator.agentSocketCount() === 1);
});

// Chromium freezes hidden tabs only, and headless pages never hide: the page lifecycle events
// the browser sends before freezing and after resuming are dispatched by hand.
test('a leader tab told it is being frozen gives up the connection, and queues again as a follower when it resumes', async (t) => {
  const world = await startTabsWorld(t);
  const context = await world.newContext();
  const tabs = [await openTab(world, context, 'agent.one'), await openTab(world, context, 'agent.one')];
  const leader = await leaderOf(tabs);
  const other = tabs.find((tab) => tab !== leader)!;
  const nina = customer(world, 'Nina');
  const ids = [nina.say('before the freeze')];
  await everyTabGot(tabs, ids);

  await leader.evaluate(() => document.dispatchEvent(new Event('freeze')));
  ids.push(nina.say('while the leader is frozen'));
  await leaderOf([other]);
  await eventually('one socket again', async () => world.emulator.agentSocketCount() === 1);

  await leader.evaluate(() => document.dispatchEvent(new Event('resume')));
  ids.push(nina.say('after the resume'));
  // Back as a follower, each tab has every message once.
  await everyTabGot(tabs, ids);
  assert.equal((await roleOf(leader)).leader, false);
  assert.equal(world.emulator.agentSocketCount(), 1);
});

test('a follower whose token lacks agent:messages:write cannot send through the leader what its own token may not', async (t) => {
  const world = await startTabsWorld(t);
  const context = await world.newContext();
  const leader = await openTab(world, context, 'agent.one');
  const readOnly = await openTab(world, context, 'agent.one', { scopes: AGENT_SCOPES.filter((scope) => scope !== 'agent:messages:write') });
  await leaderOf([leader, readOnly]);
  assert.equal((await roleOf(readOnly)).leader, false);
  assert.equal(world.emulator.agentSocketCount(), 1);

  const typing = { chatId: 'cnv_queueSupport', visitorId: 'vis_x', typing: { is: true } };
  // The leader's own token could: its check is on the sender's token, not its own.
  assert.deepEqual(await leader.evaluate((payload) => window.tab.relayByHand('chat.typing', payload), typing), { ok: true });
  assert.deepEqual(await readOnly.evaluate((payload) => window.tab.relayByHand('chat.typing', payload), typing), { ok: false, code: 'AGENT_SDK_SCOPE_DENIED' });
  // A request no tab may send through another's connection, whatever its scopes.
  assert.deepEqual(await leader.evaluate(() => window.tab.relayByHand('agent.logout', {})), { ok: false, code: 'AGENT_SDK_INVALID_REQUEST' });
  // A reply goes over REST with the tab's own token, and is refused.
  const reply = await readOnly.evaluate(() => window.tab.attempt(() => window.tab.agent!.conversations.reply('cnv_queueSupport', { body: 'should not arrive' })));
  assert.deepEqual(reply, { ok: false, code: 'AGENT_SDK_SCOPE_DENIED' });
  assert.equal(world.emulator.agentSocketCount(), 1);
});

test('a tab with shareAcrossTabs: false keeps a connection of its own', async (t) => {
  const world = await startTabsWorld(t);
  const context = await world.newContext();
  const shared = [await openTab(world, context, 'agent.one'), await openTab(world, context, 'agent.one')];
  const alone = await openTab(world, context, 'agent.one', { shared: false });
  await leaderOf(shared);
  assert.deepEqual(await roleOf(alone), { shared: false, leader: true, ringsHere: true, state: 'connected' });
  assert.equal(world.emulator.agentSocketCount(), 2);
  const nina = customer(world, 'Nina');
  const ids = [nina.say('Hello')];
  await everyTabGot([...shared, alone], ids);
});

test('<ringnity-session shared="false"> keeps its page on a connection of its own', async (t) => {
  const world = await startTabsWorld(t);
  const context = await world.newContext();
  const shared = [await openTab(world, context, 'agent.one'), await openTab(world, context, 'agent.one')];
  await leaderOf(shared);
  const page = await context.newPage();
  await page.goto(`${world.url}/tabs/crm-unshared.html#token=${await world.mint('agent.one')}`);
  await page.waitForFunction(() => document.querySelector('ringnity-session')?.agent?.connection.state === 'connected');
  assert.equal(await page.evaluate(() => document.querySelector('ringnity-session')!.agent!.tabs.shared), false);
  assert.equal(world.emulator.agentSocketCount(), 2);
});

test('a tab whose token reads more than the leader’s runs on its own connection, and still gets every message', async (t) => {
  const world = await startTabsWorld(t);
  const context = await world.newContext();
  const narrow = await openTab(world, context, 'agent.one', { scopes: AGENT_SCOPES.filter((scope) => scope !== 'agent:calls:read') });
  const full = await openTab(world, context, 'agent.one');
  assert.equal((await roleOf(narrow)).leader, true);
  assert.deepEqual(await roleOf(full), { shared: true, leader: true, ringsHere: true, state: 'connected' });
  assert.equal(world.emulator.agentSocketCount(), 2);
  const nina = customer(world, 'Nina');
  await everyTabGot([narrow, full], [nina.say('Hello')]);
});

test('without Web Locks each tab keeps its own connection, as before', async (t) => {
  const world = await startTabsWorld(t);
  const context = await world.newContext();
  // As source text: a function would be shipped with the test runner's helpers in it.
  await context.addInitScript({ content: "Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined });" });
  const tabs = [await openTab(world, context, 'agent.one'), await openTab(world, context, 'agent.one')];
  assert.equal(world.emulator.agentSocketCount(), 2);
  for (const tab of tabs) assert.deepEqual(await roleOf(tab), { shared: false, leader: true, ringsHere: true, state: 'connected' });
  const nina = customer(world, 'Nina');
  await everyTabGot(tabs, [nina.say('Hello')]);
});

test('where the browser refuses the lock (a sandboxed frame), each tab runs on its own connection instead of waiting', async (t) => {
  const world = await startTabsWorld(t);
  const context = await world.newContext();
  // What Chromium answers in a sandboxed third-party frame: the request is denied, not queued.
  await context.addInitScript({
    content: "LockManager.prototype.request = function () { return Promise.reject(new DOMException('The request was denied.', 'SecurityError')); };",
  });
  const tabs = [await openTab(world, context, 'agent.one'), await openTab(world, context, 'agent.one')];
  assert.equal(world.emulator.agentSocketCount(), 2);
  for (const tab of tabs) assert.deepEqual(await roleOf(tab), { shared: true, leader: true, ringsHere: true, state: 'connected' });
  const nina = customer(world, 'Nina');
  await everyTabGot(tabs, [nina.say('Hello')]);
});
