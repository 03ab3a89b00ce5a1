/**
 * Lit's development build warns in the console about mistakes it can see (an update scheduled
 * while one completes, a class field shadowing a reactive property, and so on). Integrators run
 * it whenever their bundler picks the `development` export condition, as Vite's dev server does:
 * every element, built that way, must mount and work without a Lit warning.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { build } from 'esbuild';
import { startWorld } from './world.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The one notice Lit's development build always prints; anything else is a finding. */
const DEV_MODE_NOTICE = /^Lit is in dev mode/;

test("every element runs on Lit's development build without a Lit warning", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'ringnity-lit-dev-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  // What a bundler in development mode gives an app: Lit's development modules.
  await build({
    entryPoints: [path.join(root, 'src/elements/define.ts')],
    bundle: true,
    format: 'esm',
    splitting: true,
    outdir: dir,
    platform: 'browser',
    conditions: ['development', 'browser'],
    tsconfig: path.join(root, 'tsconfig.json'),
    logLevel: 'silent',
  });
  const world = await startWorld(t, { staticDirs: [{ prefix: '/dev', dir }] });
  const page = await (await world.newContext()).newPage();
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' && !DEV_MODE_NOTICE.test(message.text())) warnings.push(message.text());
  });
  page.on('pageerror', (error) => warnings.push(`page error: ${error.message}`));
  await page.goto(`${world.url}/t/lit-dev.html`);
  const token = await world.mint('lead.one');
  await page.evaluate(
    async ({ token, apiBaseUrl, entry }) => {
      document.body.innerHTML = `<ringnity-session page></ringnity-session>
        <ringnity-presence></ringnity-presence>
        <ringnity-inbox page-size="10" style="display:block; height: 600px; --ringnity-inbox-row-height: 90px"></ringnity-inbox>
        <ringnity-call-popup></ringnity-call-popup>`;
      // Served by the world from the build above, so the path is only known to the page.
      await import(entry);
      const session = document.querySelector('ringnity-session') as HTMLElement & { apiBaseUrl: string; token: string };
      session.apiBaseUrl = apiBaseUrl;
      session.token = token;
    },
    { token, apiBaseUrl: world.url, entry: '/dev/define.js' },
  );
  // The development build is the one on the page.
  assert.ok(await page.evaluate(() => (window as { litIssuedWarnings?: Set<unknown> }).litIssuedWarnings instanceof Set), 'Lit dev build not loaded');
  await page.locator('ringnity-presence >> select').waitFor();
  const row = page.locator('ringnity-inbox [role="option"]').first();
  await row.waitFor();
  await row.click();
  await page.locator('ringnity-inbox [part~="message"]').first().waitFor();
  // Scrolling the list to its end renders other rows and loads the next page.
  await page.waitForFunction(() => {
    const list = document.querySelector('ringnity-inbox')!.shadowRoot!.querySelector('[part="list"]')!;
    list.scrollTop = list.scrollHeight;
    return [...list.querySelectorAll('[role="option"]')].some((row) => Number(row.getAttribute('aria-posinset')) > 10);
  });
  await page.locator('ringnity-inbox [part="view-button"]').nth(1).click();
  await page.locator('ringnity-inbox [role="option"]').first().waitFor();
  assert.deepEqual(warnings, []);
});
