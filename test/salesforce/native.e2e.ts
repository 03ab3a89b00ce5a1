/**
 * c-ringnity-inbox and c-ringnity-presence, the LWC templates on the headless client's live
 * stores, compiled by @lwc/rollup-plugin with the LWS transforms and evaluated by @locker/sandbox
 * in namespace c on a second origin, in both gate states and both shadow modes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { customerWrites, openLightning, startWorld, waitFor, type World } from './world.js';

const TEST_TIMEOUT = 60_000;
let world: World;

before(async () => {
  world = await startWorld();
});

after(async () => {
  await world?.close();
});

/** Text of the inbox's rows, read from the page (LWC's shadow roots are open). */
const ROWS = `[...document.querySelector('c-ringnity-inbox').shadowRoot.querySelectorAll('li.row')].map((li) => li.textContent)`;
const MESSAGES = `[...document.querySelector('c-ringnity-inbox').shadowRoot.querySelectorAll('li.message')].map((li) => li.textContent)`;

// Both gate states with native shadow, and synthetic shadow (which Lightning still uses widely) once:
// the suite stays within its time budget in CI.
const CASES = [
  ['off', 'native'],
  ['ci', 'native'],
  ['ci', 'synthetic'],
] as const;

for (const [gates, shadow] of CASES) {
  describe(`LWC components under LWS, gates ${gates}, ${shadow} shadow`, () => {
    it('shows the conversations, a live customer message, and sends a reply', { timeout: TEST_TIMEOUT }, async () => {
      const customer = await customerWrites(world, `Hello from Salesforce ${gates}/${shadow}`);
      const { page, errors, context } = await openLightning(world, { gates, shadow });
      try {
        await page.evaluate(`harness.mount('c/ringnityPresence', 'c-ringnity-presence', { apiBaseUrl: ${JSON.stringify(world.emulator.url)} }, ['presencechange'])`);
        await page.evaluate(`harness.mount('c/ringnityInbox', 'c-ringnity-inbox', { apiBaseUrl: ${JSON.stringify(world.emulator.url)} }, ['conversationselect'])`);

        const rows = await waitFor<string[]>(page, `(() => { const r = ${ROWS}; return r.length > 1 && r; })()`, 'conversation rows');
        assert.ok(
          rows.some((text) => text.includes('Salesforce Customer')),
          `the new conversation is listed: ${JSON.stringify(rows)}`,
        );
        const visible = await page.locator('c-ringnity-inbox li.row').first().isVisible();
        assert.equal(visible, true, 'the rows are on screen');
        assert.equal(world.apexCalls() > 0, true, 'the token came from the Apex stub');

        // One agent for both components: the presence select follows the store.
        await waitFor(page, `document.querySelector('c-ringnity-presence').shadowRoot.querySelector('select:not([disabled])')`, 'the presence control');
        await page.locator('c-ringnity-presence select').selectOption('busy');
        await waitFor(page, `harness.lwcEvents.some((e) => e.name === 'presencechange' && e.detail.status === 'busy')`, 'presencechange');

        await page.locator('c-ringnity-inbox li.row', { hasText: 'Salesforce Customer' }).first().click();
        await waitFor(
          page,
          `harness.lwcEvents.some((e) => e.name === 'conversationselect' && e.detail.conversationId === ${JSON.stringify(customer.conversationId)})`,
          'conversationselect',
        );
        await waitFor(page, `${MESSAGES}.some((t) => t.includes('Hello from Salesforce'))`, 'the first message');

        await customerWrites(world, 'Is anyone there?', customer);
        await waitFor(page, `${MESSAGES}.some((t) => t.includes('Is anyone there?'))`, 'the live customer message');
        assert.equal(await page.locator('c-ringnity-inbox li.message', { hasText: 'Is anyone there?' }).isVisible(), true);

        await page.locator('c-ringnity-inbox textarea.draft').fill('Yes, how can I help?');
        await page.locator('c-ringnity-inbox button.send').click();
        const stored = await waitFor<boolean>(page, `${MESSAGES}.some((t) => t.includes('Yes, how can I help?'))`, 'the reply in the thread');
        assert.equal(stored, true);
        // The server has it: the customer's side reads it back.
        const response = await fetch(`${world.emulator.url}/api/visitor/conversations/${customer.conversationId}/messages`, {
          headers: { Authorization: `Bearer ${customer.visitorToken}` },
        });
        const { messages } = (await response.json()) as { messages: { body: string; kind: string }[] };
        assert.ok(
          messages.some((m) => m.kind === 'reply' && m.body === 'Yes, how can I help?'),
          'the customer sees the reply',
        );
        // The bundle ran inside the sandbox (loadScript was LWS's own), not on the page.
        assert.equal(await page.evaluate('typeof window.RingnityAgent'), 'undefined');
        assert.equal(
          await page.evaluate(`document.querySelector('c-ringnity-inbox').shadowRoot.constructor.name === 'ShadowRoot'`),
          shadow === 'native',
          `${shadow} shadow in use`,
        );
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  });
}
