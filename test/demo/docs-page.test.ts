/**
 * The docs page (`/docs.html` of `ringnity-emulator --demo`, which `npm start` runs) shows each
 * element's API from custom-elements.json, events with their detail types and parts included,
 * and a playground whose elements are live: signed in to the emulator through the demo token
 * route, the inbox lists conversations. A screenshot is saved under test-results/ for review.
 *
 * Needs the build (dist/, custom-elements.json) and a Chrome or Chromium.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator } from 'playwright-core';
// @ts-expect-error: a plain .mjs helper without types
import { CHROME_ARGS, findChrome } from '../../scripts/find-chrome.mjs';
import { ELEMENT_EVENTS, ELEMENT_TAGS } from '../../src/protocol/element-events.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const resultsDir = path.join(root, 'test-results');

let emulator: ChildProcess;
let baseUrl: string;
let browser: Browser;

before(async () => {
  emulator = spawn(process.execPath, [path.join(root, 'dist/emulator/cli.js'), '--demo', '--port', '0', '--host', '127.0.0.1'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  baseUrl = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the emulator did not start:\n${output}`)), 20_000);
    emulator.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    emulator.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    emulator.once('exit', (code) => reject(new Error(`the emulator exited with ${code}:\n${output}`)));
  });
  const executablePath = findChrome() as string | undefined;
  assert.ok(executablePath, 'no Chrome or Chromium found; set CHROME_PATH');
  browser = await chromium.launch({ executablePath, headless: true, args: CHROME_ARGS });
  await mkdir(resultsDir, { recursive: true });
});

after(async () => {
  await browser?.close();
  emulator?.kill('SIGTERM');
});

/** The text of the docs viewer's panel under one tab (Properties, Events, CSS Shadow Parts, …). */
async function panel(docs: Locator, tab: RegExp): Promise<string> {
  await docs.getByRole('tab', { name: tab }).click();
  const shown = docs.getByRole('tabpanel').filter({ visible: true });
  await shown.first().waitFor();
  return (await shown.allInnerTexts()).join('\n');
}

test('/docs.html shows every element API and a live playground', { timeout: 90_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') errors.push(`console ${message.type()}: ${message.text()}`);
  });
  // No request leaves the emulator: the page works without internet.
  const foreign: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(baseUrl) && !request.url().startsWith('data:')) foreign.push(request.url());
  });

  try {
    await page.goto(`${baseUrl}/docs.html`);
    await page.locator('#docs-status').filter({ hasText: '4 elements' }).waitFor();

    for (const tag of ELEMENT_TAGS) {
      const docs = page.locator(`api-docs[data-tag="${tag}"]`);
      await docs.getByText(`<${tag}>`).first().waitFor();
      // Every event the tag sends, with its detail's type.
      const events = await panel(docs, /^Events$/);
      for (const [name, spec] of Object.entries(ELEMENT_EVENTS)) {
        if (!(spec.from as readonly string[]).includes(tag)) continue;
        assert.ok(events.includes(name), `${tag} docs list ${name}`);
      }
      assert.match(events, /detail: \{ agentId: string \}|detail: \{ error: RingnityError; action: string \}/, `${tag} docs show detail types`);
    }

    const inboxDocs = page.locator('api-docs[data-tag="ringnity-inbox"]');
    const inboxEvents = await panel(inboxDocs, /^Events$/);
    assert.ok(inboxEvents.includes('detail: { conversationId: string; conversation: Conversation }'), 'the select event names its detail shape');
    const parts = await panel(inboxDocs, /Parts/);
    for (const part of ['row', 'row-selected', 'message-note', 'composer-input', 'dialog-confirm', 'session-status']) {
      assert.match(parts, new RegExp(`^${part}$`, 'm'), `the inbox docs list the part ${part}`);
    }
    const properties = await panel(inboxDocs, /Custom Properties/);
    for (const property of ['--ringnity-color-accent', '--ringnity-focus-ring', '--ringnity-inbox-list-width']) assert.ok(properties.includes(property), property);
    const members = await panel(inboxDocs, /^Properties$/);
    assert.ok(members.includes('conversationId'), 'the inbox properties');
    assert.ok(!/\bemit\b|\bbindAgent\b|\breportError\b/.test(members), 'no internal member');

    // The playground's inbox is live: signed in through the demo token route, it lists conversations.
    const inbox = page.locator('api-demo[data-tag="ringnity-inbox"] ringnity-inbox');
    await inbox.locator('[part~="row"]').first().waitFor({ timeout: 20_000 });
    assert.ok((await inbox.locator('[part~="row"]').count()) > 0, 'conversation rows');
    // The call popup's video slots hold <video> elements, not the viewer's placeholder text.
    const popup = page.locator('api-demo[data-tag="ringnity-call-popup"] ringnity-call-popup');
    assert.equal(await popup.locator('> video[slot="local"]').count(), 1);
    assert.equal(await popup.locator('> [slot]:not(video)').count(), 0);
    const presence = page.locator('api-demo[data-tag="ringnity-presence"] ringnity-presence');
    await presence.locator('select[part="select"]').waitFor({ timeout: 20_000 });

    // A knob reaches the element: the inbox's `view` knob switches it to closed conversations.
    const demo = page.locator('api-demo[data-tag="ringnity-inbox"]');
    await demo.getByRole('tab', { name: 'Knobs' }).click();
    const viewKnob = demo.locator('input[data-name="view"]');
    await viewKnob.fill('closed');
    await viewKnob.press('Tab');
    await page.waitForFunction(() => {
      const inbox = document.querySelector('api-demo[data-tag="ringnity-inbox"]')?.shadowRoot?.querySelector('ringnity-inbox') as
        (HTMLElement & { view?: string }) | null | undefined;
      return inbox?.view === 'closed';
    });

    await page.screenshot({ path: path.join(resultsDir, 'docs-page.png'), fullPage: true });
    assert.deepEqual(errors, [], 'no page error or warning');
    assert.deepEqual(foreign, [], 'no request outside the emulator');
  } finally {
    await context.close();
  }
});
