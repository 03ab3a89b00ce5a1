import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../../src/elements/define.js';
import { RingnitySessionElement, type RingnityInbox, type RingnityPresence } from '../../../src/elements/define.js';
import { mintAgentToken } from '../helpers/emulator.js';
import { spyOnFetch } from '../helpers/fetch-spy.js';
import { waitFor } from '../helpers/wait.js';
import { emulatorUrl, settledSocketCount, queryShadow, recordEvents, tokenGetter, waitForShadow } from './helpers.js';
import { dropAgentSockets } from '../helpers/emulator.js';

/** Waits for a presence element to show a status, i.e. to have a connected session. */
const presenceReady = (presence: Element) => waitForShadow(presence, 'select, .readonly', (el) => !el.textContent?.includes('Loading'));

describe('<ringnity-session>', () => {
  afterEach(() => fixtureCleanup());

  it('POSTs to token-endpoint, signs in with the { token } it answers, and emits ringnity-ready', async () => {
    const crmBackend = spyOnFetch(async (request, forward) => {
      if (!request.url.endsWith('/crm/agent-token')) return forward();
      const minted = await mintAgentToken('agent.one');
      return new Response(JSON.stringify({ token: minted.token }), { status: 200, headers: { 'Content-Type': 'application/json' } });
    });
    const ready = recordEvents('ringnity-ready');
    try {
      const session = await fixture<RingnitySessionElement>(html`<ringnity-session token-endpoint="/crm/agent-token" api-base-url=${emulatorUrl}>
        <ringnity-presence></ringnity-presence>
      </ringnity-session>`);
      await waitFor(() => session.agentSession.state === 'connected', 'the session to connect');
      const tokenRequest = crashFree(crmBackend.requests.find((r) => r.url.endsWith('/crm/agent-token')));
      expect(tokenRequest.method).to.equal('POST');
      expect(session.agent?.username).to.equal('agent.one');
      await waitFor(() => ready.events.some((e) => e.target === session), 'ringnity-ready from the session');
    } finally {
      crmBackend.restore();
      ready.stop();
    }
  });

  it('keeps its sign-in when handed a new but equal tokenRequest, as a React re-render does', async () => {
    const crmBackend = spyOnFetch(async (request, forward) => {
      if (!request.url.endsWith('/crm/agent-token')) return forward();
      return new Response(JSON.stringify({ token: (await mintAgentToken('agent.one')).token }), { status: 200 });
    });
    try {
      const session =
        await fixture<RingnitySessionElement>(html`<ringnity-session token-endpoint="/crm/agent-token" api-base-url=${emulatorUrl} .tokenRequest=${{ userId: 'agent.one' }}>
        <ringnity-presence></ringnity-presence>
      </ringnity-session>`);
      await waitFor(() => session.agentSession.state === 'connected', 'the session to connect');
      const agent = session.agent;
      const tokenRequests = () => crmBackend.requests.filter((r) => r.url.endsWith('/crm/agent-token')).length;
      expect(tokenRequests()).to.equal(1);
      for (let render = 0; render < 3; render++) {
        session.tokenRequest = { userId: 'agent.one' };
        await session.updateComplete;
      }
      expect(session.agentSession.state).to.equal('connected');
      expect(session.agent).to.equal(agent);
      expect(tokenRequests()).to.equal(1);
    } finally {
      crmBackend.restore();
    }
  });

  it('shows an actionable message and emits ringnity-error when no token can be had, then recovers on retry', async () => {
    let backendUp = false;
    const crmBackend = spyOnFetch(async (request, forward) => {
      if (!request.url.endsWith('/crm/agent-token')) return forward();
      if (!backendUp) return new Response('{"error":"down"}', { status: 503 });
      return new Response(JSON.stringify({ token: (await mintAgentToken('agent.one')).token }), { status: 200 });
    });
    const errors = recordEvents('ringnity-error');
    try {
      const session = await fixture<RingnitySessionElement>(html`<ringnity-session token-endpoint="/crm/agent-token" api-base-url=${emulatorUrl}>
        <ringnity-presence></ringnity-presence>
      </ringnity-session>`);
      const presence = session.querySelector('ringnity-presence')!;
      const banner = await waitForShadow(presence, '[part="session-status"][data-state="failed"]');
      expect(banner.getAttribute('role')).to.equal('alert');
      expect(banner.textContent).to.contain('Could not get a Ringnity agent token');
      expect(banner.textContent).to.contain('HTTP 503');
      expect(banner.textContent).to.contain('try again');
      await waitFor(() => errors.events.length > 0, 'ringnity-error');
      expect(errors.events[0]!.detail.error.code).to.equal('TOKEN_UNAVAILABLE');
      expect(errors.events[0]!.bubbles && errors.events[0]!.composed).to.equal(true);

      backendUp = true;
      queryShadow<HTMLButtonElement>(presence, '[part="retry-button"]')!.click();
      await presenceReady(presence);
      expect(queryShadow(presence, '[part="session-status"]')).to.equal(null);
    } finally {
      crmBackend.restore();
      errors.stop();
    }
  });

  it('shares one socket between the elements nested inside it', async () => {
    const before = await settledSocketCount();
    const session = await fixture<RingnitySessionElement>(html`<ringnity-session .getToken=${tokenGetter('agent.three')} api-base-url=${emulatorUrl}>
      <div class="layout">
        <ringnity-presence></ringnity-presence>
        <section><ringnity-inbox style="height: 400px"></ringnity-inbox></section>
      </div>
    </ringnity-session>`);
    const presence = session.querySelector<RingnityPresence>('ringnity-presence')!;
    const inbox = session.querySelector<RingnityInbox>('ringnity-inbox')!;
    await presenceReady(presence);
    await waitForShadow(inbox, '[role="listbox"]');
    expect(presence.session).to.equal(session.agentSession);
    expect(inbox.session).to.equal(session.agentSession);
    expect(await settledSocketCount()).to.equal(before + 1);
    expect(await dropAgentSockets('agt_three')).to.equal(1);
  });

  it('lets scattered elements anywhere on the page find the page-level session, with one socket', async () => {
    const before = await settledSocketCount();
    // The session comes last and nothing is nested in it, as in a CRM layout.
    const page = await fixture<HTMLElement>(html`<div>
      <header><ringnity-presence></ringnity-presence></header>
      <aside><div><ringnity-inbox style="height: 400px"></ringnity-inbox></div></aside>
      <footer><ringnity-presence id="second"></ringnity-presence></footer>
      <ringnity-session page .getToken=${tokenGetter('agent.three')} api-base-url=${emulatorUrl}></ringnity-session>
    </div>`);
    const session = page.querySelector<RingnitySessionElement>('ringnity-session')!;
    const [header, footer] = page.querySelectorAll<RingnityPresence>('ringnity-presence');
    const inbox = page.querySelector<RingnityInbox>('ringnity-inbox')!;
    await presenceReady(header!);
    await presenceReady(footer!);
    await waitForShadow(inbox, '[role="listbox"]');
    for (const element of [header!, footer!, inbox]) expect(element.session).to.equal(session.agentSession);
    expect(await settledSocketCount()).to.equal(before + 1);
    expect(await dropAgentSockets('agt_three')).to.equal(1);
  });

  it('shows reconnecting while the socket is down, and the elements come back on their own', async () => {
    const states = recordEvents('ringnity-connection-change');
    try {
      const session = await fixture<RingnitySessionElement>(html`<ringnity-session .getToken=${tokenGetter('agent.three')} api-base-url=${emulatorUrl}>
        <ringnity-presence></ringnity-presence>
      </ringnity-session>`);
      const presence = session.querySelector('ringnity-presence')!;
      await presenceReady(presence);
      await dropAgentSockets('agt_three');
      await waitFor(() => states.events.some((e) => e.detail.state === 'reconnecting'), 'the reconnecting state');
      const banner = await waitForShadow(presence, '[part="session-status"]');
      expect(banner.getAttribute('role')).to.equal('status');
      await waitFor(() => session.agentSession.state === 'connected', 'the reconnection');
      await waitFor(() => queryShadow(presence, '[part="session-status"]') === null, 'the banner to go');
      expect(states.events.map((e) => e.detail.state)).to.include.members(['connecting', 'connected', 'reconnecting']);
    } finally {
      states.stop();
    }
  });

  it('takes its API from <meta name="ringnity-api-base-url">: sign-in and attachment links both use it', async () => {
    const meta = document.createElement('meta');
    meta.name = 'ringnity-api-base-url';
    meta.content = emulatorUrl;
    document.head.append(meta);
    try {
      const session = await fixture<RingnitySessionElement>(html`<ringnity-session .getToken=${tokenGetter('agent.one')}>
        <ringnity-inbox style="display:block; height: 640px; width: 1000px"></ringnity-inbox>
      </ringnity-session>`);
      await waitFor(() => session.agentSession.state === 'connected', 'the session to connect through the meta URL');
      expect(session.agentSession.apiBaseUrl).to.equal(emulatorUrl);
      const inbox = session.querySelector<RingnityInbox>('ringnity-inbox')!;
      await waitForShadow(inbox, '[role="listbox"]');
      inbox.select('cnv_assigned1');
      const link = await waitForShadow<HTMLAnchorElement>(inbox, '[part="attachment-link"]');
      expect(new URL(link.href).origin).to.equal(new URL(emulatorUrl).origin);
      // A relative meta URL is the page's own origin, as on the embeddable panel.
      meta.content = '/';
      const relative = new RingnitySessionElement().agentSession.apiBaseUrl;
      expect(relative).to.equal(location.origin);
    } finally {
      meta.remove();
    }
  });

  it('reaches a provider that is defined after the elements inside it (ContextRoot)', async () => {
    // A provider tag that the page defines late, e.g. because its script loads last.
    const tag = `late-session-${Math.random().toString(36).slice(2, 8)}`;
    const wrapper = await fixture<HTMLElement>(html`<div></div>`);
    wrapper.innerHTML = `<${tag} api-base-url="${emulatorUrl}"><ringnity-presence></ringnity-presence></${tag}>`;
    const presence = wrapper.querySelector<RingnityPresence>('ringnity-presence')!;
    await waitForShadow(presence, '[part="session-status"][data-state="missing"]');

    customElements.define(tag, class extends RingnitySessionElement {});
    const provider = wrapper.querySelector(tag) as RingnitySessionElement;
    provider.getToken = tokenGetter('agent.three');
    await presenceReady(presence);
    expect(presence.session).to.equal(provider.agentSession);
  });

  it('tells an element with no session at all how to get one', async () => {
    const presence = await fixture<RingnityPresence>(html`<ringnity-presence></ringnity-presence>`);
    const banner = await waitForShadow(presence, '[part="session-status"]');
    expect(banner.dataset.state).to.equal('missing');
    expect(banner.textContent).to.contain('<ringnity-session page>');
  });
});

function crashFree<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}
