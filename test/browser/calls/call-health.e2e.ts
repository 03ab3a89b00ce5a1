/**
 * The popup's device and quality parts, on a CRM page with a customer in another context: a
 * silent microphone (a fake capture file of silence) raises "no audio from your microphone", the
 * pickers choose a microphone, an unplugged one falls back with a notice, the network indicator
 * reads the call's quality, and the popup passes the accessibility check in each state.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { customerStats, eventually, flowing, startWorld, type World } from './world.js';

async function crmPage(world: World, username: string): Promise<Page> {
  const page = await (await world.newContext()).newPage();
  page.on('pageerror', (error) => console.error(`[crm ${username}]`, error.message));
  await page.goto(`${world.url}/t/crm.html#token=${await world.mint(username)}`);
  await eventually(`${username} online for calls`, async () => [...world.emulator.store.agents.values()].some((a) => a.username === username && a.callsOnline));
  await world.emulator.store.setPresence([...world.emulator.store.agents.values()].find((a) => a.username === username)!.id, 'online');
  return page;
}

async function acceptedCall(world: World, crm: Page): Promise<Page> {
  const customer = await world.customerPage('Hal', 'dep_support');
  assert.deepEqual(await customer.evaluate(() => window.customer.place('voice')), { ok: true });
  await part(crm, 'accept-button').click();
  await crm.waitForFunction(() => window.crm.popup().call?.connected === true);
  return customer;
}

const part = (page: Page, name: string) => page.locator(`ringnity-call-popup >> [part~="${name}"]`);

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: Element, options: object): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown; failureSummary: string }> }> }> };
      }
    ).axe;
    const result = await axe.run(document.querySelector('ringnity-call-popup')!, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.impact} ${v.id}: ${JSON.stringify(v.nodes.map((n) => `${n.target} ${n.failureSummary}`))}`);
  });
}

/** Ten seconds of digital silence, 48 kHz mono 16-bit PCM: what a dead microphone sends. */
function silentWav(seconds = 10, rate = 48_000): Buffer {
  const data = seconds * rate * 2;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data, 40);
  return Buffer.concat([header, Buffer.alloc(data)]);
}

test('a silent microphone raises "no audio from your microphone" in the popup, as a warning event too, and the popup stays accessible', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'ringnity-silence-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const wav = path.join(dir, 'silence.wav');
  await writeFile(wav, silentWav());
  const world = await startWorld(t, { browserArgs: [`--use-file-for-fake-audio-capture=${wav}`] });
  const crm = await crmPage(world, 'agent.one');
  await crm.evaluate(() => {
    document.addEventListener('ringnity-call-accepted', (event) => {
      const call = event.detail.call;
      call.on('warning', (w) => window.crm.events.push(`warning ${w.name} ${w.value}`));
    });
  });
  const customer = await acceptedCall(world, crm);
  await flowing('agent audio (silence) at the customer', async () => (await customerStats(customer)).inAudio);
  await part(crm, 'mic-warning').waitFor({ timeout: 30_000 });
  assert.match((await part(crm, 'mic-warning').textContent())!, /No audio from your microphone/);
  assert.equal(await part(crm, 'mic-warning').getAttribute('role'), 'alert');
  assert.ok((await crm.evaluate(() => window.crm.events)).some((e) => e.startsWith('warning constant-audio-input 0')));
  assert.deepEqual(await axeViolations(crm), []);

  // Muting is not a dead microphone: the warning goes while nothing is meant to be sent.
  await part(crm, 'mute-button').click();
  await part(crm, 'mic-warning').waitFor({ state: 'detached', timeout: 15_000 });
});

test('the popup picks a microphone, shows the level and the network quality, and says when the chosen one is unplugged', async (t) => {
  const world = await startWorld(t);
  const crm = await crmPage(world, 'agent.one');
  const customer = await acceptedCall(world, crm);
  await part(crm, 'microphone-select').waitFor();
  await part(crm, 'level').waitFor();
  assert.equal(await part(crm, 'level').getAttribute('aria-label'), 'Microphone level');
  // The meter follows the fake microphone's tone.
  await eventually('the level meter moves', async () => (await part(crm, 'level').evaluate((m) => (m as HTMLMeterElement).value)) > 0);
  // The indicator has words, not only a colour; it leaves "measuring" once samples come in.
  await eventually('a quality reading', async () => /Network: (good|fair|poor)/.test((await part(crm, 'quality').textContent()) ?? ''));
  // A microphone with sound on it is no dead microphone: five samples (ten seconds) and no warning.
  await eventually('five quality samples', async () => crm.evaluate(() => (window.crm.popup().call?.qualitySummary().samples ?? 0) >= 5), 20_000);
  assert.equal(await part(crm, 'mic-warning').count(), 0);
  assert.deepEqual(await crm.evaluate(() => window.crm.popup().call?.warnings), []);
  assert.deepEqual(await axeViolations(crm), []);

  const options = await part(crm, 'microphone-select').evaluate((select) => [...(select as HTMLSelectElement).options].map((o) => o.value));
  const chosen = options.find((value) => value !== '')!;
  await part(crm, 'microphone-select').selectOption(chosen);
  await eventually('the chosen microphone is sent', async () =>
    crm.evaluate((id) => window.crm.popup().call?.localStream?.getAudioTracks()[0]?.getSettings().deviceId === id, chosen),
  );
  await crm.evaluate((id) => {
    const media = navigator.mediaDevices;
    const original = media.enumerateDevices.bind(media);
    media.enumerateDevices = async () => (await original()).filter((d) => d.deviceId !== id);
    media.dispatchEvent(new Event('devicechange'));
  }, chosen);
  await part(crm, 'device-notice').waitFor();
  assert.match((await part(crm, 'device-notice').textContent())!, /The chosen Microphone was disconnected; the default one is used now\./);
  assert.equal(await part(crm, 'microphone-select').inputValue(), '');
  await flowing('agent audio at the customer after the fallback', async () => (await customerStats(customer)).inAudio);
  assert.deepEqual(await axeViolations(crm), []);
});
