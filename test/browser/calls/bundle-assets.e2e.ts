/**
 * Where the no-build bundle finds its lazily loaded files when it cannot look beside its own
 * <script>: evaluated without `document.currentScript`, as Salesforce's sandbox runs it. The
 * assets option (`configure({ assetsUrl })`, `data-assets-url`), the classic call and thread
 * files (`*.classic.js`), and the clear error when nothing says where the files are.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { startWorld, type World } from './world.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dist = path.join(root, 'dist');
const FILES = ['ringnity-agent.js', 'ringnity-agent-calls.js', 'ringnity-agent-calls.classic.js', 'ringnity-agent-thread.js', 'ringnity-agent-thread.classic.js'];

function ensureBundle(): void {
  if (FILES.every((file) => existsSync(path.join(dist, file)))) return;
  execFileSync(process.execPath, [path.join(root, 'node_modules/rollup/dist/bin/rollup'), '-c'], { cwd: root, stdio: 'ignore' });
}

interface BundleWindow {
  RingnityAgent: {
    create(init: { token: string; apiBaseUrl: string }): Promise<{ calls: { goOnline(): Promise<void> } }>;
    configure(config: object): void;
  };
}

/** Both folders serve dist/: `/assets` stands for a Salesforce static resource. */
async function world(t: Parameters<typeof startWorld>[0]): Promise<World> {
  ensureBundle();
  return startWorld(t, {
    staticDirs: [
      { prefix: '/dist', dir: dist },
      { prefix: '/assets', dir: dist },
    ],
  });
}

/** Opens `file` and records the path of every script requested, the bundle's own fetch aside. */
async function open(world: World, file: string): Promise<{ page: Page; scripts: string[] }> {
  const page = await (await world.newContext()).newPage();
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() !== 'fetch' && /\.js$/.test(new URL(request.url()).pathname)) scripts.push(new URL(request.url()).pathname);
  });
  page.on('pageerror', (error) => console.error(`[${file}]`, error.message));
  await page.goto(`${world.url}/t/${file}`);
  return { page, scripts };
}

/** Runs the bundle's source the way a sandbox does: evaluated, so `document.currentScript` is null. */
async function evaluateBundle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const code = await (await fetch('/dist/ringnity-agent.js')).text();
    new Function(code)();
  });
}

/** Signs an agent in through the bundle's global and goes online for calls: `ok`, or the error's code and message. */
function goOnline(page: Page, token: string): Promise<{ ok: true } | { code: string; message: string }> {
  return page.evaluate(async (token) => {
    try {
      const agent = await (window as unknown as BundleWindow).RingnityAgent.create({ token, apiBaseUrl: location.origin });
      await agent.calls.goOnline();
      return { ok: true as const };
    } catch (error) {
      return { code: (error as { code: string }).code, message: (error as Error).message };
    }
  }, token);
}

const configure = (page: Page, config: object) => page.evaluate((config) => (window as unknown as BundleWindow).RingnityAgent.configure(config), config);

const nodeGlobals = (page: Page) => page.evaluate(() => ['global', 'Buffer', 'process'].filter((name) => name in window));

test('without document.currentScript and no assets option, going online fails with ASSETS_URL_REQUIRED naming the option, and no path is guessed', async (t) => {
  const w = await world(t);
  const { page, scripts } = await open(w, 'bundle-blank.html');
  await evaluateBundle(page);
  const result = await goOnline(page, await w.mint('agent.one'));
  assert.ok('code' in result, 'going online succeeded');
  assert.equal(result.code, 'ASSETS_URL_REQUIRED');
  assert.match(result.message, /assetsUrl/);
  assert.match(result.message, /data-assets-url/);
  assert.deepEqual(scripts, []);
});

test('configure({ assetsUrl }) points an evaluated bundle at its call file, and going online works', async (t) => {
  const w = await world(t);
  const { page, scripts } = await open(w, 'bundle-blank.html');
  await evaluateBundle(page);
  await configure(page, { assetsUrl: '/assets' });
  assert.deepEqual(await goOnline(page, await w.mint('agent.one')), { ok: true });
  assert.deepEqual(scripts, ['/assets/ringnity-agent-calls.js']);
  assert.equal(w.emulator.store.agents.get('agt_one')!.callsOnline, true);
  assert.deepEqual(await nodeGlobals(page), []);
});

test("assetsMode 'script' loads the classic call file with a script tag, and going online works without Node globals", async (t) => {
  const w = await world(t);
  const { page, scripts } = await open(w, 'bundle-blank.html');
  await evaluateBundle(page);
  await configure(page, { assetsUrl: '/assets/', assetsMode: 'script' });
  assert.deepEqual(await goOnline(page, await w.mint('agent.one')), { ok: true });
  assert.deepEqual(scripts, ['/assets/ringnity-agent-calls.classic.js']);
  assert.deepEqual(await nodeGlobals(page), []);
});

test('when import() of the call file throws, the bundle falls back to the classic call file', async (t) => {
  const w = await world(t);
  const { page, scripts } = await open(w, 'bundle-blank.html');
  await page.route('**/ringnity-agent-calls.js', (route) => route.abort());
  await evaluateBundle(page);
  await configure(page, { assetsUrl: '/assets' });
  assert.deepEqual(await goOnline(page, await w.mint('agent.one')), { ok: true });
  assert.deepEqual(scripts, ['/assets/ringnity-agent-calls.js', '/assets/ringnity-agent-calls.classic.js']);
});

test('a classic call file the page loaded itself (as loadScript does) is used with no assets option', async (t) => {
  const w = await world(t);
  const { page, scripts } = await open(w, 'bundle-blank.html');
  await evaluateBundle(page);
  await page.addScriptTag({ url: '/dist/ringnity-agent-calls.classic.js' });
  assert.deepEqual(await goOnline(page, await w.mint('agent.one')), { ok: true });
  assert.deepEqual(scripts, ['/dist/ringnity-agent-calls.classic.js']);
});

test('data-assets-url on the bundle script moves where the call file is fetched from', async (t) => {
  const w = await world(t);
  const { page, scripts } = await open(w, 'bundle-assets-attribute.html');
  assert.deepEqual(await goOnline(page, await w.mint('agent.one')), { ok: true });
  assert.deepEqual(scripts, ['/dist/ringnity-agent.js', '/assets/ringnity-agent-calls.js']);
});

test('data-assets-url on <ringnity-session> points an evaluated bundle at its thread file', async (t) => {
  const w = await world(t);
  const { page, scripts } = await open(w, 'bundle-blank.html');
  await evaluateBundle(page);
  const token = await w.mint('agent.one');
  await page.evaluate((token) => {
    document.body.innerHTML = '<ringnity-session data-assets-url="/assets/"><ringnity-inbox></ringnity-inbox></ringnity-session>';
    const session = document.querySelector('ringnity-session') as HTMLElement & { apiBaseUrl: string; token: string };
    session.apiBaseUrl = location.origin;
    session.token = token;
  }, token);
  await page.locator('ringnity-inbox [role="option"]').first().click();
  await page.locator('ringnity-inbox [part~="message"]').first().waitFor();
  assert.deepEqual(scripts, ['/assets/ringnity-agent-thread.js']);
});

test('configure() refuses an assets option of the wrong shape, naming it', async (t) => {
  const w = await world(t);
  const { page } = await open(w, 'bundle-blank.html');
  await evaluateBundle(page);
  const refusal = (config: object) =>
    configure(page, config).then(
      () => 'accepted',
      (error: Error) => error.message,
    );
  assert.match(await refusal({ assetsMode: 'eval' }), /assetsMode must be 'module' or 'script'/);
  assert.match(await refusal({ assetsUrl: '' }), /assetsUrl must be a non-empty URL string/);
});
