/**
 * A world for the call tests: a real emulator, one headless Chromium with fake camera and
 * microphone, and one browser context (its own page, storage and devices) per party. The agent
 * and customer pages are built from the sources with esbuild, split so that the call engine is a
 * chunk of its own, and served by the emulator itself.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';
import { build } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../../src/emulator/index.js';
import { AGENT_SCOPES } from '../../../src/protocol/scopes.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// @ts-expect-error: a plain .mjs helper without types
import { CHROME_ARGS, findChrome } from '../../../scripts/find-chrome.mjs';

export const CHROMIUM: string = (findChrome() as string | undefined) ?? '/usr/bin/chromium';

let built: Promise<string> | undefined;

/** Builds the test pages once per process; answers the folder they are in. */
export function buildPages(extraEntries: Record<string, string> = {}): Promise<string> {
  built ??= (async () => {
    const outdir = await mkdtemp(path.join(tmpdir(), 'ringnity-calls-'));
    await build({
      entryPoints: {
        'agent-page': path.join(here, 'pages/agent-page.ts'),
        'customer-page': path.join(here, 'pages/customer-page.ts'),
        'crm-page': path.join(here, 'pages/crm-page.ts'),
        'inbox-page': path.join(here, 'pages/inbox-page.ts'),
        ...extraEntries,
      },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      outdir,
      sourcemap: 'inline',
      logLevel: 'error',
      // The package lists dist/ files as its side-effect modules; these pages import src/ ones.
      ignoreAnnotations: true,
      // Lit's decorators, as the elements are written.
      tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
    });
    const { copyFile } = await import('node:fs/promises');
    for (const file of await readdir(path.join(here, 'pages'))) {
      if (file.endsWith('.html')) await copyFile(path.join(here, 'pages', file), path.join(outdir, file));
    }
    return outdir;
  })();
  return built;
}

export interface World {
  emulator: RunningEmulator;
  browser: Browser;
  url: string;
  mint(username: string, scopes?: readonly string[]): Promise<string>;
  /** A fresh browser context with the agent page, signed in and online for chat. */
  agentPage(username: string, options?: { goOnline?: boolean; context?: BrowserContext; useGetToken?: boolean; iceServers?: RTCIceServer[] }): Promise<Page>;
  customerPage(name: string, departmentId: string): Promise<Page>;
  newContext(): Promise<BrowserContext>;
}

/** Anything with `after`, like node:test's TestContext; the bench passes its own. */
export interface Cleanup {
  after(fn: () => Promise<void>): void;
}

export async function startWorld(t: Cleanup | TestContext, options: EmulatorOptions & { browserArgs?: string[] } = {}): Promise<World> {
  const { browserArgs, ...emulatorOptions } = options;
  const dir = await buildPages();
  const emulator = await startEmulator({ port: 0, ...emulatorOptions, staticDirs: [{ prefix: '/t', dir }, ...(emulatorOptions.staticDirs ?? [])] });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROME_ARGS, ...(browserArgs ?? [])] });
  (t as Cleanup).after(async () => {
    await browser.close();
    await emulator.close();
  });
  const url = emulator.url;
  const mint = async (username: string, scopes: readonly string[] = AGENT_SCOPES) => {
    const response = await fetch(`${url}/api/server/sdk-token/agent`, {
      method: 'POST',
      headers: { Authorization: 'Bearer rn_sk_test_demo', 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, scopes, expiresIn: 900 }),
    });
    const body = (await response.json()) as { token: string };
    assert.equal(response.status, 200);
    return body.token;
  };
  const newContext = () => browser.newContext({ permissions: ['microphone', 'camera'] });
  const reportErrors = (page: Page, who: string) => {
    page.on('pageerror', (error) => console.error(`[${who}] page error:`, error.message));
  };
  return {
    emulator,
    browser,
    url,
    mint,
    newContext,
    async agentPage(username, pageOptions = {}) {
      const context = pageOptions.context ?? (await newContext());
      const page = await context.newPage();
      reportErrors(page, username);
      await page.goto(`${url}/t/agent.html`);
      await page.waitForFunction(() => Boolean(window.harness));
      const token = await mint(username);
      await page.evaluate(
        ([token, useGetToken, iceServers]) => window.harness.start(token as string, { useGetToken: useGetToken as boolean, iceServers: iceServers as RTCIceServer[] }),
        [token, Boolean(pageOptions.useGetToken), pageOptions.iceServers ?? []] as const,
      );
      if (pageOptions.goOnline !== false) await page.evaluate(() => window.harness.agent!.calls.goOnline());
      return page;
    },
    async customerPage(name, departmentId) {
      const context = await newContext();
      const page = await context.newPage();
      reportErrors(page, name);
      await page.goto(`${url}/t/customer.html`);
      await page.waitForFunction(() => Boolean(window.customer));
      await page.evaluate(([name, departmentId]) => window.customer.open(name!, departmentId!), [name, departmentId]);
      return page;
    },
  };
}

/** Polls `check` until it answers true; fails with `what` after `timeoutMs`. */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 8_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Totals = { inAudio: number; inVideo: number; outAudio: number; outVideo: number; framesDecoded: number };

export const agentStats = (page: Page, id?: string): Promise<Totals> => page.evaluate((id) => window.harness.stats(id ?? undefined), id ?? null);
export const customerStats = (page: Page): Promise<Totals> => page.evaluate(() => window.customer.stats());

/**
 * Waits until a counter grows between two samples taken `gapMs` apart (it flows), or stays the same
 * (it stopped). Both are checked by polling, so a slow machine only makes them take longer.
 */
export async function flowing(what: string, sample: () => Promise<number>, gapMs = 400): Promise<void> {
  await eventually(`${what} to flow`, async () => {
    const before = await sample();
    await sleep(gapMs);
    return (await sample()) > before;
  });
}

export async function stopped(what: string, sample: () => Promise<number>, gapMs = 600): Promise<void> {
  await eventually(`${what} to stop`, async () => {
    const before = await sample();
    await sleep(gapMs);
    return (await sample()) === before;
  });
}
