import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../../src/elements/define.js';
import type { RingnityPresence } from '../../../src/elements/define.js';
import type { RingnitySession } from '../../../src/index.js';
import type { RingnityAgent } from '../../../src/index.js';
import { dropAgentSockets } from '../helpers/emulator.js';
import { waitFor } from '../helpers/wait.js';
import { queryShadow, recordEvents, scopesWithout, serverSetsPresence, testAgent, testSession, waitForShadow } from './helpers.js';

describe('<ringnity-presence>', () => {
  let session: RingnitySession;
  let otherTab: RingnityAgent;

  beforeEach(async () => {
    session = await testSession('agent.two');
    otherTab = await testAgent('agent.two');
    await otherTab.presence.set('offline');
  });

  afterEach(() => {
    fixtureCleanup();
    session.close();
    otherTab.destroy();
  });

  const select = (presence: RingnityPresence) => waitForShadow<HTMLSelectElement>(presence, 'select');

  it('shows the status and lets the agent change it, emitting ringnity-presence-change', async () => {
    const changes = recordEvents('ringnity-presence-change');
    try {
      const presence = await fixture<RingnityPresence>(html`<ringnity-presence .session=${session}></ringnity-presence>`);
      const picker = await select(presence);
      await waitFor(() => picker.value === 'offline', 'the current status');
      expect(queryShadow(presence, 'label')?.textContent).to.equal('Status');

      picker.value = 'online';
      picker.dispatchEvent(new Event('change'));
      await waitFor(() => changes.events.some((e) => e.detail.source === 'self'), 'the change event');
      expect(changes.events.find((e) => e.detail.source === 'self')!.detail).to.deep.include({ status: 'online', previousStatus: 'offline' });
      expect((await otherTab.presence.get()).status).to.equal('online');
    } finally {
      changes.stop();
    }
  });

  it('does not look Online while the connection is lost: grey dot, picker locked, reconnecting said', async () => {
    await otherTab.presence.set('online');
    const presence = await fixture<RingnityPresence>(html`<ringnity-presence .session=${session}></ringnity-presence>`);
    const picker = await select(presence);
    await waitFor(() => picker.value === 'online', 'online');
    const dot = () => getComputedStyle(queryShadow(presence, '[part="indicator"]')!).backgroundColor;
    const onlineDot = dot();

    expect(await dropAgentSockets('agt_two')).to.be.greaterThan(0);
    // Read in one go while it lasts: the SDK reconnects on its own a moment later.
    const seen = await waitFor(() => {
      const base = queryShadow(presence, '[part="base"]');
      const banner = queryShadow(presence, '[part="session-status"]');
      if (session.state !== 'reconnecting' || !banner) return null;
      return {
        connection: base?.dataset.connection,
        disabled: queryShadow<HTMLSelectElement>(presence, 'select')!.disabled,
        dot: dot(),
        banner: banner.textContent ?? '',
        describedBy: queryShadow(presence, 'select')!.getAttribute('aria-describedby'),
      };
    }, 'the reconnecting state');
    expect(seen.banner).to.contain('Reconnecting');
    expect(seen.connection).to.equal('reconnecting');
    expect(seen.disabled, 'no change can be made while nothing reaches the server').to.equal(true);
    expect(seen.dot, 'the dot is no longer the online colour').not.to.equal(onlineDot);
    expect(seen.describedBy).to.equal('session-status');

    await waitFor(() => session.state === 'connected' && !queryShadow(presence, '[part="session-status"]'), 'the reconnection');
    await waitFor(() => dot() === onlineDot && !queryShadow<HTMLSelectElement>(presence, 'select')!.disabled, 'online again');
  });

  it('follows a change made in another tab, live', async () => {
    const changes = recordEvents('ringnity-presence-change');
    try {
      const presence = await fixture<RingnityPresence>(html`<ringnity-presence .session=${session}></ringnity-presence>`);
      const picker = await select(presence);
      await waitFor(() => picker.value === 'offline', 'the current status');
      await otherTab.presence.set('busy');
      await waitFor(() => queryShadow<HTMLSelectElement>(presence, 'select')?.value === 'busy', 'the status to follow');
      expect(queryShadow(presence, '[part="base"]')!.dataset.status).to.equal('busy');
      expect(changes.events.at(-1)!.detail).to.deep.equal({ status: 'busy', previousStatus: 'offline', source: 'remote' });
    } finally {
      changes.stop();
    }
  });

  it('shows in_call, set by the server, as read-only until the call ends', async () => {
    const presence = await fixture<RingnityPresence>(html`<ringnity-presence .session=${session}></ringnity-presence>`);
    const picker = await select(presence);
    await waitFor(() => picker.value === 'offline', 'the current status');
    await serverSetsPresence('agt_two', 'in_call');
    await waitFor(() => queryShadow<HTMLSelectElement>(presence, 'select')?.value === 'in_call', 'in_call');
    const locked = queryShadow<HTMLSelectElement>(presence, 'select')!;
    expect(locked.disabled).to.equal(true);
    expect(locked.selectedOptions[0]!.textContent).to.equal('In a call');
    expect(queryShadow(presence, '[part="hint"]')!.textContent).to.contain('while you are on a call');
    expect(locked.getAttribute('aria-describedby')).to.equal('hint');
    await expect(presence).to.be.accessible();

    await serverSetsPresence('agt_two', 'online');
    await waitFor(() => queryShadow<HTMLSelectElement>(presence, 'select')?.disabled === false, 'the picker to unlock');
    expect(queryShadow<HTMLSelectElement>(presence, 'select')!.value).to.equal('online');
  });

  it('is read-only for a token without agent:presence:write', async () => {
    const readOnly = await testSession('agent.two', scopesWithout('agent:presence:write'));
    try {
      const presence = await fixture<RingnityPresence>(html`<ringnity-presence .session=${readOnly}></ringnity-presence>`);
      const text = await waitForShadow(presence, '[part="readonly"]', (el) => el.textContent!.includes('Offline'));
      expect(text.textContent).to.contain('Status');
      expect(queryShadow(presence, 'select')).to.equal(null);
    } finally {
      readOnly.close();
    }
  });

  it('takes replacement labels and a theme', async () => {
    const presence = await fixture<RingnityPresence>(
      html`<ringnity-presence theme="dark" .session=${session} .labels=${{ status: 'Statut', offline: 'Hors ligne' }}></ringnity-presence>`,
    );
    const picker = await select(presence);
    await waitFor(() => picker.selectedOptions[0]?.textContent === 'Hors ligne', 'the French label');
    expect(queryShadow(presence, 'label')!.textContent).to.equal('Statut');
    // The dark palette's text colour, with no --ringnity-* override from the page.
    expect(getComputedStyle(presence).color).to.equal('rgb(232, 234, 237)');
    presence.style.setProperty('--ringnity-color-text', 'rgb(1, 2, 3)');
    expect(getComputedStyle(presence).color).to.equal('rgb(1, 2, 3)');
  });

  it('passes the accessibility check', async () => {
    const presence = await fixture<RingnityPresence>(html`<ringnity-presence .session=${session}></ringnity-presence>`);
    await select(presence);
    await expect(presence).to.be.accessible();
  });
});
