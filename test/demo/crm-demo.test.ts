/**
 * Drives the demo as a new user would: `npm start` (the emulator CLI in --demo mode), the CRM
 * page in one tab and the customer page in another. The agent goes online, opens the chat the
 * customer started, accepts it and replies; the reply shows up on the customer page. A
 * screenshot of each page is saved under test-results/ for review.
 *
 * Needs the build (dist/) and a Chrome or Chromium (CHROME_PATH, or found in the usual places).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
// @ts-expect-error: a plain .mjs helper without types
import { CHROME_ARGS, findChrome } from '../../scripts/find-chrome.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const resultsDir = path.join(root, 'test-results');

let emulator: ChildProcess;
let baseUrl: string;
let browser: Browser;

before(async () => {
  emulator = spawn(process.execPath, [path.join(root, 'dist/emulator/cli.js'), '--demo', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
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

/** Fails the test on any page error, so a broken demo cannot pass by accident. */
function watchErrors(page: Page, name: string): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`${name}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${name} console: ${message.text()}`);
  });
  return errors;
}

test('an agent answers a customer from the CRM demo page', { timeout: 90_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const crm = await context.newPage();
  const customer = await context.newPage();
  const crmErrors = watchErrors(crm, 'crm');
  const customerErrors = watchErrors(customer, 'customer');
  const customerName = `Jamie Demo ${Date.now().toString(36)}`;
  const reply = 'Hi Jamie, thanks for waiting. Let me look at your account.';

  try {
    // 1. The agent opens the CRM page; the page-level session signs in through the token route.
    await crm.goto(`${baseUrl}/`);
    const status = crm.locator('ringnity-presence select');
    await status.waitFor();
    // 2. Goes online.
    await status.selectOption('online');
    await crm.locator('ringnity-presence [part="base"][data-status="online"]').waitFor();

    // 3. A customer starts a chat on the customer page.
    await customer.goto(`${baseUrl}/customer.html`);
    await customer.fill('#name', customerName);
    await customer.selectOption('#department', 'dep_support');
    await customer.fill('#first', 'Hello, my app will not start after the update.');
    await customer.click('#start button[type="submit"]');
    await customer.locator('#chat').waitFor();

    // 4. It shows up live in the inbox; the agent opens it and the customer record fills in.
    const row = crm.locator('ringnity-inbox [role="option"]', { hasText: customerName });
    await row.waitFor();
    await row.click();
    await crm.locator('#record-body h2', { hasText: customerName }).waitFor();
    await crm.locator('ringnity-inbox [part~="message-customer"]', { hasText: 'will not start' }).waitFor();

    // 5. The conversation waits in the Support queue: accept it, then reply.
    // Accepting takes one click: no dialog opens.
    await crm.locator('ringnity-inbox [part="action-button"][data-action="accept"]').click();
    await crm.locator('ringnity-inbox [part="accept-status"]').waitFor();
    assert.equal(await crm.locator('ringnity-inbox dialog').count(), 0);
    await crm.locator('ringnity-inbox [part="conversation-meta"]', { hasText: 'Assigned to You' }).waitFor();
    const composer = crm.locator('ringnity-inbox #draft');
    await composer.fill(reply);
    await composer.press('Enter');
    await crm.locator('ringnity-inbox [part~="message-reply"][data-message-id]', { hasText: reply }).waitFor();

    // 6. The customer sees the reply.
    await customer.locator('#log li.agent', { hasText: reply }).waitFor();
  } finally {
    // Saved whatever happened: on a failure they show where the flow stopped.
    await crm.screenshot({ path: path.join(resultsDir, 'demo-crm.png') });
    await customer.screenshot({ path: path.join(resultsDir, 'demo-customer.png'), fullPage: true });
  }
  assert.deepEqual([...crmErrors, ...customerErrors], []);
  await context.close();
});

test('the headless flow page runs only when asked, and once per click', { timeout: 90_000 }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page, 'flow');
  // The flow replies to the first open conversation agent.three sees; count that thread's replies.
  const replyBody = `Flow reply ${Date.now().toString(36)}`;
  try {
    await page.goto(`${baseUrl}/flow.html`);
    await page.locator('body[data-flow="ready"]').waitFor();
    // Loading the page sends nothing: no step ran.
    assert.equal(await page.locator('#steps li').count(), 0);

    await page.selectOption('#user', 'agent.three');
    await page.fill('#reply-body', replyBody);
    // The token answer is held, so the first run is surely still under way while the page gets
    // three quick submits: a double click on the button and Enter in the reply field.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let tokenRequests = 0;
    await page.route('**/api/ringnity/agent-token', async (route) => {
      tokenRequests++;
      await held;
      await route.continue();
    });
    await page.locator('#run').dblclick();
    await page.locator('#reply-body').press('Enter');
    assert.equal(await page.locator('#run').isDisabled(), true, 'the button is disabled while the flow runs');
    assert.equal(tokenRequests, 1, 'one run started');
    release();
    await page.locator('body[data-flow="complete"]').waitFor();
    await page.unroute('**/api/ringnity/agent-token');
    assert.equal(await page.locator('#run').isDisabled(), false);

    const stored = await page.evaluate(async (body) => {
      const { token } = await (
        await fetch('/api/ringnity/agent-token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userId: 'agent.three' }) })
      ).json();
      const agent = await (window as any).RingnityAgent.create({ token });
      const first = (await agent.conversations.list({ status: 'open', limit: 10 })).conversations[0];
      const page = await agent.conversations.messages(first.conversationId, { limit: 100 });
      agent.destroy();
      return page.messages.filter((m: { body: string }) => m.body === body).length;
    }, replyBody);
    assert.equal(stored, 1, 'one reply for one run');
  } finally {
    await page.screenshot({ path: path.join(resultsDir, 'demo-flow.png'), fullPage: true });
  }
  assert.deepEqual(errors, []);
  await context.close();
});
