/**
 * Tab sharing with 1, 3 and 10 tabs of one agent in one browser profile (one Chromium context),
 * against the real emulator:
 * - the agent sockets the server holds;
 * - handover time over 10 handovers: from closing the leader tab to the next leader's socket
 *   being authenticated (a tab is opened after each close, so the count stays the same);
 * - main-thread CPU time (CDP Performance.getMetrics, ThreadTime) each tab spends while 200
 *   customer messages arrive, the leader's against the followers' mean.
 *
 *   npm run bench:tabs [-- --tabs 1,3,10 --handovers 10 --messages 200]
 */
import { parseArgs } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import type { World } from '../test/browser/calls/world.js';
import { customer, everyTabGot, leaderOf, openTab, roleOf, startTabsWorld } from '../test/browser/tabs/tabs-world.js';

const { values } = parseArgs({
  options: { tabs: { type: 'string', default: '1,3,10' }, handovers: { type: 'string', default: '10' }, messages: { type: 'string', default: '200' } },
});
const tabCounts = values.tabs.split(',').map(Number);
const handovers = Number(values.handovers);
const messages = Number(values.messages);

const cleanups: Array<() => Promise<void>> = [];
const after = (fn: () => Promise<void>) => void cleanups.push(fn);

const median = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Milliseconds of CPU the tab's main thread used (CDP Performance.getMetrics, ThreadTime) since
 * the sampler was made. CPU time, not the wall time of its tasks (TaskDuration): on a loaded
 * machine a tab waiting for a core would otherwise seem to work.
 */
async function cpuSampler(context: BrowserContext, page: Page): Promise<() => Promise<number>> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((metric) => metric.name === 'ThreadTime') ?? metrics.find((metric) => metric.name === 'TaskDuration'))!.value * 1000;
  };
  const start = await read();
  return async () => (await read()) - start;
}

async function handoverTimes(world: World, context: BrowserContext, tabs: Page[]): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < handovers; i++) {
    const leader = await leaderOf(tabs);
    const rest = tabs.filter((tab) => tab !== leader);
    const closedAt = Date.now();
    await leader.close();
    const next = await leaderOf(rest);
    await next.waitForFunction((since) => window.tab.ledAt >= since, closedAt);
    times.push((await next.evaluate(() => window.tab.ledAt)) - closedAt);
    tabs.splice(tabs.indexOf(leader), 1, await openTab(world, context, 'agent.one'));
  }
  return times;
}

async function cpu(world: World, context: BrowserContext, tabs: Page[]): Promise<{ leaderMs: number; followerMs: number | null }> {
  const leader = await leaderOf(tabs);
  const samplers = await Promise.all(tabs.map((tab) => cpuSampler(context, tab)));
  const start = await Promise.all(tabs.map((tab) => tab.evaluate(() => window.tab.messages.length)));
  const nina = customer(world, `Bench ${Date.now()}`);
  const ids: string[] = [];
  for (let i = 0; i < messages; i++) {
    ids.push(nina.say(`message ${i}`));
    if (i % 20 === 19) await new Promise((r) => setTimeout(r, 50));
  }
  await everyTabGot(tabs, ids, start);
  const spent = await Promise.all(samplers.map((sample) => sample()));
  const followers = spent.filter((_, i) => tabs[i] !== leader);
  return { leaderMs: spent[tabs.indexOf(leader)]!, followerMs: followers.length ? followers.reduce((a, b) => a + b, 0) / followers.length : null };
}

try {
  console.log(`tab sharing: ${handovers} handovers, ${messages} customer messages per run`);
  for (const count of tabCounts) {
    const world = await startTabsWorld({ after });
    const context = await world.newContext();
    const tabs: Page[] = [];
    for (let i = 0; i < count; i++) tabs.push(await openTab(world, context, 'agent.one'));
    await leaderOf(tabs);
    const sockets = world.emulator.agentSocketCount();
    const load = await cpu(world, context, tabs);
    const times = count > 1 ? await handoverTimes(world, context, tabs) : [];
    const roles = await Promise.all(tabs.map(roleOf));
    console.log(
      [
        `${String(count).padStart(2)} tab(s): ${sockets} socket(s)`,
        times.length ? `handover median ${median(times).toFixed(0)} ms, worst ${Math.max(...times).toFixed(0)} ms` : 'handover n/a (one tab)',
        `CPU on ${messages} messages: leader ${load.leaderMs.toFixed(0)} ms` +
          (load.followerMs === null ? '' : `, follower mean ${load.followerMs.toFixed(0)} ms (${((load.followerMs / load.leaderMs) * 100).toFixed(0)}% of the leader)`),
        `leaders now: ${roles.filter((role) => role.leader).length}`,
      ].join('   '),
    );
    await context.close();
  }
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
}
