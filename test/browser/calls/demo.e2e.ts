/** The demo customer page places voice and video calls through the call file beside the bundle. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { eventually, startWorld } from './world.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

test('demo/customer.html: a video call to Support, answered by an agent, hung up by the customer', async (t) => {
  assert.ok(existsSync(path.join(root, 'dist/ringnity-agent-calls.js')), 'build first: npm run build');
  const world = await startWorld(t, {
    staticDirs: [
      { prefix: '/dist', dir: path.join(root, 'dist') },
      { prefix: '/', dir: path.join(root, 'demo') },
    ],
  });
  const agent = await world.agentPage('agent.one');

  const page = await (await world.newContext()).newPage();
  page.on('pageerror', (error) => console.error('[customer demo]', error.message));
  await page.goto(`${world.url}/customer.html`);
  await page.getByLabel('Your name').fill('Demo Caller');
  await page.getByRole('button', { name: 'Start chat' }).click();
  await page.getByRole('button', { name: 'Video call' }).click();

  await agent.waitForFunction(() => window.harness.calls.some((c) => c.state === 'ringing'));
  const ringing = await agent.evaluate(() => window.harness.summary());
  assert.equal(ringing.customerName, 'Demo Caller');
  assert.equal(ringing.type, 'video');
  await agent.evaluate(() => window.harness.act('accept', [{ video: true }]));
  await page.getByText('On a call with Alex One').waitFor();
  await eventually('the agent video playing in the demo', () => page.evaluate(() => (document.querySelector('#agent-video') as HTMLVideoElement).videoWidth > 0));

  await page.getByRole('button', { name: 'Mute' }).click();
  await agent.waitForFunction(() => window.harness.call().remoteMedia.audio === false);
  await page.getByRole('button', { name: 'Hang up' }).click();
  await agent.waitForFunction(() => window.harness.call().state === 'ended');
  assert.equal((await agent.evaluate(() => window.harness.summary())).endReason, 'customer_ended');
  await page.getByText('You hung up.').waitFor();
});

test('demo/embed/host.html fits a 360 px wide phone: nothing scrolls sideways, the panel and the commands stack', async (t) => {
  assert.ok(existsSync(path.join(root, 'dist/ringnity-host.js')), 'build first: npm run build');
  const world = await startWorld(t, {
    staticDirs: [
      { prefix: '/dist', dir: path.join(root, 'dist') },
      { prefix: '/', dir: path.join(root, 'demo') },
    ],
  });
  const context = await world.newContext();
  const page = await context.newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  page.on('pageerror', (error) => console.error('[embed host demo]', error.message));
  await page.goto(`${world.url}/embed/host.html`);
  await page.locator('#panel iframe').waitFor();
  await page.locator('#host-origin').filter({ hasText: 'http' }).waitFor();
  const layout = await page.evaluate(() => {
    const overflowing = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
      .map((el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : ''));
    return {
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      overflowing,
      panel: document.querySelector('#panel')!.getBoundingClientRect().toJSON() as DOMRect,
      aside: document.querySelector('aside')!.getBoundingClientRect().toJSON() as DOMRect,
    };
  });
  assert.deepEqual(layout.overflowing, []);
  assert.ok(layout.scrollWidth <= layout.clientWidth, `scrollWidth ${layout.scrollWidth} > ${layout.clientWidth}`);
  assert.ok(layout.aside.top >= layout.panel.bottom, 'the commands sit under the panel');
  assert.ok(layout.panel.width >= 300, `the panel is ${layout.panel.width} px wide`);
});
