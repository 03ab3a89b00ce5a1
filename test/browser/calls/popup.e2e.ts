/**
 * `<ringnity-call-popup>` on a CRM page, with a customer in another browser context.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { customerStats, eventually, flowing, startWorld, stopped, type World } from './world.js';

async function crmPage(world: World, username: string, file = 'crm.html'): Promise<Page> {
  const page = await (await world.newContext()).newPage();
  page.on('pageerror', (error) => console.error(`[crm ${username}]`, error.message));
  const token = await world.mint(username);
  await page.goto(`${world.url}/t/${file}#token=${token}`);
  // The popup goes online for calls by itself once the session connects.
  await eventually(`${username} online for calls`, async () => [...world.emulator.store.agents.values()].some((a) => a.username === username && a.callsOnline));
  await world.emulator.store.setPresence([...world.emulator.store.agents.values()].find((a) => a.username === username)!.id, 'online');
  return page;
}

async function placeCall(world: World, name: string, type: 'voice' | 'video' = 'voice') {
  const customer = await world.customerPage(name, 'dep_support');
  assert.deepEqual(await customer.evaluate((type) => window.customer.place(type), type), { ok: true });
  return customer;
}

const part = (page: Page, name: string) => page.locator(`ringnity-call-popup >> [part~="${name}"]`);

test('the popup rings with the customer name and type, announces it, and drives a whole call', async (t) => {
  const world = await startWorld(t);
  const crm = await crmPage(world, 'agent.one');
  const customer = await placeCall(world, 'Maya Chen', 'voice');

  await part(crm, 'incoming').waitFor();
  // The card's styles come with the lazily loaded view (call-popup-view.styles.ts).
  assert.equal(await part(crm, 'incoming').evaluate((card) => getComputedStyle(card).display), 'grid');
  assert.equal(await part(crm, 'caller').textContent(), 'Maya Chen');
  assert.match((await part(crm, 'call-type').textContent())!, /voice/i);
  const live = crm.locator('ringnity-call-popup >> [aria-live="assertive"]');
  assert.match((await live.textContent())!, /Incoming voice call from Maya Chen/);
  assert.equal(await crm.getByRole('region', { name: 'Maya Chen' }).count(), 1);
  // Focus stays where the agent was; the announcement is what tells them.
  assert.equal(await crm.evaluate(() => document.activeElement === document.body), true);

  await part(crm, 'accept-button').click();
  await part(crm, 'active').waitFor();
  await crm.waitForFunction(() => window.crm.popup().call?.connected === true);
  await flowing('agent audio at the customer', async () => (await customerStats(customer)).inAudio);
  assert.match((await part(crm, 'timer').textContent())!, /^\d+:\d\d$/);

  // Buttons follow the real state.
  await part(crm, 'mute-button').click();
  await eventually('mute pressed', async () => (await part(crm, 'mute-button').getAttribute('aria-pressed')) === 'true');
  assert.equal(await crm.evaluate(() => window.crm.popup().call!.muted), true);
  assert.match((await part(crm, 'mute-button').textContent())!, /Unmute/);
  await stopped('agent audio at the customer', async () => (await customerStats(customer)).inAudio);
  await part(crm, 'mute-button').click();
  await eventually('mute released', async () => (await part(crm, 'mute-button').getAttribute('aria-pressed')) === 'false');

  await part(crm, 'hold-button').click();
  await eventually('held', async () => (await part(crm, 'status').textContent()) === 'On hold');
  assert.match((await part(crm, 'hold-button').textContent())!, /Resume/);
  await customer.waitForFunction(() => window.customer.call!.state === 'held');
  await part(crm, 'hold-button').click();
  await eventually('resumed', async () => (await part(crm, 'hold-button').textContent())!.includes('Hold'));

  await part(crm, 'video-button').click();
  await eventually('video on', async () => (await part(crm, 'video-button').getAttribute('aria-pressed')) === 'true');
  assert.equal(await part(crm, 'media').isVisible(), true);
  await flowing('agent video at the customer', async () => (await customerStats(customer)).inVideo);
  await eventually('own local video playing', () =>
    crm.evaluate(() => {
      const video = window.crm.popup().shadowRoot!.querySelector<HTMLVideoElement>('video[part="local-video"]')!;
      return video.srcObject !== null && video.videoWidth > 0;
    }),
  );
  await part(crm, 'video-button').click();
  await eventually('video off', async () => (await part(crm, 'video-button').getAttribute('aria-pressed')) === 'false');

  await part(crm, 'end-button').click();
  await part(crm, 'notice').waitFor();
  assert.match((await part(crm, 'notice').textContent())!, /you hung up/);
  await customer.waitForFunction(() => window.customer.call!.state === 'ended');
  const events = await crm.evaluate(() => window.crm.events);
  for (const name of [
    'ringnity-incoming-call',
    'ringnity-call-accepted',
    'ringnity-call-muted muted=true',
    'ringnity-call-muted muted=false',
    'ringnity-call-held',
    'ringnity-call-resumed',
    'ringnity-call-video-changed enabled=true',
    'ringnity-call-video-changed enabled=false',
  ]) {
    assert.ok(events.includes(name), `${name} in ${events.join(', ')}`);
  }
  assert.ok(
    events.some((e) => e.startsWith('ringnity-call-ended reason=agent_ended')),
    events.join(', '),
  );
});

test('transfer through the department picker; the host-slotted videos get the media', async (t) => {
  const world = await startWorld(t);
  const crm = await crmPage(world, 'agent.one', 'crm-slotted.html');
  const billing = await crmPage(world, 'agent.two');
  const customer = await placeCall(world, 'Tomasz', 'video');

  await part(crm, 'accept-button').click();
  await crm.waitForFunction(() => window.crm.popup().call?.connected === true);
  await eventually('the slotted remote video plays', () =>
    crm.evaluate(() => {
      const video = document.querySelector<HTMLVideoElement>('#customer-video')!;
      return video.srcObject !== null && video.videoWidth > 0;
    }),
  );
  assert.equal(await crm.evaluate(() => (window.crm.popup().shadowRoot!.querySelector('video[part="remote-video"]') as HTMLVideoElement).srcObject), null);

  await part(crm, 'transfer-button').click();
  await part(crm, 'department-select').waitFor();
  await part(crm, 'department-select').selectOption('dep_billing');
  await part(crm, 'transfer-confirm-button').click();
  await eventually('transferring', async () => (await part(crm, 'status').textContent()) === 'Transferring…');

  await part(billing, 'incoming').waitFor();
  assert.equal(await part(billing, 'caller').textContent(), 'Tomasz');
  await part(billing, 'accept-button').click();
  await billing.waitForFunction(() => window.crm.popup().call?.connected === true);
  await part(crm, 'notice').waitFor();
  assert.match((await part(crm, 'notice').textContent())!, /transferred/);
  await customer.waitForFunction(() => window.customer.call!.agentName === 'Blair Two');
  await flowing('the new agent audio at the customer', async () => (await customerStats(customer)).inAudio);
  const events = await crm.evaluate(() => window.crm.events);
  assert.ok(events.includes('ringnity-call-transferred departmentId=dep_billing outcome=started'), events.join(', '));
  assert.ok(events.includes('ringnity-call-transferred departmentId=dep_billing outcome=completed'), events.join(', '));
});

test('a host that cancels ringnity-incoming-call runs its own UI and no popup shows', async (t) => {
  const world = await startWorld(t);
  const crm = await crmPage(world, 'agent.one');
  await crm.evaluate(() => window.crm.ownTheUi());
  const customer = await placeCall(world, 'Aiko');
  await crm.waitForFunction(() => window.crm.hostCalls.length === 1);
  assert.equal(await part(crm, 'incoming').count(), 0);
  assert.equal(await crm.evaluate(() => window.crm.popup().call), null);
  assert.equal(await crm.locator('ringnity-call-popup >> [part="base"]').isVisible(), false);

  // The host drives the call with the SDK object it was handed.
  await crm.evaluate(() => window.crm.hostCalls[0]!.accept());
  await customer.waitForFunction(() => window.customer.call?.connected === true);
  assert.equal(await part(crm, 'active').count(), 0, 'the popup stays out of a call the host owns');
  await crm.evaluate(() => window.crm.hostCalls[0]!.end());
});

test('a blocked ringtone shows an "enable sound" prompt that a click clears', async (t) => {
  const world = await startWorld(t, { browserArgs: ['--autoplay-policy=document-user-activation-required'] });
  const crm = await crmPage(world, 'agent.one');
  await placeCall(world, 'Grace');
  await part(crm, 'incoming').waitFor();
  await part(crm, 'sound-prompt').waitFor();
  assert.equal(await crm.locator('ringnity-call-popup >> [part="sound-prompt"]').getAttribute('role'), 'alert');
  assert.ok((await crm.evaluate(() => window.crm.events)).includes('ringnity-sound-blocked'));
  await part(crm, 'enable-sound-button').click();
  await eventually('the prompt to go', async () => (await part(crm, 'sound-prompt').count()) === 0);
  assert.equal(await part(crm, 'incoming').count(), 1, 'still ringing, now with sound');
});

test('reject from the popup moves the call on and shows the reason', async (t) => {
  const world = await startWorld(t);
  const one = await crmPage(world, 'agent.one');
  const three = await crmPage(world, 'agent.three');
  await placeCall(world, 'Priya');
  await part(one, 'incoming').waitFor();
  await part(three, 'incoming').waitFor();
  await part(one, 'reject-button').click();
  await part(one, 'notice').waitFor();
  assert.match((await part(one, 'notice').textContent())!, /declined/);
  assert.ok((await one.evaluate(() => window.crm.events)).includes('ringnity-call-rejected reason=Agent declined'));
  assert.equal(await part(three, 'incoming').count(), 1);
});

test('on a German, right-to-left page the popup speaks German, sits bottom left and passes the accessibility check', async (t) => {
  const world = await startWorld(t);
  const crm = await crmPage(world, 'agent.one');
  // Switched at run time, after the popup has rendered in English.
  await crm.evaluate(() => {
    document.documentElement.lang = 'de-DE';
    document.documentElement.dir = 'rtl';
  });
  await placeCall(world, 'Jonas');
  await part(crm, 'incoming').waitFor();
  assert.equal((await part(crm, 'call-type').textContent())!.trim(), 'Eingehender Sprachanruf');
  assert.equal((await part(crm, 'accept-button').textContent())!.trim(), 'Annehmen');
  assert.equal((await part(crm, 'reject-button').textContent())!.trim(), 'Ablehnen');
  assert.equal((await crm.locator('ringnity-call-popup >> [aria-live="assertive"]').textContent())!.trim(), 'Eingehender Sprachanruf von Jonas');
  const card = (await part(crm, 'incoming').boundingBox())!;
  assert.ok(card.x <= 16, `the card sits in the bottom-left corner (x = ${card.x})`);
  await crm.screenshot({ path: fileURLToPath(new URL('../../../test-results/call-popup-rtl-de.png', import.meta.url)) });
  assert.deepEqual(await axeViolations(crm), []);
  await part(crm, 'reject-button').click();
  await part(crm, 'notice').waitFor();
  assert.equal((await part(crm, 'notice').textContent())!.trim(), 'Anruf beendet: abgelehnt.');
});

test('a denied microphone shows the documented error in the popup', async (t) => {
  const world = await startWorld(t);
  const crm = await crmPage(world, 'agent.one');
  await placeCall(world, 'Jonas');
  await part(crm, 'incoming').waitFor();
  await crm.evaluate(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
  await part(crm, 'accept-button').click();
  await part(crm, 'error').waitFor();
  // The popup's own sentence (the errorMediaDenied label), not the SDK's message.
  assert.match((await part(crm, 'error').textContent())!, /Allow the microphone \(and camera\) for this site in the browser, then try again\./);
  const events = await crm.evaluate(() => window.crm.events);
  assert.ok(
    events.some((e) => e.includes('ringnity-error') && e.includes('CALL_MEDIA_PERMISSION_DENIED')),
    events.join(', '),
  );
  assert.ok(
    events.some((e) => e.startsWith('ringnity-call-ended reason=media_failed')),
    events.join(', '),
  );
});

/** axe-core (brought by @open-wc/testing) over the popup, shadow DOM included. */
async function axeViolations(page: Page): Promise<string[]> {
  const { createRequire } = await import('node:module');
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Element, options: object): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe;
    const result = await axe.run(document.querySelector('ringnity-call-popup')!, { resultTypes: ['violations'] });
    return result.violations.map(
      (v) =>
        `${v.impact} ${v.id}: ${JSON.stringify(v.nodes.map((n) => (n as { target: unknown; failureSummary: string }).target + ' ' + (n as { failureSummary: string }).failureSummary))}`,
    );
  });
}

test('the popup passes an accessibility check while ringing and during a video call', async (t) => {
  const world = await startWorld(t);
  const crm = await crmPage(world, 'agent.one');
  await placeCall(world, 'Sofia', 'video');
  await part(crm, 'incoming').waitFor();
  assert.deepEqual(await axeViolations(crm), []);
  await part(crm, 'accept-button').click();
  await crm.waitForFunction(() => window.crm.popup().call?.connected === true);
  await part(crm, 'transfer-button').click();
  await part(crm, 'department-select').waitFor();
  assert.deepEqual(await axeViolations(crm), []);
});

test('the popup passes an accessibility check in the dark theme with the page accent the demo sets', async (t) => {
  const world = await startWorld(t);
  const crm = await crmPage(world, 'agent.one');
  await crm.evaluate(() => {
    const popup = document.querySelector('ringnity-call-popup')!;
    popup.setAttribute('theme', 'dark');
    popup.style.setProperty('--ringnity-color-accent', '#3b48c9');
    document.body.style.background = '#111418';
  });
  await placeCall(world, 'Dark Sofia', 'video');
  await part(crm, 'incoming').waitFor();
  assert.equal(await part(crm, 'incoming').evaluate((card) => getComputedStyle(card).colorScheme), 'dark');
  assert.deepEqual(await axeViolations(crm), []);
  await part(crm, 'accept-button').click();
  await crm.waitForFunction(() => window.crm.popup().call?.connected === true);
  assert.deepEqual(await axeViolations(crm), []);
  await part(crm, 'transfer-button').click();
  await part(crm, 'department-select').waitFor();
  assert.deepEqual(await axeViolations(crm), []);
});

test('after a resync the popup drops a ringing call whose end was lost, and shows what still rings, its name isolated', async (t) => {
  const world = await startWorld(t);
  const crm = await crmPage(world, 'agent.one');
  const customer = await placeCall(world, 'Lost End');
  await part(crm, 'incoming').waitFor();

  // The server's log no longer reaches back: the SDK must resync instead of catching up.
  await crm.route('**/api/agent/events**', (route) =>
    route.fulfill({ status: 410, contentType: 'application/json', body: JSON.stringify({ error: { code: 'AGENT_SDK_EVENTS_EXPIRED', message: 'after: too old', status: 410 } }) }),
  );
  await crm.evaluate(() => {
    (window as unknown as { resyncs: number }).resyncs = 0;
    window.crm.popup().session!.agent!.on('resync', () => (window as unknown as { resyncs: number }).resyncs++);
  });
  assert.ok(world.emulator.dropAgentSockets('agt_one') > 0);
  // The customer hangs up while the agent has no socket; then a second customer calls.
  await customer.evaluate(() => window.customer.call!.end());
  // Its name carries a right-to-left override: the card shows it neutralised and isolated.
  const second = await placeCall(world, 'Still \u202eRinging');
  await crm.waitForFunction(() => (window as unknown as { resyncs: number }).resyncs > 0);
  await eventually('the second caller on the card', async () => (await part(crm, 'caller').textContent()) === 'Still Ringing');
  assert.equal(await part(crm, 'caller').evaluate((caller) => getComputedStyle(caller).unicodeBidi), 'isolate');
  assert.deepEqual(await crm.evaluate(() => window.crm.popup().session!.agent!.calls.current.map((c) => c.customer.name)), ['Still \u202eRinging']);
  await second.evaluate(() => window.customer.call!.end());
});
