/**
 * Consumers of the packed package (see packed.ts): a strict TypeScript project on every entry
 * point, a React 19 app built with Vite, a Vue 3 app under `vue-tsc --strictTemplates`, and a
 * CommonJS backend. The React app then signs in across origins against the packed
 * `ringnity-emulator --demo` and lists conversations in Chromium.
 *
 * Needs the build (dist/) and a Chrome or Chromium (CHROME_PATH, or found in the usual places).
 */
import assert from 'node:assert/strict';
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
// @ts-expect-error: a plain .mjs helper without types
import { CHROME_ARGS, findChrome } from '../../scripts/find-chrome.mjs';
import { bin, installFixture, pack, RESULTS, runNode, startPackedEmulator } from './packed.js';

const TSC = bin('typescript/bin/tsc');

let tarball: string;
let emulator: { url: string; child: ChildProcess } | undefined;

before(async () => {
  tarball = await pack();
  // The bin as `npx ringnity-emulator --demo` runs it, from the extracted package.
  const host = await installFixture('cjs-backend', tarball);
  emulator = await startPackedEmulator(path.join(host, 'node_modules/@ringnity/agent-sdk'), ['--demo', '--port', '0']);
});

after(() => {
  emulator?.child.kill('SIGTERM');
});

describe('strict TypeScript consumer', () => {
  it('type-checks every entry point under moduleResolution bundler and node16', { timeout: 300_000 }, async () => {
    const dir = await installFixture('strict-ts', tarball);
    await runNode(dir, TSC, ['-p', 'tsconfig.bundler.json']);
    await runNode(dir, TSC, ['-p', 'tsconfig.node16.json']);
  });
});

describe('Vue 3 app', () => {
  it('passes vue-tsc --strictTemplates with the shipped GlobalComponents typings', { timeout: 300_000 }, async () => {
    const dir = await installFixture('vue', tarball);
    await runNode(dir, bin('vue-tsc/bin/vue-tsc.js'), ['-p', 'tsconfig.json', '--noEmit']);
  });
});

describe('CommonJS backend', () => {
  it('requires the server helper and mints an agent token the API accepts', async () => {
    const dir = path.join(RESULTS, 'fixtures/cjs-backend');
    const stdout = await runNode(dir, path.join(dir, 'mint.cjs'), [emulator!.url]);
    const minted = JSON.parse(stdout) as { token: string; expiresIn: number };
    assert.equal(minted.expiresIn, 300);
    const profile = await fetch(`${emulator!.url}/api/agent/profile`, { headers: { authorization: `Bearer ${minted.token}` } });
    assert.equal(profile.status, 200);
    assert.equal(((await profile.json()) as { agent: { username: string } }).agent.username, 'agent.one');
  });

  it('gets the same error codes as an ESM backend', async () => {
    const dir = path.join(RESULTS, 'fixtures/cjs-backend');
    const script = `require('@ringnity/agent-sdk/server').createAgentToken({ apiBaseUrl: ${JSON.stringify(emulator!.url)}, serverApiKey: 'rn_sk_wrong', username: 'agent.one', scopes: ['agent:profile:read'] }).catch((e) => { process.stdout.write(e.code); });`;
    await writeFile(path.join(dir, 'wrong-key.cjs'), script);
    assert.equal(await runNode(dir, path.join(dir, 'wrong-key.cjs')), 'SERVER_API_KEY_INVALID');
  });

  it('type-checks a CommonJS TypeScript consumer against the require declarations', { timeout: 300_000 }, async () => {
    await runNode(path.join(RESULTS, 'fixtures/cjs-backend'), TSC, ['-p', 'tsconfig.json']);
  });
});

describe('an install without the optional packages (--omit=optional)', () => {
  it('runs `ringnity-emulator` into a message that names the missing package and the fix', async () => {
    // Outside the repository, nothing resolves by the walk up: the package stands alone.
    const dir = await mkdtemp(path.join(tmpdir(), 'ringnity-no-optional-'));
    try {
      const target = path.join(dir, 'node_modules/@ringnity/agent-sdk');
      await mkdir(target, { recursive: true });
      await new Promise<void>((resolve, reject) => execFile('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], (error) => (error ? reject(error) : resolve())));
      const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = execFile(process.execPath, [path.join(target, 'dist/emulator/cli.js'), '--port', '0'], { cwd: dir, timeout: 60_000 }, (_error, _stdout, stderr) =>
          resolve({ code: child.exitCode, stderr }),
        );
      });
      assert.equal(code, 1);
      assert.match(stderr, /^ringnity-emulator: cannot start: the package (hono|@hono\/node-server|socket\.io|jose) is missing\./);
      assert.match(stderr, /npm install --save-dev hono @hono\/node-server socket\.io jose/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('React 19 app with Vite', () => {
  let dir: string;
  let server: Server | undefined;
  before(async () => {
    dir = await installFixture('react-vite', tarball);
  });
  after(() => server?.close());

  it('type-checks the tags, their props and events with the shipped typings alone', { timeout: 300_000 }, async () => {
    await runNode(dir, TSC, ['-p', 'tsconfig.json']);
  });

  it('builds with Vite, with one copy of Lit', { timeout: 300_000 }, async () => {
    await runNode(dir, bin('vite/bin/vite.js'), ['build']);
    const assets = path.join(dir, 'dist/assets');
    const code = await Promise.all((await readdir(assets)).filter((f) => f.endsWith('.js')).map((f) => readFile(path.join(assets, f), 'utf8')));
    // Each copy of lit-html and of LitElement registers its version on globalThis.
    for (const marker of ['litHtmlVersions', 'litElementVersions']) {
      assert.equal(code.join('\n').split(marker).length - 1, 1, `${marker} in the build`);
    }
  });

  it('signs in across origins against the packed emulator and lists conversations in Chromium', { timeout: 120_000 }, async () => {
    server = await serveStatic(path.join(dir, 'dist'));
    const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/?api=${encodeURIComponent(emulator!.url)}`;
    assert.notEqual(new URL(appUrl).origin, new URL(emulator!.url).origin);

    const executablePath = findChrome() as string | undefined;
    assert.ok(executablePath, 'no Chrome or Chromium found; set CHROME_PATH');
    const browser = await chromium.launch({ executablePath, headless: true, args: CHROME_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
      });
      await page.goto(appUrl);
      // `onringnity-ready` ran: React attached the listener under the event's own name.
      await page.locator('#agent', { hasText: /\S/ }).waitFor();
      const row = page.locator('ringnity-inbox [role="option"]').first();
      await row.waitFor();
      await row.click();
      await page.locator('#selected', { hasText: /\S/ }).waitFor();
      await page.screenshot({ path: path.join(RESULTS, 'pack-react-app.png') });
      assert.equal(await page.locator('#errors').textContent(), '');
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });
});

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** The Vite build from another origin than the emulator's: a plain static server on a free loopback port. */
async function serveStatic(root: string): Promise<Server> {
  const server = createServer(async (request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://x').pathname;
    const file = path.join(root, pathname === '/' ? 'index.html' : pathname);
    if (!file.startsWith(root + path.sep)) return void response.writeHead(403).end();
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
