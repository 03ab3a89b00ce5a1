/**
 * The no-build bundle itself inside the sandboxes: loaded with LWS's loadScript (or evaluated in a
 * near-membrane virtual environment), told where its files are with the assets option, going online
 * for calls and carrying a call there without leaving Node globals behind; and the Lit elements,
 * whose templates LWS's sanitizer strips with its gates off, failing clearly.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { customerCalls, openLightning, startWorld, waitFor, type LightningOptions, type World } from './world.js';

const TEST_TIMEOUT = 90_000;
const NODE_GLOBALS = `['global', 'Buffer', 'process'].filter((name) => name in window)`;
let world: World;

before(async () => {
  world = await startWorld();
});

after(async () => {
  await world?.close();
});

/** Runs code in the sandbox and answers what it reported under `name` (the first report). */
async function inSandbox<T>(page: Page, name: string, source: string): Promise<T> {
  await page.evaluate(`harness.evaluate(${JSON.stringify(source)})`);
  return waitFor<T>(page, `harness.reports[${JSON.stringify(name)}]?.[0]`, `the sandbox's ${name} report`);
}

/** The org's Apex token route, called from inside the sandbox as the LWC's Apex import would be. */
const GET_TOKEN = `() => fetch('/apex/RingnityTokenController.getAgentToken', { method: 'POST' }).then((r) => r.json()).then((b) => b.token)`;

const SANDBOXES: [string, LightningOptions][] = [
  ['LWS, gates off', { mode: 'lws', gates: 'off' }],
  ['LWS, CI gates', { mode: 'lws', gates: 'ci' }],
  ['near-membrane', { mode: 'membrane' }],
];

for (const [label, options] of SANDBOXES) {
  describe(`the call file in ${label}`, () => {
    it('loads through the assets option, goes online for calls, carries a call, and leaves no Node globals', { timeout: TEST_TIMEOUT }, async () => {
      const { page, errors, requests, context } = await openLightning(world, options);
      let customer: Awaited<ReturnType<typeof customerCalls>> | undefined;
      try {
        await page.evaluate(`harness.loadScript('/resource/RingnityAgent/ringnity-agent.js')`);
        const online = await inSandbox<unknown>(
          page,
          'online',
          `(async () => {
            try {
              RingnityAgent.configure({ assetsUrl: '/resource/RingnityAgent' });
              const agent = await RingnityAgent.create({ apiBaseUrl: ${JSON.stringify(world.emulator.url)}, getToken: ${GET_TOKEN} });
              window.testAgent = agent;
              await agent.presence.set('online');
              await agent.calls.goOnline();
              __report('online', { online: agent.calls.online });
            } catch (error) {
              __report('online', { code: error.code, message: String(error.message) });
            }
          })()`,
        );
        assert.deepEqual(online, { online: true });
        const callFiles = requests.map((url) => new URL(url)).filter((url) => /ringnity-agent-calls/.test(url.pathname));
        assert.ok(callFiles.length > 0, 'the call file was fetched');
        for (const url of callFiles) assert.match(url.pathname, /^\/resource\/RingnityAgent\/ringnity-agent-calls(\.classic)?\.js$/, 'from the assets folder');

        customer = await customerCalls(world);
        const accepted = await inSandbox<unknown>(
          page,
          'accepted',
          `(async () => {
            try {
              const deadline = Date.now() + 15000;
              let call;
              while (!(call = testAgent.calls.current.find((c) => c.state === 'ringing')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
              if (!call) throw Object.assign(new Error('no call rang'), { code: 'NO_CALL' });
              await call.accept({ video: false });
              while (!call.connected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
              __report('accepted', { connected: call.connected });
              await call.end();
              __report('ended', call.state);
            } catch (error) {
              __report('accepted', { code: error.code, message: String(error.message) });
            }
          })()`,
        );
        assert.deepEqual(accepted, { connected: true });
        await waitFor(page, `harness.reports.ended?.[0] === 'ended'`, 'the call to end');

        assert.deepEqual(await page.evaluate(NODE_GLOBALS), [], 'no Node globals on the page');
        assert.deepEqual(await inSandbox(page, 'globals', `__report('globals', ${NODE_GLOBALS})`), [], 'no Node globals on the sandbox global');
        assert.deepEqual(errors, []);
      } finally {
        await customer?.context.close();
        await context.close();
      }
    });
  });
}

describe('the Lit elements under LWS with its gates off', () => {
  it('show a clear error instead of stripped templates, with no function source, and emit ringnity-error', { timeout: TEST_TIMEOUT }, async () => {
    const { page, errors, context } = await openLightning(world, { mode: 'lws', gates: 'off' });
    try {
      await page.evaluate(
        `window.ringnityErrors = []; document.addEventListener('ringnity-error', (e) => window.ringnityErrors.push({ action: e.detail.action, error: { code: e.detail.error.code, message: e.detail.error.message } }));`,
      );
      await page.evaluate(`harness.mount('c/litHost', 'c-lit-host', { apiBaseUrl: ${JSON.stringify(world.emulator.url)} }, ['mounted', 'failed'])`);
      const mounted = await waitFor<{ name: string; detail: unknown }>(page, `harness.lwcEvents[0]`, 'the Lit elements in the LWC');
      assert.equal(mounted.name, 'mounted', JSON.stringify(mounted.detail));
      const detail = await waitFor<{ error: { code: string; message: string } }>(page, `window.ringnityErrors[0]`, 'ringnity-error');
      assert.equal(detail.error.code, 'RENDER_SANITIZED');
      assert.match(detail.error.message, /sanitiz/i, `the error names the cause: ${detail.error.message}`);

      // Everything the elements rendered, shadow roots included (they are open by default).
      const text = await page.evaluate(`(() => {
        const texts = [];
        const walk = (root) => { for (const el of root.querySelectorAll('*')) { if (el.shadowRoot) { texts.push(el.shadowRoot.textContent); walk(el.shadowRoot); } } };
        walk(document);
        return texts.join(' ');
      })()`);
      assert.doesNotMatch(String(text), /=>|function\s*\(|\bthis\.\w+\(/, 'no function source in the DOM');
      assert.match(String(text), /sanitiz/i, 'the error is on screen');
      assert.match(String(text), /iframe|LWC|Lightning Web Component/i, 'it points to the paths that work');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('the Lit elements under LWS with its CI gates', () => {
  it('show the conversations on screen, with no <slot> or <dialog> needed', { timeout: TEST_TIMEOUT }, async () => {
    const { page, errors, context } = await openLightning(world, { mode: 'lws', gates: 'ci' });
    try {
      await page.evaluate(`window.ringnityErrors = []; document.addEventListener('ringnity-error', (e) => window.ringnityErrors.push(e.detail.error.code));`);
      await page.evaluate(`harness.mount('c/litHost', 'c-lit-host', { apiBaseUrl: ${JSON.stringify(world.emulator.url)} }, ['mounted', 'failed'])`);
      const mounted = await waitFor<{ name: string; detail: unknown }>(page, `harness.lwcEvents[0]`, 'the Lit elements in the LWC');
      assert.equal(mounted.name, 'mounted', JSON.stringify(mounted.detail));
      const rows = page.locator('ringnity-inbox [role="option"]');
      await rows.first().waitFor({ state: 'visible' });
      assert.ok((await rows.count()) > 1, 'the conversations are listed');
      // The oldest row on screen: a seeded conversation with messages (newer ones may be bare calls).
      await rows.last().click();
      await page.locator('ringnity-inbox [part~="message"]').first().waitFor({ state: 'visible' });
      assert.deepEqual(await page.evaluate('window.ringnityErrors'), []);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
