/**
 * The Salesforce tests' world: the real emulator on one origin (127.0.0.1:PORT, the Ringnity API
 * and the panel page), a Lightning page on a second one (localhost:PORT2) served with the org's
 * stubs (static resources, the Apex token controller), a third origin for forged messages, and
 * Chromium. Every server listens on 127.0.0.1 only.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { AGENT_SCOPES, type VisitorSession } from '../../src/index.js';
import { createAgentToken } from '../../src/server/index.js';
import { BUILD, DIST, ROOT, buildSalesforce } from './build.js';

export interface World {
  emulator: RunningEmulator;
  /** The Lightning page's origin, e.g. http://localhost:PORT2. */
  hostUrl: string;
  /** Another origin, whose pages forge bridge messages. */
  thirdUrl: string;
  /** The demo panel page, on the emulator's origin. */
  panelUrl: string;
  browser: Browser;
  /** How many tokens the Apex stub minted. */
  apexCalls: () => number;
  close(): Promise<void>;
}

export interface Lightning {
  context: BrowserContext;
  page: Page;
  errors: string[];
  requests: string[];
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html', '.css': 'text/css' };

export async function startWorld(): Promise<World> {
  for (const file of ['ringnity-agent.js', 'ringnity-agent-calls.js', 'ringnity-host.js']) {
    if (!existsSync(path.join(DIST, file))) throw new Error(`dist/${file} is missing: run \`npm run build\` first (\`npm test\` does).`);
  }
  const { findChrome, CHROME_ARGS } = (await import(pathToFileURL(path.join(ROOT, 'scripts/find-chrome.mjs')).href)) as { findChrome(): string | undefined; CHROME_ARGS: string[] };
  const executablePath = findChrome();
  if (!executablePath) throw new Error('No Chrome or Chromium found; set CHROME_PATH to its executable.');

  // The emulator serves these folders; the build fills them once the emulator's address is known.
  for (const dir of ['panel', 'customer']) await mkdir(path.join(BUILD, dir), { recursive: true });
  const emulator = await startEmulator({
    host: '127.0.0.1',
    port: 0,
    demoTokenRoute: true,
    staticDirs: [
      { prefix: '/panel', dir: path.join(BUILD, 'panel') },
      { prefix: '/customer', dir: path.join(BUILD, 'customer') },
    ],
  });
  let minted = 0;
  const host = await listen(async (request, response, pathname) => {
    if (pathname === '/apex/RingnityTokenController.getAgentToken' && request.method === 'POST') {
      // RingnityTokenController: the org's server side mints the token with the Server API key.
      minted++;
      const { token } = await createAgentToken({ apiBaseUrl: emulator.url, serverApiKey: 'rn_sk_test_demo', username: 'agent.one', scopes: AGENT_SCOPES, expiresIn: 900 });
      return send(response, 200, '.json', JSON.stringify({ token }));
    }
    if (pathname === '/lightning.html') return send(response, 200, '.html', lightningPage(new URL(request.url!, 'http://x').searchParams));
    if (pathname === '/resource/RingnityHost') return sendFile(response, path.join(DIST, 'ringnity-host.js'));
    const resource = /^\/resource\/RingnityAgent\/([\w.-]+\.js)$/.exec(pathname);
    if (resource) return sendFile(response, path.join(DIST, resource[1]!));
    if (pathname === '/resource/RingnityAgent/') return send(response, 404, '.txt', 'a static resource has no listing');
    const built = /^\/((?:lwc\/)?[\w.-]+\.js)$/.exec(pathname);
    if (built) return sendFile(response, path.join(BUILD, built[1]!));
    send(response, 404, '.txt', 'not found');
  });
  const third = await listen(async (_request, response, pathname) => {
    if (pathname === '/forge.html') return send(response, 200, '.html', FORGE_PAGE);
    send(response, 404, '.txt', 'not found');
  });
  const hostUrl = `http://localhost:${host.port}`;
  await buildSalesforce({ panelApiBaseUrl: emulator.url, panelAllowedOrigin: hostUrl });
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROME_ARGS });
  return {
    emulator,
    hostUrl,
    thirdUrl: `http://127.0.0.1:${third.port}`,
    panelUrl: `${emulator.url}/panel/ringnity-panel.html`,
    browser,
    apexCalls: () => minted,
    async close() {
      await browser.close();
      await host.close();
      await third.close();
      await emulator.close();
    },
  };
}

/** A Lightning page: the harness (LWS or the membrane), with synthetic shadow first when asked. */
function lightningPage(params: URLSearchParams): string {
  const synthetic = params.get('shadow') === 'synthetic' ? '<script src="/synthetic-shadow.js"></script>' : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lightning (test)</title>${synthetic}<script src="/harness.js"></script></head><body></body></html>`;
}

/** A page on a third origin posting a bridge event to whatever frames it, as a forger would. */
const FORGE_PAGE = `<!doctype html><script>
parent.postMessage({ source: 'ringnity-bridge', version: 1, kind: 'event', name: 'ringnity-conversation-select', detail: { conversationId: 'forged' } }, '*');
parent.postMessage({ source: 'ringnity-bridge', version: 1, kind: 'ready' }, '*');
</script>`;

export interface LightningOptions {
  mode?: 'lws' | 'membrane';
  gates?: 'off' | 'ci';
  shadow?: 'native' | 'synthetic';
}

export async function openLightning(world: World, options: LightningOptions = {}): Promise<Lightning> {
  const context = await world.browser.newContext();
  const page = await context.newPage();
  const opened: Lightning = { context, page, errors: [], requests: [] };
  page.on('pageerror', (error) => opened.errors.push(String(error?.stack ?? error)));
  page.on('request', (request) => opened.requests.push(request.url()));
  const query = new URLSearchParams({ mode: options.mode ?? 'lws', gates: options.gates ?? 'off', shadow: options.shadow ?? 'native' });
  await page.goto(`${world.hostUrl}/lightning.html?${query}`);
  await page.waitForFunction('!!window.harness');
  const ciGates = await page.evaluate('harness.ciGates');
  if (ciGates !== (options.gates === 'ci')) throw new Error(`LWS's CI gates are ${ciGates ? 'on' : 'off'}, not as asked (${options.gates ?? 'off'})`);
  return opened;
}

/** Polls an expression in the page until it is truthy; answers its value. */
export async function waitFor<T = unknown>(page: Page, expression: string, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = (await page.evaluate(expression)) as T;
    if (value) return value;
    if (Date.now() > deadline) {
      const seen = await page.evaluate('JSON.stringify(window.harness?.lwcEvents ?? [])').catch(() => '?');
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${expression}; LWC events so far: ${String(seen).slice(0, 2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Plays a customer on the website: opens a chat, then writes into it. */
export async function customerWrites(world: World, body: string, session?: VisitorSession): Promise<VisitorSession> {
  const post = async <T>(pathname: string, payload: unknown, authorization?: string): Promise<T> => {
    const response = await fetch(world.emulator.url + pathname, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
      body: JSON.stringify(payload),
    });
    if (!response.ok) throw new Error(`POST ${pathname} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  if (!session) return post<VisitorSession>('/api/visitor/conversations', { tenantKey: 'demo-tenant', name: 'Salesforce Customer', body });
  await post(`/api/visitor/conversations/${session.conversationId}/messages`, { body }, `Bearer ${session.visitorToken}`);
  return session;
}

/** A customer on the website who opens a chat and calls the support department. */
export async function customerCalls(world: World): Promise<{ page: Page; context: BrowserContext }> {
  const context = await world.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${world.emulator.url}/customer/customer.html`);
  await page.waitForFunction('!!window.customer');
  await page.evaluate(`window.customer.open('Calling Customer', 'dep_support')`);
  const placed = (await page.evaluate(`window.customer.place('voice')`)) as { ok: boolean; code?: string };
  if (!placed.ok) throw new Error(`the customer could not call: ${placed.code}`);
  return { page, context };
}

type Handler = (request: http.IncomingMessage, response: http.ServerResponse, pathname: string) => Promise<void> | void;

async function listen(handler: Handler): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    Promise.resolve(handler(request, response, pathname)).catch((error: unknown) => send(response, 500, '.txt', String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(response: http.ServerResponse, status: number, ext: string, body: string | Buffer): void {
  response.writeHead(status, { 'Content-Type': TYPES[ext] ?? (ext === '.json' ? 'application/json' : 'text/plain'), 'Cache-Control': 'no-store' }).end(body);
}

async function sendFile(response: http.ServerResponse, file: string): Promise<void> {
  try {
    send(response, 200, path.extname(file), await readFile(file));
  } catch {
    send(response, 404, '.txt', 'not found');
  }
}
