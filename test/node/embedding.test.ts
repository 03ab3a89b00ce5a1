/**
 * Distribution and embedding, in real Chromium against the real emulator: the no-build script
 * include, double loading, the iframe bridge across origins, strict CSP with Trusted Types, lazy
 * call code, closed shadow roots, and React 19 and Vue 3 pages.
 *
 * These tests load the built files (dist/), so run `npm run build` first; `npm test` does.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { PUBLIC_CALL_KEYS } from '../../src/protocol/public-call.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const FIXTURES = path.join(ROOT, 'test/fixtures/embedding');
const BUILD = path.join(ROOT, 'test-results/embedding-build');

/** The policy of the issue, verbatim. */
const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws: wss:; require-trusted-types-for 'script'; trusted-types lit-html";

const TEST_TIMEOUT = 60_000;

let emulator: RunningEmulator;
let hostServer: StaticServer;
let thirdServer: StaticServer;
let browser: Browser;

before(async () => {
  for (const file of ['ringnity-agent.js', 'ringnity-host.js', 'elements/define.js']) {
    if (!existsSync(path.join(DIST, file))) {
      throw new Error(`dist/${file} is missing: these tests load the built files. Run \`npm run build\` first (\`npm test\` does).`);
    }
  }
  const { findChrome, CHROME_ARGS } = (await import(pathToFileURL(path.join(ROOT, 'scripts/find-chrome.mjs')).href)) as { findChrome(): string | undefined; CHROME_ARGS: string[] };
  const executablePath = findChrome();
  if (!executablePath) throw new Error('No Chrome or Chromium found; set CHROME_PATH to its executable.');

  await buildFrameworkFixtures();
  emulator = await startEmulator({
    host: '127.0.0.1',
    port: 0,
    demoTokenRoute: true,
    staticDirs: [
      { prefix: '/fixtures', dir: FIXTURES },
      { prefix: '/dist', dir: DIST },
      { prefix: '/build', dir: BUILD },
      { prefix: '/node_modules/vue/dist', dir: path.join(ROOT, 'node_modules/vue/dist') },
    ],
  });
  // Two more origins (other ports): the CRM page hosting the panel, and a third party.
  hostServer = await startStaticServer({ '/': FIXTURES, '/dist/': DIST });
  thirdServer = await startStaticServer({ '/': FIXTURES, '/dist/': DIST });
  browser = await chromium.launch({ executablePath, headless: true, args: CHROME_ARGS });
});

after(async () => {
  await browser?.close();
  await hostServer?.close();
  await thirdServer?.close();
  await emulator?.close();
});

describe('no-build bundle', () => {
  it('runs the guide’s minimal flow and renders the tags on a page with only a script tag', { timeout: TEST_TIMEOUT }, async () => {
    const { page, errors, context } = await openPage(`${emulator.url}/fixtures/minimal.html`);
    try {
      const flow = await evaluateWhenSet<{ ok: boolean; count: number; agentId: string; message?: string }>(page, 'window.flowResult');
      assert.equal(flow.ok, true, `the flow failed: ${flow.message}`);
      assert.equal(flow.agentId, 'agt_one');
      assert.ok(flow.count > 0, 'agent.one sees open conversations');

      await waitForRecorded(page, 'ringnity-ready', 'ringnity-inbox');
      assert.ok((await page.locator('ringnity-inbox [role="option"]').count()) > 0, 'the inbox shows rows');
      await page.locator('ringnity-presence select').waitFor();
      assert.equal(await page.locator('ringnity-presence select').inputValue(), 'online', 'the presence element follows the flow’s presence.set');
      assert.equal(await page.evaluate('typeof window.RingnityAgent.create'), 'function');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('does not throw when loaded twice, and warns once', { timeout: TEST_TIMEOUT }, async () => {
    const { page, errors, warnings, context } = await openPage(`${emulator.url}/fixtures/twice.html`);
    try {
      await waitForRecorded(page, 'ringnity-ready', 'ringnity-inbox');
      assert.deepEqual(errors, []);
      const defineWarnings = warnings.filter((text) => /already defined/.test(text));
      assert.equal(defineWarnings.length, 1, `one define warning, got: ${JSON.stringify(warnings)}`);
      assert.equal(await page.evaluate('window.firstGlobal === window.RingnityAgent'), true, 'the first copy’s global is kept');
      assert.equal(await page.evaluate('window.recorded.filter((e) => e.name === "ringnity-ready" && e.tag === "ringnity-session").length'), 1);
    } finally {
      await context.close();
    }
  });

  it('does not throw next to an npm build of the elements, and warns once', { timeout: TEST_TIMEOUT }, async () => {
    const { page, errors, warnings, context } = await openPage(`${emulator.url}/fixtures/next-to-npm.html`);
    try {
      await waitForRecorded(page, 'ringnity-ready', 'ringnity-inbox');
      assert.deepEqual(errors, []);
      assert.equal(warnings.filter((text) => /already defined/.test(text)).length, 1, JSON.stringify(warnings));
      assert.ok((await page.locator('ringnity-inbox [role="option"]').count()) > 0);
    } finally {
      await context.close();
    }
  });

  it('does not fetch the call code on an inbox-only page, and fetches it once calls are used', { timeout: TEST_TIMEOUT }, async () => {
    const callFile = /\/ringnity-agent-calls[^/]*\.js(\?|$)/;
    const inboxOnly = await openPage(`${emulator.url}/fixtures/inbox-only.html`);
    try {
      await waitForRecorded(inboxOnly.page, 'ringnity-ready', 'ringnity-inbox');
      await inboxOnly.page.locator('ringnity-inbox [role="option"]').first().click();
      await waitForRecorded(inboxOnly.page, 'ringnity-conversation-select', 'ringnity-inbox');
      await inboxOnly.page.waitForLoadState('networkidle');
      const fetched = inboxOnly.requests.filter((url) => callFile.test(url));
      assert.deepEqual(fetched, [], 'no request for the call file');
      assert.ok(
        inboxOnly.requests.some((url) => url.endsWith('/dist/ringnity-agent.js')),
        'the bundle itself was loaded',
      );
      assert.deepEqual(inboxOnly.errors, []);
    } finally {
      await inboxOnly.context.close();
    }

    // The control: the same bundle fetches the file, from beside itself, when calls start.
    assert.ok(existsSync(path.join(DIST, 'ringnity-agent-calls.js')), 'the build writes dist/ringnity-agent-calls.js next to the bundle');
    const calls = await openPage(`${emulator.url}/fixtures/minimal.html`);
    try {
      await evaluateWhenSet(calls.page, 'window.flowResult');
      await calls.page.evaluate('window.flowAgent.calls.goOnline()');
      const fetched = calls.requests.filter((url) => callFile.test(url));
      assert.equal(fetched.length, 1, `the call file once, got ${JSON.stringify(fetched)}`);
      assert.equal(new URL(fetched[0]!).pathname, '/dist/ringnity-agent-calls.js');
      assert.deepEqual(calls.errors, []);
    } finally {
      await calls.context.close();
    }
  });

  for (const [how, fixture] of [
    ['configure() before the tags are created', 'closed-shadow.html'],
    ['window.RingnityAgentConfig before the bundle loads', 'closed-markup.html'],
  ] as const) {
    it(`renders with closed shadow roots set by ${how}`, { timeout: TEST_TIMEOUT }, async () => {
      const { page, errors, context } = await openPage(`${emulator.url}/fixtures/${fixture}`);
      try {
        await waitForRecorded(page, 'ringnity-ready', 'ringnity-inbox');
        const shape = await page.evaluate(`(() => {
          const inbox = document.querySelector('ringnity-inbox');
          return { shadowRoot: inbox.shadowRoot, mode: inbox.renderRoot.mode, rows: inbox.renderRoot.querySelectorAll('[role="option"]').length };
        })()`);
        assert.deepEqual(shape, { shadowRoot: null, mode: 'closed', rows: (shape as { rows: number }).rows });
        assert.ok((shape as { rows: number }).rows > 0, 'the inbox rendered its rows inside the closed root');
        assert.equal(await page.evaluate(`document.querySelector('ringnity-presence').renderRoot.mode`), 'closed');
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
});

describe('strict CSP with Trusted Types', () => {
  it('works with no violation reports and no errors', { timeout: TEST_TIMEOUT }, async () => {
    const { page, errors, consoleErrors, context } = await openPage(`${emulator.url}/fixtures/csp.html`, { csp: STRICT_CSP });
    try {
      const flow = await evaluateWhenSet<{ ok: boolean; message?: string }>(page, 'window.flowResult');
      assert.equal(flow.ok, true, `the flow failed: ${flow.message}`);
      await waitForRecorded(page, 'ringnity-ready', 'ringnity-inbox');
      await page.locator('ringnity-inbox [role="option"]').first().click();
      await waitForRecorded(page, 'ringnity-conversation-select', 'ringnity-inbox');
      await page.locator('ringnity-inbox [part~="message"]').first().waitFor();
      // The flow set `online`; the element's own control changes it.
      await page.locator('ringnity-presence select').selectOption('busy');
      await waitFor(page, 'window.recorded.some((e) => e.name === "ringnity-presence-change" && e.status === "busy")');

      assert.equal(await page.evaluate('Array.isArray(window.__violations)'), true, 'the violation listener ran');
      assert.deepEqual(await page.evaluate('window.__violations'), [], 'no securitypolicyviolation event');
      assert.deepEqual(
        consoleErrors.filter((text) => /Content Security Policy|Trusted Type/i.test(text)),
        [],
      );
      assert.deepEqual(errors, []);
      // The policy really is in force: an inline script would have been refused.
      assert.equal(await page.evaluate('(() => { try { document.createElement("div").innerHTML = "<b>x</b>"; return "allowed"; } catch (e) { return e.name; } })()'), 'TypeError');
    } finally {
      await context.close();
    }
  });
});

describe('strict CSP with Trusted Types, two copies', () => {
  it("loads the bundle twice when the policy allows duplicate 'lit-html' policies", { timeout: TEST_TIMEOUT }, async () => {
    const policy = STRICT_CSP.replace('trusted-types lit-html', "trusted-types lit-html 'allow-duplicates'");
    const { page, errors, warnings, context } = await openPage(`${emulator.url}/fixtures/csp-twice.html`, { csp: policy });
    try {
      await waitForRecorded(page, 'ringnity-ready', 'ringnity-inbox');
      assert.deepEqual(await page.evaluate('window.__violations'), []);
      assert.deepEqual(errors, []);
      assert.equal(warnings.filter((text) => /already defined/.test(text)).length, 1);
    } finally {
      await context.close();
    }
  });
});

describe('iframe bridge across origins', () => {
  const panelUrl = (allowedHost: string) => `${emulator.url}/fixtures/panel.html?host=${encodeURIComponent(allowedHost)}`;
  const hostUrl = (server: StaticServer, panel: string, extra = '') => `${server.url}/host.html?panel=${encodeURIComponent(panel)}${extra}`;

  it('mirrors events to the host and carries out its commands; a third origin is ignored', { timeout: TEST_TIMEOUT }, async () => {
    const third = `${thirdServer.url}/blank.html`;
    const { page, errors, context } = await openPage(hostUrl(hostServer, panelUrl(hostServer.url), `&frame=${encodeURIComponent(third)}`));
    try {
      await waitFor(page, 'window.panelReady === true');
      await waitFor(page, 'window.hostEvents.some((e) => e.name === "ringnity-ready")');
      const panel = frameAt(page, emulator.url);
      assert.equal(await page.evaluate('window.panel.iframe.allow'), 'microphone; camera; autoplay');

      // presence.set → agent.presence.set, and the panel's event comes back to the host.
      const before = await currentPresence(panel);
      const target = before === 'busy' ? 'online' : 'busy';
      const presence = (await page.evaluate(`window.panel.command('presence.set', { status: '${target}' })`)) as { status: string };
      assert.equal(presence.status, target);
      await waitFor(page, `window.hostEvents.some((e) => e.name === "ringnity-presence-change" && e.detail.status === "${target}")`);

      // conversation.open → the inbox selects it, and the selection event reaches the host.
      await panel.locator('ringnity-inbox [role="option"]').first().waitFor();
      const conversationId = (await panel.evaluate(
        `document.querySelector('ringnity-session').agent.conversations.list({ status: 'open', limit: 5 }).then((page) => page.conversations[2].conversationId)`,
      )) as string;
      const opened = (await page.evaluate(`window.panel.command('conversation.open', { conversationId: ${JSON.stringify(conversationId)} })`)) as { conversationId: string };
      assert.equal(opened.conversationId, conversationId);
      await waitFor(page, `window.hostEvents.some((e) => e.name === "ringnity-conversation-select" && e.detail.conversationId === ${JSON.stringify(conversationId)})`);
      assert.equal(await panel.evaluate(`document.querySelector('ringnity-inbox').conversationId`), conversationId);

      // The panel names its API with <meta name="ringnity-api-base-url" content="/">: attachment
      // links go to the panel's own origin, not to the production API.
      await page.evaluate(`window.panel.command('conversation.open', { conversationId: 'cnv_assigned1' })`);
      const attachment = panel.locator('ringnity-inbox [part="attachment-link"]').first();
      await attachment.waitFor();
      assert.equal(new URL((await attachment.getAttribute('href'))!).origin, emulator.url);

      // Failures come back as rejections with a code.
      const failureOf = (expression: string) => page.evaluate(`${expression}.then(() => 'resolved', (error) => error.code)`);
      assert.equal(await failureOf(`window.panel.command('conversation.open', { conversationId: 'cnv_assigned2' })`), 'AGENT_SDK_CONVERSATION_NOT_FOUND');
      assert.equal(await failureOf(`window.panel.command('presence.set', { status: 'asleep' })`), 'BRIDGE_INVALID_ARGUMENT');
      assert.equal(await failureOf(`window.panel.command('call.accept', {})`), 'BRIDGE_NO_CALL');
      assert.equal(await failureOf(`window.panel.command('call.end', {})`), 'BRIDGE_NO_CALL');
      assert.equal(await failureOf(`window.panel.command('agent.logout', {})`), 'BRIDGE_UNKNOWN_COMMAND');

      // A third origin on the same page posts a command to the panel and a forged event to the host.
      await panel.evaluate(`window.seenOrigins = []; addEventListener('message', (e) => window.seenOrigins.push(e.origin))`);
      const eventsBefore = (await page.evaluate('window.hostEvents.length')) as number;
      const intruder = frameAt(page, thirdServer.url);
      await intruder.evaluate(`(() => {
        const message = (extra) => Object.assign({ source: 'ringnity-bridge', version: 1 }, extra);
        const panelWindow = parent.frames[0];
        panelWindow.postMessage(message({ kind: 'command', id: 'x-1', command: 'presence.set', args: { status: 'offline' } }), '*');
        panelWindow.postMessage(message({ kind: 'command', id: 'x-2', command: 'conversation.open', args: { conversationId: 'conv_x' } }), '*');
        parent.postMessage(message({ kind: 'event', name: 'ringnity-presence-change', detail: { status: 'offline', forged: true } }), '*');
        parent.postMessage(message({ kind: 'ready' }), '*');
      })()`);
      // A round trip from the real host after the intruder's messages: the panel has handled them by then.
      assert.equal(await failureOf(`window.panel.command('call.end', {})`), 'BRIDGE_NO_CALL');
      await waitFor(panel, `window.seenOrigins.includes(${JSON.stringify(thirdServer.url)})`);
      assert.equal(await currentPresence(panel), target, 'the intruder’s presence.set was ignored');
      const newEvents = (await page.evaluate(`window.hostEvents.slice(${eventsBefore})`)) as Array<{ name: string; detail: { forged?: boolean } }>;
      assert.ok(!newEvents.some((e) => e.detail?.forged), 'the forged event was not re-emitted');
      assert.equal(await panel.evaluate(`document.querySelector('ringnity-inbox').conversationId`), conversationId, 'the intruder’s conversation.open was ignored');

      // The call preflight: fine here, since embedPanel grants the devices.
      assert.deepEqual(await panel.evaluate('RingnityAgent.checkMediaPermissions().blocked'), []);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('accepts and ends a ringing call on the host’s command', { timeout: TEST_TIMEOUT }, async () => {
    const { page, errors, context } = await openPage(hostUrl(hostServer, panelUrl(hostServer.url)));
    let customer: Socket | undefined;
    try {
      await waitFor(page, 'window.panelReady === true');
      const panel = frameAt(page, emulator.url);
      await readyForCalls(panel);

      const placed = await placeCall();
      customer = placed.socket;
      await waitFor(page, `window.hostEvents.some((e) => e.name === 'ringnity-incoming-call' && e.detail.call.id === ${JSON.stringify(placed.callId)})`);
      const ringing = (await page.evaluate(`window.hostEvents.find((e) => e.name === 'ringnity-incoming-call').detail.call`)) as Record<string, unknown>;
      assert.equal(ringing.state, 'ringing', 'the call crosses the frame as plain data');
      assert.ok(ringing.localStream == null && ringing.remoteStream == null, 'no media stream crosses the frame');

      // A command's answer is the same declared shape as an event's call, and nothing more.
      const accepted = (await page.evaluate(`window.panel.command('call.accept', {})`)) as Record<string, unknown>;
      assert.deepEqual(Object.keys(accepted).sort(), [...PUBLIC_CALL_KEYS].sort());
      assert.deepEqual([accepted.id, accepted.state, accepted.type], [placed.callId, 'active', 'voice']);
      const ended = (await page.evaluate(`window.panel.command('call.end', { callId: ${JSON.stringify(placed.callId)} })`)) as { state: string };
      assert.equal(ended.state, 'ended');
      await waitFor(page, `window.hostEvents.some((e) => e.name === 'ringnity-call-ended' && e.detail.call.id === ${JSON.stringify(placed.callId)})`);
      assert.deepEqual(errors, []);
    } finally {
      customer?.close();
      await context.close();
    }
  });

  it('posts a call to the host with exactly its declared public fields: no TURN credential, listener or leg', { timeout: TEST_TIMEOUT }, async () => {
    const secret = 'turn-secret-7f3a';
    const { page, errors, context } = await openPage(hostUrl(hostServer, `${panelUrl(hostServer.url)}&turn=${secret}`));
    let customer: Socket | undefined;
    try {
      await waitFor(page, 'window.panelReady === true');
      const panel = frameAt(page, emulator.url);
      await readyForCalls(panel);
      assert.equal(
        await panel.evaluate(`JSON.stringify(document.querySelector('ringnity-call-popup').iceServers).includes(${JSON.stringify(secret)})`),
        true,
        'the panel holds the secret',
      );

      const placed = await placeCall();
      customer = placed.socket;
      await waitFor(page, `window.hostEvents.some((e) => e.name === 'ringnity-incoming-call' && e.detail.call.id === ${JSON.stringify(placed.callId)})`);
      const posted = (await page.evaluate(`window.hostEvents.find((e) => e.name === 'ringnity-incoming-call').detail`)) as { call: Record<string, unknown> };
      assert.deepEqual(Object.keys(posted.call).sort(), [...PUBLIC_CALL_KEYS].sort());
      assert.deepEqual(posted.call.customer, {
        id: posted.call.customer && (posted.call.customer as { id: string }).id,
        name: 'Caller',
        conversationId: (posted.call.customer as { conversationId: string }).conversationId,
      });
      const everything = JSON.stringify(await page.evaluate('window.hostEvents'));
      for (const leak of [secret, 'credential', 'iceServers', 'legId', 'listeners']) assert.equal(everything.includes(leak), false, `the host page received ${leak}`);
      // Serialised inside the panel too, a call says no more than its public shape.
      const serialised = (await panel.evaluate(`JSON.stringify(document.querySelector('ringnity-session').agent.calls.current[0])`)) as string;
      assert.deepEqual(Object.keys(JSON.parse(serialised)).sort(), [...PUBLIC_CALL_KEYS].sort());
      assert.deepEqual(errors, []);
    } finally {
      customer?.close();
      await context.close();
    }
  });

  it('sends nothing to a page whose origin is not allowed, and takes no commands from it', { timeout: TEST_TIMEOUT }, async () => {
    // The third party embeds the panel itself; the panel allows only the real CRM origin.
    const { page, warnings, context } = await openPage(hostUrl(thirdServer, panelUrl(hostServer.url), '&timeout=1500'));
    try {
      const panel = await waitForFrame(page, emulator.url);
      await waitFor(panel, 'window.recorded.some((e) => e.name === "ringnity-ready" && e.tag === "ringnity-inbox")');
      const code = await page.evaluate(`window.panel.command('presence.set', { status: 'offline' }).then(() => 'resolved', (error) => error.code)`);
      assert.equal(code, 'BRIDGE_TIMEOUT');
      assert.equal(await page.evaluate('window.panelReady === true'), false, 'no ready message');
      assert.deepEqual(await page.evaluate('window.hostEvents'), [], 'no event reached the page');
      assert.ok(
        warnings.some((text) => /not allowed/.test(text) && text.includes(thirdServer.url)),
        JSON.stringify(warnings),
      );
    } finally {
      await context.close();
    }
  });

  it('tells the admin which iframe attribute is missing for calls', { timeout: TEST_TIMEOUT }, async () => {
    const { page, warnings, context } = await openPage(`${hostServer.url}/blank.html`);
    try {
      // A CRM admin pasted a plain iframe, without `allow`.
      await page.evaluate(`(() => {
        const frame = document.createElement('iframe');
        frame.src = ${JSON.stringify(panelUrl(hostServer.url))};
        document.body.append(frame);
      })()`);
      const panel = await waitForFrame(page, emulator.url);
      await waitFor(panel, '!!window.RingnityAgent');
      const report = (await panel.evaluate('RingnityAgent.checkMediaPermissions()')) as { ok: boolean; framed: boolean; blocked: string[]; advice: string };
      assert.equal(report.ok, false);
      assert.equal(report.framed, true);
      assert.deepEqual(report.blocked, ['microphone', 'camera', 'autoplay']);
      assert.ok(report.advice.includes('allow="microphone; camera; autoplay"'), report.advice);
      assert.ok(report.advice.includes('/fixtures/panel.html'), 'names the panel URL');

      // The call popup says it too: in the console once it goes online, and on the ringing card.
      await readyForCalls(panel);
      assert.ok(
        warnings.some((text) => text.includes('[ringnity]') && text.includes('allow="microphone; camera; autoplay"')),
        JSON.stringify(warnings),
      );
      const { socket } = await placeCall();
      try {
        const notice = panel.locator('ringnity-call-popup [part~="preflight"]');
        await notice.waitFor();
        assert.match((await notice.textContent()) ?? '', /Add allow="microphone; camera; autoplay" to the <iframe>/);
      } finally {
        socket.close();
      }
    } finally {
      await context.close();
    }
  });
});

describe('frameworks', () => {
  for (const framework of ['react', 'vue'] as const) {
    it(`${framework === 'react' ? 'React 19' : 'Vue 3'} passes attributes and properties and hears the events`, { timeout: TEST_TIMEOUT }, async () => {
      const { page, errors, context } = await openPage(`${emulator.url}/fixtures/${framework}.html`);
      try {
        await waitFor(page, `document.querySelector('#ready')?.textContent === 'ready'`);
        // The property binding reached the element: its label replaces the default.
        await page.locator('ringnity-presence select option[value="online"]').waitFor({ state: 'attached' });
        assert.equal(await page.locator('ringnity-presence select option[value="online"]').textContent(), 'Available');

        await page.locator('ringnity-inbox [role="option"]').first().click();
        await waitFor(page, `document.querySelector('#selected').textContent.startsWith('cnv_')`);

        // Another status than the current one (the agent is shared with the other tests).
        const select = page.locator('ringnity-presence select');
        const target = (await select.inputValue()) === 'offline' ? 'busy' : 'offline';
        await select.selectOption(target);
        await waitFor(page, `document.querySelector('#presence').textContent === '${target}'`);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
});

/* ------------------------------------------------------------------ helpers */

interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and unhandled rejections, in any frame. */
  errors: string[];
  warnings: string[];
  consoleErrors: string[];
  requests: string[];
}

async function openPage(url: string, options: { csp?: string } = {}): Promise<OpenedPage> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const opened: OpenedPage = { context, page, errors: [], warnings: [], consoleErrors: [], requests: [] };
  page.on('pageerror', (error) => opened.errors.push(String(error?.stack ?? error)));
  page.on('console', (message) => {
    if (message.type() === 'warning') opened.warnings.push(message.text());
    if (message.type() === 'error') opened.consoleErrors.push(message.text());
  });
  page.on('request', (request) => opened.requests.push(request.url()));
  // Injected by the browser, not by the page, so that the policy under test does not apply to it.
  await page.addInitScript(
    `window.__violations = []; document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));`,
  );
  if (options.csp) {
    const policy = options.csp;
    await page.route(url, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': policy } });
    });
  }
  await page.goto(url);
  return opened;
}

/**
 * Polls an expression until it is truthy and answers its value. Evaluated through the DevTools
 * protocol, so it works under the strict policy too (Playwright's string predicates use eval).
 */
async function waitFor<T = unknown>(target: Page | Frame, expression: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = (await target.evaluate(expression)) as T;
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const evaluateWhenSet = waitFor;

function waitForRecorded(target: Page | Frame, name: string, tag: string): Promise<unknown> {
  return waitFor(target, `(window.recorded || []).some((e) => e.name === ${JSON.stringify(name)} && e.tag === ${JSON.stringify(tag)})`);
}

/** Waits until the panel's popup has taken the agent online for calls, with presence online. */
async function readyForCalls(panel: Frame): Promise<void> {
  await waitFor(panel, `document.querySelector('ringnity-session')?.agent?.calls.online === true`);
  await panel.evaluate(`document.querySelector('ringnity-session').agent.presence.set('online')`);
}

/** A customer opens a Support conversation and places a voice call, from Node over socket.io. */
async function placeCall(): Promise<{ socket: Socket; callId: string }> {
  const response = await fetch(`${emulator.url}/api/visitor/conversations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenantKey: 'demo-tenant', name: 'Caller', body: 'Can you call me?', departmentId: 'dep_support' }),
  });
  assert.equal(response.status, 201);
  const { visitorToken } = (await response.json()) as { visitorToken: string };
  const socket = io(emulator.url, { transports: ['websocket'], forceNew: true });
  const ask = (event: string, payload: unknown) =>
    new Promise<unknown>((resolve, reject) => socket.emit(event, payload, (err: unknown, result: unknown) => (err ? reject(new Error(JSON.stringify(err))) : resolve(result))));
  await ask('visitor.connect', { token: visitorToken });
  const view = (await ask('visitor.call.start', { type: 'voice' })) as { callId: string; status: string };
  assert.equal(view.status, 'ringing');
  return { socket, callId: view.callId };
}

function currentPresence(panel: Frame): Promise<string> {
  return panel.evaluate(`document.querySelector('ringnity-session').agent.presence.get().then((p) => p.status)`) as Promise<string>;
}

function frameAt(page: Page, origin: string): Frame {
  const frame = page.frames().find((f) => f.url().startsWith(`${origin}/`));
  if (!frame) throw new Error(`no frame from ${origin}`);
  return frame;
}

async function waitForFrame(page: Page, origin: string): Promise<Frame> {
  for (let i = 0; i < 100; i++) {
    const frame = page.frames().find((f) => f.url().startsWith(`${origin}/`));
    if (frame) {
      await frame.waitForLoadState('load');
      return frame;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no frame from ${origin}`);
}

/** The React app (npm build of the elements, bundled as an app would) and the npm copy for next-to-npm.html. */
async function buildFrameworkFixtures(): Promise<void> {
  await mkdir(BUILD, { recursive: true });
  await build({
    entryPoints: { 'react-app': path.join(FIXTURES, 'react-app.jsx'), 'npm-elements': path.join(FIXTURES, 'npm-elements.js') },
    outdir: BUILD,
    bundle: true,
    format: 'esm',
    jsx: 'automatic',
    minify: true,
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"' },
    // The package imports itself by name, as an app would; lit and @lit/context resolve from node_modules.
    absWorkingDir: ROOT,
    nodePaths: [path.join(ROOT, 'node_modules')],
  });
}

interface StaticServer {
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

/** A bare static server on its own port: another origin for the CRM page and the third party. */
async function startStaticServer(mounts: Record<string, string>): Promise<StaticServer> {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const server = http.createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const prefix = prefixes.find((p) => pathname.startsWith(p));
    const dir = prefix ? mounts[prefix]! : undefined;
    const file = dir ? path.join(dir, pathname.slice(prefix!.length)) : undefined;
    if (!file || !file.startsWith(dir!)) return void response.writeHead(404).end();
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
