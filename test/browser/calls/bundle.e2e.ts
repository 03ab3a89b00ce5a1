/**
 * The no-build bundle: the call engine is a file of its own, `dist/ringnity-agent-calls.js`,
 * fetched only by pages that take calls.
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
/** A sentence only simple-peer carries, to find it in a file. */
const SIMPLE_PEER_MARKER = 'Track has already been added to that stream';

function ensureBundle(): void {
  if (existsSync(path.join(dist, 'ringnity-agent.js')) && existsSync(path.join(dist, CALLS_FILE))) return;
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

test('a page with the call popup fetches the call file from beside the bundle and takes a call', async (t) => {
  ensureBundle();
  const world = await startWorld(t, { staticDirs: [{ prefix: '/dist', dir: dist }] });
  const { page, scripts } = await open(world, 'bundle-calls.html', 'agent.one');
  await eventually('online for calls', async () => world.emulator.store.agents.get('agt_one')!.callsOnline);
  assert.deepEqual(scripts, ['/dist/ringnity-agent.js', `/dist/${CALLS_FILE}`]);
  world.emulator.store.setPresence('agt_one', 'online');

  const customer = await world.customerPage('Nina', 'dep_support');
  assert.deepEqual(await customer.evaluate(() => window.customer.place('voice')), { ok: true });
  const accept = page.locator('ringnity-call-popup >> [part~="accept-button"]');
  await accept.waitFor();
  // The view and its styles came from the call file.
  assert.equal(await page.locator('ringnity-call-popup >> [part~="incoming"]').evaluate((card) => getComputedStyle(card).display), 'grid');
  await accept.click();
  await customer.waitForFunction(() => window.customer.call?.connected === true);
  await flowing('agent audio at the customer', async () => (await customerStats(customer)).inAudio);
});
