import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../../src/elements/define.js';
import type { RingnityInbox } from '../../../src/elements/define.js';
import type { RingnitySession } from '../../../src/index.js';
import { startVisitorConversation } from '../helpers/emulator.js';
import { spyOnFetch } from '../helpers/fetch-spy.js';
import { waitFor } from '../helpers/wait.js';
import { queryShadow, recordEvents, rowOf, testSession, uniqueName, waitForShadow } from './helpers.js';

async function mountInbox(session: RingnitySession): Promise<RingnityInbox> {
  return fixture<RingnityInbox>(html`<ringnity-inbox style="display:block; height: 640px; width: 1000px" .session=${session}></ringnity-inbox>`);
}

async function openConversation(inbox: RingnityInbox, customer: string): Promise<void> {
  const row = await waitFor(() => rowOf(inbox, customer), `the row of ${customer}`);
  row.click();
  await waitForShadow(inbox, '[part~="customer-name"]', (el) => el.textContent === customer, `the thread of ${customer}`);
}

describe('<ringnity-inbox> rough edges', () => {
  let session: RingnitySession;

  beforeEach(async () => {
    session = await testSession('lead.one');
  });

  afterEach(() => {
    fixtureCleanup();
    session.close();
  });

  it('shows the empty list message at the top of the column, under the views', async () => {
    const network = spyOnFetch(async (request, forward) => {
      if (request.method === 'GET' && /\/conversations(\?|$)/.test(request.url)) {
        return new Response(JSON.stringify({ conversations: [], nextCursor: null }), { headers: { 'Content-Type': 'application/json' } });
      }
      return forward();
    });
    try {
      const inbox = await mountInbox(session);
      const message = await waitForShadow(inbox, '[part="list-status"]', (el) => el.textContent!.includes('No open conversations'));
      const views = queryShadow(inbox, '[part="views"]')!.getBoundingClientRect();
      const pane = queryShadow(inbox, '[part="list-pane"]')!.getBoundingClientRect();
      const box = message.getBoundingClientRect();
      expect(box.top - views.bottom).to.be.within(-1, 1);
      expect(pane.bottom - box.bottom).to.be.greaterThan(pane.height / 2);
    } finally {
      network.restore();
    }
  });

  it('accepts in one click, tells the page, and can undo it back to the queue', async () => {
    const name = uniqueName('One Click Customer');
    const visitor = await startVisitorConversation({ name, body: 'Take me', departmentId: 'dep_support' });
    const inbox = await mountInbox(session);
    await openConversation(inbox, name);
    const assigned = recordEvents('ringnity-conversation-assigned');
    const transferred = recordEvents('ringnity-conversation-transferred');
    try {
      const before = (await session.agent!.conversations.get(visitor.conversationId)).departmentId;
      (await waitForShadow<HTMLButtonElement>(inbox, '[part="action-button"][data-action="accept"]')).click();
      await waitFor(() => assigned.events.length === 1, 'ringnity-conversation-assigned');
      expect(queryShadow(inbox, '[part="dialog"]')).to.equal(null);
      expect(assigned.events[0]!.detail).to.deep.include({ conversationId: visitor.conversationId, assignedAgentId: 'agt_lead', reason: null, source: 'self' });
      expect((await session.agent!.conversations.get(visitor.conversationId)).assignedAgentId).to.equal('agt_lead');

      const undo = await waitForShadow<HTMLButtonElement>(inbox, '[part="undo-button"]');
      const status = queryShadow(inbox, '[part="accept-status"]')!;
      expect(status.getAttribute('role')).to.equal('status');
      await expect(inbox).to.be.accessible();
      undo.click();
      await waitFor(() => transferred.events.length === 1, 'ringnity-conversation-transferred');
      expect(transferred.events[0]!.detail).to.deep.include({ conversationId: visitor.conversationId, departmentId: before, source: 'self' });
      const after = await session.agent!.conversations.get(visitor.conversationId);
      expect(after.assignedAgentId).to.equal(null);
      expect(after.departmentId).to.equal(before);
      await waitFor(() => !queryShadow(inbox, '[part="undo-button"]'), 'the undo button to go');
      await waitForShadow(inbox, '[part="action-button"][data-action="accept"]');
      expect(assigned.events).to.have.length(1);
    } finally {
      assigned.stop();
      transferred.stop();
    }
  });
});
