/**
 * The iframe path under LWS: c-ringnity-agent-panel (evaluated by @locker/sandbox in namespace c
 * on the Lightning origin) hosts the demo panel page on the Ringnity origin through
 * ringnity-host.js, re-emits the bridged events as LWC events, and sends the bridge's commands.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { openLightning, startWorld, waitFor, type World } from './world.js';

const TEST_TIMEOUT = 60_000;
const LWC_EVENTS = ['panelready', 'ready', 'error', 'conversationselect', 'presencechange', 'connectionchange'];
let world: World;

before(async () => {
  world = await startWorld();
});

after(async () => {
  await world?.close();
});

async function panelFrame(page: Page): Promise<Frame> {
  for (let i = 0; i < 200; i++) {
    const frame = page.frames().find((f) => f.url().includes('/panel/ringnity-panel.html'));
    if (frame) return frame;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the panel iframe never appeared');
}

for (const gates of ['off', 'ci'] as const) {
  describe(`the panel iframe in an LWC under LWS, gates ${gates}`, () => {
    it('shows the conversations, brings their events to the LWC, takes its commands, and ignores another origin', { timeout: TEST_TIMEOUT }, async () => {
      const { page, errors, context } = await openLightning(world, { gates });
      try {
        await page.evaluate(
          `harness.mount('c/ringnityAgentPanel', 'c-ringnity-agent-panel', { panelUrl: ${JSON.stringify(world.panelUrl)}, title: 'Ringnity' }, ${JSON.stringify(LWC_EVENTS)})`,
        );
        await waitFor(page, `harness.lwcEvents.some((e) => e.name === 'panelready')`, 'panelready');
        const frame = await panelFrame(page);
        assert.equal(new URL(frame.url()).origin, world.emulator.url, 'the panel runs on the Ringnity origin');
        assert.equal(await page.evaluate(`document.querySelector('c-ringnity-agent-panel').shadowRoot.querySelector('iframe').allow`), 'microphone; camera; autoplay');

        // Conversations show in the panel.
        const rows = frame.locator('ringnity-inbox [role="option"]');
        await rows.first().waitFor();
        assert.ok((await rows.count()) > 0);
        assert.equal(await rows.first().isVisible(), true);

        // A bridged event reaches the LWC as an LWC event.
        await waitFor(page, `harness.lwcEvents.some((e) => e.name === 'ready')`, 'the panel session’s ready event, as an LWC event');
        await rows.first().click();
        const selected = await waitFor<{ conversationId: string }>(page, `harness.lwcEvents.find((e) => e.name === 'conversationselect')?.detail`, 'conversationselect');
        assert.match(selected.conversationId, /\S/);

        // A command from the LWC reaches the panel, once the panel's presence shows where it starts
        // (a change made before that would be its first value, not a change).
        const PANEL_STATUS = `(() => { const p = document.querySelector('ringnity-presence'); const s = p && p.shadowRoot && p.shadowRoot.querySelector('select:not([disabled])'); return s && s.value; })()`;
        const initial = await waitFor<string>(frame as unknown as Page, PANEL_STATUS, 'the panel’s presence control');
        assert.notEqual(initial, 'busy');
        const presence = (await page.evaluate(`harness.call('c-ringnity-agent-panel', 'setPresence', 'busy')`)) as { status: string };
        assert.equal(presence.status, 'busy');
        await waitFor(
          frame as unknown as Page,
          `(() => { const p = document.querySelector('ringnity-presence'); const s = p.shadowRoot && p.shadowRoot.querySelector('select'); return s && s.value === 'busy'; })()`,
          'the panel’s presence control showing busy',
        );
        await waitFor(page, `harness.lwcEvents.some((e) => e.name === 'presencechange' && e.detail.status === 'busy')`, 'presencechange back in the LWC');
        await assert.rejects(page.evaluate(`harness.call('c-ringnity-agent-panel', 'setPresence', 'asleep')`), /BRIDGE_INVALID_ARGUMENT: status must be one of/);

        // Another origin frames a page that forges the bridge's messages: nothing reaches the LWC.
        await page.evaluate(
          `new Promise((resolve) => { const f = document.createElement('iframe'); f.src = ${JSON.stringify(`${world.thirdUrl}/forge.html`)}; f.onload = resolve; document.body.append(f); })`,
        );
        await page.evaluate(`harness.call('c-ringnity-agent-panel', 'setPresence', 'online')`);
        await waitFor(page, `harness.lwcEvents.some((e) => e.name === 'presencechange' && e.detail.status === 'online')`, 'the next real event');
        const forged = await page.evaluate(`harness.lwcEvents.filter((e) => JSON.stringify(e.detail).includes('forged')).length`);
        assert.equal(forged, 0, 'no forged event reached the LWC');
        assert.equal(await page.evaluate(`harness.lwcEvents.filter((e) => e.name === 'panelready').length`), 1);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  });
}
