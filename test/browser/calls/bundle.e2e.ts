/**
 * The no-build bundle: the call engine is a file of its own, `dist/ringnity-agent-calls.js`,
 * fetched only by pages that take calls, and the inbox's thread half another,
 * `dist/ringnity-agent-thread.js`, fetched once a conversation is opened. Both render with the
 * bundle's own Lit.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { customerStats, eventually, flowing, sleep, startWorld, type World } from './world.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dist = path.join(root, 'dist');
const CALLS_FILE = 'ringnity-agent-calls.js';
const CALL_VIEW_FILE = 'ringnity-agent-call-view.js';
const THREAD_FILE = 'ringnity-agent-thread.js';
const GERMAN_FILE = 'ringnity-agent-de.js';
/** A sentence only simple-peer carries, to find it in a file. */
const SIMPLE_PEER_MARKER = 'Track has already been added to that stream';

function ensureBundle(): void {
  if (['ringnity-agent.js', CALLS_FILE, CALL_VIEW_FILE, THREAD_FILE, GERMAN_FILE].every((file) => existsSync(path.join(dist, file)))) return;
  execFileSync(process.execPath, [path.join(root, 'node_modules/rollup/dist/bin/rollup'), '-c'], { cwd: root, stdio: 'ignore' });
}

async function open(world: World, file: string, username: string): Promise<{ page: Page; scripts: string[] }> {
  const page = await (await world.newContext()).newPage();
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script' || request.url().endsWith('.js')) scripts.push(new URL(request.url()).pathname);
  });
  page.on('pageerror', (error) => console.error(`[${file}]`, error.message));
  await page.goto(`${world.url}/t/${file}#token=${await world.mint(username)}`);
  return { page, scripts };
}

test('the bundle leaves simple-peer to the call file', () => {
  ensureBundle();
  assert.ok(!readFileSync(path.join(dist, 'ringnity-agent.js'), 'utf8').includes(SIMPLE_PEER_MARKER), 'simple-peer is in the main bundle');
  assert.ok(readFileSync(path.join(dist, CALLS_FILE), 'utf8').includes(SIMPLE_PEER_MARKER), 'simple-peer is not in the call file');
});

test('a page with only the inbox never requests the call file', async (t) => {
  ensureBundle();
  const world = await startWorld(t, { staticDirs: [{ prefix: '/dist', dir: dist }] });
  const { page, scripts } = await open(world, 'bundle-inbox.html', 'agent.one');
  await page.locator('ringnity-inbox').getByText('Select a conversation', { exact: false }).first().waitFor();
  await page.locator('ringnity-inbox').getByText('Unassigned').first().waitFor();
  // Give any lazy loading a moment to show itself.
  await sleep(1_000);
  assert.deepEqual(scripts, ['/dist/ringnity-agent.js']);
  assert.equal(world.emulator.store.agents.get('agt_one')!.callsOnline, false);
});

test("the call popup's view is a file of its own, with no simple-peer in it", () => {
  ensureBundle();
  const view = readFileSync(path.join(dist, CALL_VIEW_FILE), 'utf8');
  assert.ok(!view.includes(SIMPLE_PEER_MARKER), 'simple-peer is in the call view file');
  assert.ok(!view.includes('lit-html'), 'the call view file carries Lit');
  assert.ok(!readFileSync(path.join(dist, CALLS_FILE), 'utf8').includes('accept-button'), 'the popup view is in the call file');
});

test('a page with the call popup fetches the call file and the view file from beside the bundle and takes a call', async (t) => {
  ensureBundle();
  const world = await startWorld(t, { staticDirs: [{ prefix: '/dist', dir: dist }] });
  const { page, scripts } = await open(world, 'bundle-calls.html', 'agent.one');
  await eventually('online for calls', async () => world.emulator.store.agents.get('agt_one')!.callsOnline);
  await eventually('the view file fetched', async () => scripts.length === 3);
  assert.deepEqual([...scripts].sort(), ['/dist/ringnity-agent.js', `/dist/${CALL_VIEW_FILE}`, `/dist/${CALLS_FILE}`].sort());
  world.emulator.store.setPresence('agt_one', 'online');

  const customer = await world.customerPage('Nina', 'dep_support');
  assert.deepEqual(await customer.evaluate(() => window.customer.place('voice')), { ok: true });
  const accept = page.locator('ringnity-call-popup >> [part~="accept-button"]');
  await accept.waitFor();
  // The view and its styles came from the call file.
  assert.equal(await page.locator('ringnity-call-popup >> [part~="incoming"]').evaluate((card) => getComputedStyle(card).display), 'grid');
  // The view rendered with the bundle's Lit: the page holds one copy.
  assert.equal(await page.evaluate(() => (window as { litHtmlVersions?: string[] }).litHtmlVersions?.length), 1);
  await accept.click();
  await customer.waitForFunction(() => window.customer.call?.connected === true);
  await flowing('agent audio at the customer', async () => (await customerStats(customer)).inAudio);
});

/** Opens the first conversation of the list and waits for its messages. */
async function openFirstConversation(page: Page): Promise<void> {
  await page.locator('ringnity-inbox [role="option"]').first().click();
  await page.locator('ringnity-inbox [part~="message"]').first().waitFor();
}

test("the inbox fetches its thread file from beside the bundle once a conversation is opened, and it shares the bundle's Lit", async (t) => {
  ensureBundle();
  const world = await startWorld(t, { staticDirs: [{ prefix: '/dist', dir: dist }] });
  const { page, scripts } = await open(world, 'bundle-inbox.html', 'agent.one');
  await page.locator('ringnity-inbox [role="option"]').first().waitFor();
  assert.deepEqual(scripts, ['/dist/ringnity-agent.js']);
  await openFirstConversation(page);
  assert.deepEqual(scripts, ['/dist/ringnity-agent.js', `/dist/${THREAD_FILE}`]);
  // Its styles came along, and it rendered with the bundle's copy of Lit: one on the page.
  assert.equal(await page.locator('ringnity-inbox >> [part~="composer"]').evaluate((form) => getComputedStyle(form).flexDirection), 'column');
  assert.equal(await page.evaluate(() => (window as { litHtmlVersions?: string[] }).litHtmlVersions?.length), 1);
  assert.ok(!readFileSync(path.join(dist, THREAD_FILE), 'utf8').includes('lit-html'), 'the thread file carries Lit');
});

test('the bundle fetches the German words from beside itself once the page turns German, and the inbox speaks German', async (t) => {
  ensureBundle();
  const world = await startWorld(t, { staticDirs: [{ prefix: '/dist', dir: dist }] });
  const { page, scripts } = await open(world, 'bundle-inbox.html', 'agent.one');
  await page.locator('ringnity-inbox').getByText('Unassigned').first().waitFor();
  assert.ok(!scripts.includes(`/dist/${GERMAN_FILE}`), 'an English page fetched the German words');
  await page.evaluate(() => (document.documentElement.lang = 'de'));
  await page.locator('ringnity-inbox').getByText('Nicht zugewiesen').first().waitFor();
  assert.ok(scripts.includes(`/dist/${GERMAN_FILE}`));
  assert.ok(!readFileSync(path.join(dist, 'ringnity-agent.js'), 'utf8').includes('Nicht zugewiesen'), 'the German words are in the main bundle');
});

test('when the thread file cannot be fetched, the inbox says so, emits ringnity-error, and Retry loads it', async (t) => {
  ensureBundle();
  const world = await startWorld(t, { staticDirs: [{ prefix: '/dist', dir: dist }] });
  const { page } = await open(world, 'bundle-inbox.html', 'agent.one');
  await page.evaluate(() => {
    const codes: string[] = [];
    (window as { errorCodes?: string[] }).errorCodes = codes;
    document.addEventListener('ringnity-error', (event) => codes.push((event as CustomEvent<{ error: { code: string } }>).detail.error.code));
  });
  // The request is held until the busy state has been seen, then fails as an offline fetch does.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const offline = async (route: { abort(): Promise<void> }) => {
    await held;
    await route.abort();
  };
  await page.route(`**/${THREAD_FILE}`, offline);
  await page.locator('ringnity-inbox [role="option"]').first().click();
  const pane = page.locator('ringnity-inbox >> [part~="thread-pane"]');
  await page.locator('ringnity-inbox >> [part~="thread-pane"][aria-busy="true"] [role="status"]').waitFor();
  release();
  const alert = pane.locator('[role="alert"]');
  await alert.waitFor();
  assert.match((await alert.textContent()) ?? '', /could not be loaded/);
  assert.equal(await pane.getAttribute('aria-busy'), null);
  assert.deepEqual(await page.evaluate(() => (window as { errorCodes?: string[] }).errorCodes), ['INBOX_THREAD_LOAD_FAILED']);

  await page.unroute(`**/${THREAD_FILE}`, offline);
  await pane.locator('[part~="retry-button"]').click();
  await page.locator('ringnity-inbox [part~="message"]').first().waitFor();
  assert.equal(await alert.count(), 0);
});

test("the bundle's thread header keeps the spaces between the e-mail, the subject and the rest", async (t) => {
  ensureBundle();
  const world = await startWorld(t, { staticDirs: [{ prefix: '/dist', dir: dist }] });
  const { page } = await open(world, 'bundle-inbox.html', 'agent.one');
  await page.locator('ringnity-inbox [role="option"]').first().waitFor();
  await page.evaluate(() => document.querySelector('ringnity-inbox')!.setAttribute('conversation-id', 'cnv_assigned1'));
  const meta = page.locator('ringnity-inbox >> [part~="conversation-meta"]');
  await meta.waitFor();
  const text = ((await meta.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  assert.match(text, /^\S+@\S+ · Password reset loop · Support · /);
});
