/**
 * An agent's whole shift, compressed: the no-build bundle's `<ringnity-session>`, `<ringnity-inbox>`
 * and `<ringnity-call-popup>` on a CRM page in headless Chromium, against the real emulator, through
 * 32 quarter-hours of shift time (8 hours). Over the shift:
 *
 * - 20,000 customer messages across 500 conversations (written into the emulator's store, so they
 *   reach the page over its socket as a customer's would);
 * - 2,000 replies and notes, through the page's SDK;
 * - 100 voice calls from a customer page (the visitor call client, fake microphone), each accepted,
 *   held, resumed and ended with the popup's buttons;
 * - 30 forced reconnects: the emulator drops the agent's socket;
 * - a token refresh at least every quarter-hour: the CRM's getToken mints 8-second tokens;
 * - 1,000 conversations selected in the inbox, each waited for until its messages show.
 *
 * After a warm-up quarter-hour (so that the lazily loaded thread and call files are in), and again
 * at the end, it forces garbage collection and prints the JS heap, DOM nodes and event listeners
 * (DevTools' Performance.getMetrics), and the live timers, media tracks and peer connections
 * (counted by bench/shift-probe.js). Goal: heap growth under 10 MB, DOM rows bounded by the list's
 * window, no growth in listeners, timers, tracks or peer connections.
 *
 *   npm run build && npm run bench:shift [-- --scale 0.1] [-- --trace]
 *
 * `--scale` multiplies every count (0.1 is a quick run of about a minute); `--trace` records where
 * live timers were made and prints the sites of those left at the end.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CDPSession, Page } from 'playwright-core';
import { AGENT_SCOPES } from '../src/protocol/scopes.js';
import { eventually, sleep, startWorld } from '../test/browser/calls/world.js';

const { values } = parseArgs({
  options: { scale: { type: 'string', default: '1' }, trace: { type: 'boolean', default: false }, only: { type: 'string' }, lifetime: { type: 'string', default: '8' } },
});
const scale = Number(values.scale);
if (!(scale > 0 && scale <= 1)) throw new Error('--scale takes a number in (0, 1]');
/** `--only selections,calls` keeps only those activities in the shift, to find which one leaks. */
const only = values.only?.split(',');
const count = (full: number, activity: string) => (only && !only.includes(activity) ? 0 : Math.max(1, Math.round(full * scale)));

const SLOTS = 32;
const MESSAGES = count(20_000, 'messages');
const CONVERSATIONS = Math.max(20, Math.round(500 * scale));
const REPLIES = count(2_000, 'replies');
const CALLS = count(100, 'calls');
const RECONNECTS = count(30, 'reconnects');
const SELECTIONS = count(1_000, 'selections');
/** Seconds; a refresh comes at 75 % of it, so the shift lasts at least 32 × 6 s. */
const TOKEN_LIFETIME_S = Number(values.lifetime);
const AGENT = 'agt_one';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
if (!existsSync(path.join(dist, 'ringnity-agent.js'))) {
  console.error('bench:shift needs the bundle: run `npm run build` first.');
  process.exit(1);
}

interface Snapshot {
  heapMB: number;
  nodes: number;
  attached: number;
  listeners: number;
  rows: number;
  timers: number;
  intervals: number;
  tracks: number;
  peers: number;
}

async function snapshot(page: Page, cdp: CDPSession): Promise<Snapshot> {
  // Twice: the first pass can leave garbage that only finalizers released.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  const page_ = await page.evaluate(() => ({
    ...window.__shiftProbe.counts(),
    rows: document.querySelector('ringnity-inbox')!.shadowRoot!.querySelectorAll('[role="option"]').length,
    // The nodes in the document, shadow roots included; the rest of DevTools' count is detached.
    attached: (() => {
      let total = 0;
      const stack: Node[] = [document];
      while (stack.length) {
        const node = stack.pop()!;
        total++;
        if (node instanceof Element && node.shadowRoot) stack.push(node.shadowRoot);
        for (let child = node.firstChild; child; child = child.nextSibling) stack.push(child);
      }
      return total;
    })(),
  }));
  return { heapMB: metric('JSHeapUsedSize') / 2 ** 20, nodes: metric('Nodes'), listeners: metric('JSEventListeners'), ...page_ };
}

const cleanups: Array<() => Promise<void>> = [];
const world = await startWorld(
  { after: (fn: () => Promise<void>) => void cleanups.push(fn) },
  {
    staticDirs: [
      { prefix: '/dist', dir: dist },
      { prefix: '/bench', dir: path.join(root, 'bench') },
    ],
  },
);
const started = Date.now();
try {
  const { store } = world.emulator;
  const conversations = Array.from({ length: CONVERSATIONS }, (_, i) =>
    store.visitorStart({ tenantKey: 'demo-tenant', name: `Shift Customer ${i}`, departmentId: 'dep_support', body: `[c${i}] hello` }),
  );

  const context = await world.newContext();
  await context.addInitScript({ content: readFileSync(path.join(root, 'bench/shift-probe.js'), 'utf8') });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('[crm] page error:', error.message));
  await page.goto(`${world.url}/bench/shift.html#lifetime=${TOKEN_LIFETIME_S}&scopes=${AGENT_SCOPES.join(',')}`);
  await eventually('online for calls', async () => store.agents.get(AGENT)!.callsOnline, 20_000);
  await page.locator('ringnity-inbox [role="option"]').first().waitFor();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const cold = await snapshot(page, cdp);

  const customer = await world.customerPage('Caller', 'dep_support');
  const popupPart = (name: string) => page.locator(`ringnity-call-popup >> [part~="${name}"]`);

  let sent = 0;
  let replies = 0;
  let selections = 0;
  let calls = 0;
  let reconnects = 0;

  const sendMessages = async (upTo: number) => {
    while (sent < upTo) {
      // Batches of 25, about 500 a second: a busy contact center, paced so the page keeps up.
      for (const end = Math.min(upTo, sent + 25); sent < end; sent++) {
        const c = conversations[sent % conversations.length]!;
        store.visitorSend(c.visitor.id, c.conversationId, `[c${sent % conversations.length}] message ${sent}`, undefined);
      }
      await sleep(50);
    }
  };
  const reply = async (upTo: number) => {
    while (replies < upTo) {
      const batch = [];
      for (const end = Math.min(upTo, replies + 10); replies < end; replies++) {
        const { conversationId } = conversations[(replies * 7) % conversations.length]!;
        batch.push({ conversationId, body: `Reply ${replies}`, note: replies % 2 === 1 });
      }
      await page.evaluate(async (batch) => {
        const agent = document.querySelector('ringnity-session')!.agent!;
        await Promise.all(batch.map(({ conversationId, body, note }) => agent.conversations.reply(conversationId, { body, note })));
      }, batch);
    }
  };
  const select = async (upTo: number) => {
    for (; selections < upTo; selections++) {
      const index = (selections * 13) % conversations.length;
      // No named functions inside: tsx would wrap them in a helper the page does not have.
      await page.evaluate(
        async ([id, marker]) => {
          const inbox = document.querySelector('ringnity-inbox')!;
          inbox.conversationId = id!;
          const deadline = performance.now() + 20_000;
          for (;;) {
            const messages = inbox.shadowRoot!.querySelectorAll('[part~="message"]');
            if ([...messages].some((m) => m.textContent!.includes(marker!))) return;
            if (performance.now() > deadline) throw new Error(`conversation ${id} did not show`);
            await new Promise((resolve) => requestAnimationFrame(resolve));
          }
        },
        [conversations[index]!.conversationId, `[c${index}]`],
      );
    }
  };
  const call = async (upTo: number) => {
    for (; calls < upTo; calls++) {
      if (store.agents.get(AGENT)!.presence !== 'online') store.setPresence(AGENT, 'online');
      await customer.evaluate(async (name) => {
        window.customer.socket?.disconnect();
        window.customer.call = null;
        await window.customer.open(name, 'dep_support');
      }, `Caller ${calls}`);
      const placed = await customer.evaluate(() => window.customer.place('voice'));
      if (!placed.ok) throw new Error(`call ${calls} could not be placed: ${placed.code}`);
      await popupPart('accept-button').click();
      await page.waitForFunction(() => document.querySelector('ringnity-call-popup')!.call?.connected === true, null, { timeout: 20_000 });
      await popupPart('hold-button').click();
      await customer.waitForFunction(() => window.customer.call!.state === 'held', null, { timeout: 10_000 });
      await popupPart('hold-button').click();
      await customer.waitForFunction(() => window.customer.call!.state === 'active', null, { timeout: 10_000 });
      await popupPart('end-button').click();
      await customer.waitForFunction(() => window.customer.call!.state === 'ended', null, { timeout: 10_000 });
    }
  };
  const reconnect = async (upTo: number) => {
    for (; reconnects < upTo; reconnects++) {
      const before = await page.evaluate(() => window.shift.reconnected);
      if (world.emulator.dropAgentSockets(AGENT) === 0) throw new Error('the agent had no socket to drop');
      await page.waitForFunction((n) => window.shift.reconnected > n && window.shift.state === 'connected', before, { timeout: 30_000 });
    }
  };
  const waitForRefreshes = async (n: number) => {
    await page.waitForFunction((n) => window.shift.refreshes >= n, n, { timeout: TOKEN_LIFETIME_S * 2_000 });
  };
  const waitForDelivery = async () => {
    // Every customer message sent since the page loaded reached the inbox (the first of each
    // conversation came with the list, before).
    await page.waitForFunction((n) => window.shift.received >= n, totalSent(), { timeout: 60_000 });
  };

  const phaseMs = new Map<string, number>();
  const timed = async (phase: string, work: () => Promise<void>) => {
    const at = Date.now();
    await work();
    phaseMs.set(phase, (phaseMs.get(phase) ?? 0) + Date.now() - at);
  };
  /** Both snapshots are taken with no conversation open, so the thread's length does not count. */
  const closeThread = () => page.evaluate(() => void (document.querySelector('ringnity-inbox')!.conversationId = null));
  let warmSent = 0;
  const totalSent = () => warmSent + sent;
  const quarterHour = async (slot: number, plan: { messages: number; replies: number; selections: number; calls: number; reconnects: number }) => {
    const upTo = (total: number) => Math.round((total * (slot + 1)) / SLOTS);
    await timed('messages', () => sendMessages(upTo(plan.messages)));
    await timed('replies', () => reply(upTo(plan.replies)));
    await timed('selections', () => select(upTo(plan.selections)));
    await timed('calls', () => call(upTo(plan.calls)));
    await timed('reconnects', () => reconnect(upTo(plan.reconnects)));
    await timed('delivery', waitForDelivery);
  };

  // The warm-up quarter-hour does one of each, so the start figures include the lazy files.
  await quarterHour(0, { messages: SLOTS, replies: SLOTS, selections: SLOTS, calls: SLOTS, reconnects: SLOTS });
  const warm = { sent, replies, selections, calls, reconnects };
  warmSent = sent;
  sent = replies = selections = calls = reconnects = 0;
  await closeThread();
  await sleep(1_000);
  const start = await snapshot(page, cdp);
  phaseMs.clear();
  if (values.trace) await page.evaluate(() => (window.__shiftProbe.trace = true));
  const refreshesAtStart = await page.evaluate(() => window.shift.refreshes);
  const shiftStarted = Date.now();
  for (let slot = 0; slot < SLOTS; slot++) {
    await quarterHour(slot, { messages: MESSAGES, replies: REPLIES, selections: SELECTIONS, calls: CALLS, reconnects: RECONNECTS });
    // Relative to the start, so the warm-up's refreshes do not count.
    await waitForRefreshes(refreshesAtStart + slot + 1);
    if ((slot + 1) % 8 === 0) console.log(`  … ${(slot + 1) / 4} h of shift done after ${((Date.now() - shiftStarted) / 1000).toFixed(0)} s`);
  }
  // Let the last call's notice and the last reconnect's timers run out, as they would in a shift.
  await closeThread();
  await sleep(6_000);
  const end = await snapshot(page, cdp);
  const refreshes = (await page.evaluate(() => window.shift.refreshes)) - refreshesAtStart;
  const received = await page.evaluate(() => window.shift.received);

  console.log(
    `shift: Chromium ${world.browser.version()}, scale ${scale}, ${((Date.now() - started) / 1000).toFixed(0)} s in all (${((Date.now() - shiftStarted) / 1000).toFixed(0)} s for the 8 h)`,
  );
  console.log(`  warm-up quarter-hour: ${warm.sent} messages, ${warm.replies} replies, ${warm.selections} selections, ${warm.calls} call, ${warm.reconnects} reconnect`);
  console.log(
    `  shift: ${sent} customer messages in ${CONVERSATIONS} conversations (${received} received by the inbox in all), ${replies} replies and notes, ${calls} calls (answered, held, resumed, ended), ${reconnects} forced reconnects, ${refreshes} token refreshes (${TOKEN_LIFETIME_S} s tokens), ${selections} selections`,
  );
  console.log(`  time spent: ${[...phaseMs].map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(0)} s`).join(', ')}; the rest waiting for token refreshes`);
  const row = (name: string, pick: (s: Snapshot) => number, digits = 0, goal = '') =>
    console.log(
      `  ${name.padEnd(26)} ${pick(cold).toFixed(digits).padStart(9)} ${pick(start).toFixed(digits).padStart(9)} ${pick(end).toFixed(digits).padStart(9)} ${(pick(end) - pick(start) >= 0 ? '+' : '') + (pick(end) - pick(start)).toFixed(digits).padStart(8)}  ${goal}`,
    );
  console.log(`  ${'after forced GC'.padEnd(26)} ${'cold'.padStart(9)} ${'start'.padStart(9)} ${'end'.padStart(9)} ${'growth'.padStart(9)}`);
  const ok = (pass: boolean) => (pass ? 'ok' : 'OVER GOAL');
  row('JS heap used (MB)', (s) => s.heapMB, 2, `goal < +10 MB: ${ok(end.heapMB - start.heapMB < 10)}`);
  // DevTools' count also holds detached nodes still alive, among them Lit's cache of templates
  // first used during the shift (the same few hundred at any --scale); the goal is on the
  // document's own nodes.
  row('DOM nodes (DevTools)', (s) => s.nodes);
  row('  of which in the document', (s) => s.attached, 0, `goal bounded by the list's window: ${ok(end.attached - start.attached <= 100)}`);
  row('list rows in the DOM', (s) => s.rows, 0, `the list's window: ${ok(end.rows <= 60)}`);
  row('event listeners', (s) => s.listeners, 0, `goal no growth: ${ok(end.listeners <= start.listeners)}`);
  row('live timers', (s) => s.timers, 0, `goal no growth: ${ok(end.timers <= start.timers)}`);
  row('  of which intervals', (s) => s.intervals, 0, `goal no growth: ${ok(end.intervals <= start.intervals)}`);
  row('open media tracks', (s) => s.tracks, 0, `goal no growth: ${ok(end.tracks <= start.tracks)}`);
  row('open peer connections', (s) => s.peers, 0, `goal no growth: ${ok(end.peers <= start.peers)}`);
  if (values.trace) {
    const sites = await page.evaluate(() => window.__shiftProbe.timerSites());
    console.log('  live timers at the end, by where they were made:');
    for (const [site, n] of sites) console.log(`    ${String(n).padStart(5)}  ${site}`);
  }
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
}

declare global {
  interface Window {
    shift: { refreshes: number; received: number; reconnected: number; state: string };
    __shiftProbe: {
      trace: boolean;
      counts(): { timers: number; intervals: number; tracks: number; peers: number };
      timerSites(): Array<[string, number]>;
    };
  }
}
