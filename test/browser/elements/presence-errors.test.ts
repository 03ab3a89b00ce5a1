import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../../src/elements/define.js';
import type { RingnityPresence } from '../../../src/elements/define.js';
import { spyOnFetch } from '../helpers/fetch-spy.js';
import { emulatorUrl, queryShadow, waitForShadow } from './helpers.js';

describe('<ringnity-presence> when the session fails', () => {
  afterEach(() => fixtureCleanup());

  it('stays a compact widget in the header, without the token URL, and shows the details on demand', async () => {
    const crmBackend = spyOnFetch(async (request, forward) => (request.url.endsWith('/crm/agent-token') ? new Response('{"error":"down"}', { status: 503 }) : forward()));
    try {
      const header = await fixture<HTMLElement>(html`<header style="display:flex; align-items:center; gap:16px; width:900px">
        <h1 style="flex:1; margin:0">Support inbox</h1>
        <ringnity-session token-endpoint="/crm/agent-token" api-base-url=${emulatorUrl}><ringnity-presence></ringnity-presence></ringnity-session>
      </header>`);
      const presence = header.querySelector<RingnityPresence>('ringnity-presence')!;
      const status = await waitForShadow(presence, '[part="session-status"][data-state="failed"]');
      expect(status.getAttribute('role')).to.equal('alert');
      // What shows: a few words and a button, in a widget that keeps a header's size.
      expect(status.innerText).not.to.contain('/crm/agent-token');
      expect(status.innerText).not.to.contain('http');
      expect(status.innerText).to.contain('Status unavailable');
      expect(presence.getBoundingClientRect().width).to.be.lessThan(300);
      expect(presence.getBoundingClientRect().height).to.be.lessThan(40);
      await expect(presence).to.be.accessible();

      const details = queryShadow<HTMLButtonElement>(presence, '[part="details-button"]')!;
      expect(details.getAttribute('aria-expanded')).to.equal('false');
      details.click();
      const panel = await waitForShadow(presence, '[part="session-details"]', (el) => !el.hidden);
      expect(details.getAttribute('aria-expanded')).to.equal('true');
      expect(panel.innerText).to.contain('Could not get a Ringnity agent token');
      expect(panel.innerText).to.contain('HTTP 503');
      expect(queryShadow(presence, '[part="retry-button"]')!.offsetParent).not.to.equal(null);
      // The details open over the page: the header keeps its height.
      expect(presence.getBoundingClientRect().height).to.be.lessThan(40);
      await expect(presence).to.be.accessible();
    } finally {
      crmBackend.restore();
    }
  });
});
