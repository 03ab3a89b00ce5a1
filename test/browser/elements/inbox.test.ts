import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/elements/define.js';
import type { RingnityInbox } from '../../../src/elements/define.js';
import type { RingnitySession } from '../../../src/index.js';
import { dropAgentSockets, sendVisitorMessage, startVisitorConversation } from '../helpers/emulator.js';
import { spyOnFetch } from '../helpers/fetch-spy.js';
import { waitFor } from '../helpers/wait.js';
import { queryAllShadow, queryShadow, recordEvents, rowOf, shadow, testSession, uniqueName, visitorSocket, visitorThread, waitForShadow } from './helpers.js';

/** Mounts an inbox for the session, big enough to show a thread, and waits for its list. */
async function mountInbox(session: RingnitySession, attributes: { pageSize?: number } = {}): Promise<RingnityInbox> {
  const inbox = await fixture<RingnityInbox>(
    html`<ringnity-inbox style="display:block; height: 640px; width: 1000px" .session=${session} .pageSize=${attributes.pageSize ?? 50}></ringnity-inbox>`,
  );
  await waitForShadow(inbox, '[role="listbox"]');
  return inbox;
}

async function openConversation(inbox: RingnityInbox, customer: string): Promise<void> {
  const row = await waitFor(() => rowOf(inbox, customer), `the row of ${customer}`);
  row.click();
  await waitForShadow(inbox, '[part~="customer-name"]', (el) => el.textContent === customer, `the thread of ${customer}`);
  await waitFor(() => !queryShadow(inbox, '.load-older[role="status"]'), 'the messages to load');
}

const draft = (inbox: RingnityInbox) => queryShadow<HTMLTextAreaElement>(inbox, '#draft')!;

/** Types into the composer with real key presses. */
async function typeInComposer(inbox: RingnityInbox, text: string): Promise<void> {
  draft(inbox).focus();
  await sendKeys({ type: text });
}

const messageBodies = (inbox: RingnityInbox, selector = '[part~="message"]') =>
  queryAllShadow(inbox, selector).map((m) => m.querySelector('[part="message-body"]')?.textContent ?? '');

describe('<ringnity-inbox>', () => {
  let session: RingnitySession;

  beforeEach(async () => {
    session = await testSession('lead.one');
  });

  afterEach(() => {
    fixtureCleanup();
    session.close();
  });

  describe('conversation list', () => {
    it('shows each conversation with customer, preview, time, unread count and assignee', async () => {
      const name = uniqueName('Row Customer');
      await startVisitorConversation({ name, body: 'My order never arrived' });
      const inbox = await mountInbox(session);
      const row = await waitFor(() => rowOf(inbox, name), 'the new row');
      expect(row.querySelector('[part="row-preview"]')!.textContent).to.equal('My order never arrived');
      expect(row.querySelector('[part="row-unread-count"] [aria-hidden]')!.textContent).to.equal('1');
      expect(row.querySelector('[part="row-assignee"]')!.textContent).to.equal('Unassigned');
      expect(row.querySelector('time')!.getAttribute('datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
      expect(row.textContent!.replace(/\s+/g, ' ')).to.contain(name).and.to.contain('1 unread');
      // Newest activity first.
      expect(row.getAttribute('aria-posinset')).to.equal('1');
    });

    it('switches between the open, closed and per-department views', async () => {
      const agent = session.agent!;
      const inbox = await mountInbox(session);
      const names = () => queryAllShadow(inbox, '[role="option"] .row-customer').map((el) => el.textContent);
      const expectView = async (options: { status: 'open' | 'closed'; departmentId?: string }) => {
        const page = await agent.conversations.list({ ...options, limit: 5 });
        const expected = page.conversations.map((c) => c.customer.name);
        await waitFor(() => JSON.stringify(names().slice(0, expected.length)) === JSON.stringify(expected), `the ${JSON.stringify(options)} view`);
      };
      await expectView({ status: 'open' });

      queryAllShadow<HTMLButtonElement>(inbox, '[part="view-button"]')[1]!.click();
      await waitFor(() => inbox.view === 'closed', 'the closed view');
      await expectView({ status: 'closed' });
      expect(queryAllShadow(inbox, '[role="option"] .row-assignee').every((el) => el.textContent!.includes('Closed'))).to.equal(true);

      const departments = await waitForShadow<HTMLSelectElement>(inbox, '[part="department-select"]');
      inbox.view = 'open';
      departments.value = 'dep_billing';
      departments.dispatchEvent(new Event('change'));
      await expectView({ status: 'open', departmentId: 'dep_billing' });
    });

    it('loads more conversations as the list scrolls to its end', async () => {
      const inbox = await mountInbox(session, { pageSize: 10 });
      const list = queryShadow(inbox, '[role="listbox"]')!;
      const maxPosition = () => Math.max(...queryAllShadow(inbox, '[role="option"]').map((row) => Number(row.getAttribute('aria-posinset'))));
      for (let i = 0; i < 5 && maxPosition() <= 20; i++) {
        list.scrollTop = list.scrollHeight;
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      await waitFor(() => maxPosition() > 20, 'more pages');
    });

    it('moves through the rows with the arrow keys and opens one with Enter', async () => {
      const inbox = await mountInbox(session);
      const rows = () => queryAllShadow(inbox, '[role="option"]');
      await waitFor(() => rows().length > 3, 'rows');
      const tabbable = rows().filter((row) => row.tabIndex === 0);
      expect(tabbable).to.have.length(1);
      tabbable[0]!.focus();
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'ArrowDown' });
      await waitFor(() => (shadow(inbox).activeElement as HTMLElement | null)?.dataset.index === '2', 'focus on the third row');
      await sendKeys({ press: 'ArrowUp' });
      await waitFor(() => (shadow(inbox).activeElement as HTMLElement | null)?.dataset.index === '1', 'focus on the second row');
      const selects = recordEvents('ringnity-conversation-select');
      try {
        await sendKeys({ press: 'Enter' });
        await waitFor(() => selects.events.length === 1, 'the selection');
        const focused = shadow(inbox).activeElement as HTMLElement;
        expect(focused.getAttribute('aria-selected')).to.equal('true');
        expect(selects.events[0]!.detail.conversation.customer.name).to.equal(focused.querySelector('.row-customer')!.textContent);
      } finally {
        selects.stop();
      }
      await sendKeys({ press: 'End' });
      await waitFor(() => (shadow(inbox).activeElement as HTMLElement | null)?.getAttribute('role') === 'option', 'focus on a row');
      expect(Number((shadow(inbox).activeElement as HTMLElement).dataset.index)).to.be.greaterThan(3);
    });
  });

  describe('live updates', () => {
    it('moves a conversation up and shows the new message, typing and unread count as the visitor writes', async () => {
      const name = uniqueName('Live Customer');
      const visitor = await startVisitorConversation({ name, body: 'First question' });
      const inbox = await mountInbox(session);
      await openConversation(inbox, name);
      const received = recordEvents('ringnity-message-received');
      const customer = await visitorSocket(visitor);
      try {
        customer.typing(true);
        await waitForShadow(inbox, '[part="typing"]', (el) => el.textContent === `${name} is typing…`);
        await sendVisitorMessage(visitor, 'Second question');
        await waitFor(() => messageBodies(inbox, '[part~="message-customer"]').includes('Second question'), 'the live message');
        expect(queryShadow(inbox, '[part="typing"]')!.textContent).to.equal('');
        await waitFor(() => received.events.some((e) => e.detail.message.body === 'Second question'), 'ringnity-message-received');
        const live = queryShadow(inbox, '[aria-live="polite"][aria-atomic="true"]')!;
        expect(live.textContent).to.contain(`New message from ${name}: Second question`);
        const row = await waitFor(() => rowOf(inbox, name), 'the row');
        await waitFor(() => row.querySelector('[part="row-preview"]')!.textContent === 'Second question', 'the row preview');
        expect(row.getAttribute('aria-posinset')).to.equal('1');
      } finally {
        customer.close();
        received.stop();
      }
    });

    it('tells the customer that the agent is typing, with chat.typing', async () => {
      const name = uniqueName('Typing Customer');
      const visitor = await startVisitorConversation({ name, body: 'Hello?' });
      const inbox = await mountInbox(session);
      await openConversation(inbox, name);
      const customer = await visitorSocket(visitor);
      try {
        await typeInComposer(inbox, 'Let me check');
        await waitFor(() => customer.received.some((e) => e.name === 'chat.typing.started'), 'typing started at the customer');
      } finally {
        customer.close();
      }
    });

    it('marks the conversation read once the agent has seen the new messages', async () => {
      const name = uniqueName('Unread Customer');
      const visitor = await startVisitorConversation({ name, body: 'One' });
      await sendVisitorMessage(visitor, 'Two');
      const agent = session.agent!;
      expect((await agent.conversations.get(visitor.conversationId)).unreadCount).to.equal(2);
      const inbox = await mountInbox(session);
      await openConversation(inbox, name);
      let unread = 2;
      await waitFor(() => {
        void agent.conversations.get(visitor.conversationId).then(
          (c) => (unread = c.unreadCount),
          () => {},
        );
        return unread === 0;
      }, 'the server to count the messages read');
      await waitFor(() => !rowOf(inbox, name)?.querySelector('[part="row-unread-count"]'), 'the unread badge to go');
    });

    it('reloads the list and the open thread when the stream resyncs (events lost for good)', async () => {
      const known = await startVisitorConversation({ name: uniqueName('Before'), body: 'Before the gap' });
      const inbox = await mountInbox(session);
      inbox.conversationId = known.conversationId;
      await waitFor(() => messageBodies(inbox).includes('Before the gap'), 'the open thread');
      let resyncs = 0;
      const off = session.agent!.on('resync', () => resyncs++);
      // The server's log no longer reaches back: the SDK must resync rather than catch up.
      const expired = spyOnFetch(async (request, forward) =>
        request.url.includes('/api/agent/events')
          ? new Response(JSON.stringify({ error: { code: 'AGENT_SDK_EVENTS_EXPIRED', message: 'after: too old', status: 410 } }), {
              status: 410,
              headers: { 'Content-Type': 'application/json' },
            })
          : forward(),
      );
      try {
        expect(await dropAgentSockets('agt_lead')).to.be.greaterThan(0);
        // Both happen while the agent has no socket: only a reload can show them.
        await startVisitorConversation({ name: uniqueName('Meanwhile'), body: 'Created in the gap' });
        await sendVisitorMessage(known, 'Written in the gap');
        await waitFor(() => resyncs > 0, 'the resync');
        await waitFor(() => queryAllShadow(inbox, '[role="option"]').find((r) => r.textContent?.includes('Created in the gap')), 'the new conversation in the list');
        await waitFor(() => messageBodies(inbox).includes('Written in the gap'), 'the missed message in the open thread');
      } finally {
        off();
        expired.restore();
      }
    });
  });

  describe('composer', () => {
    it('sends with Enter, keeps Shift+Enter as a new line, and shows the reply at once', async () => {
      const name = uniqueName('Enter Customer');
      const visitor = await startVisitorConversation({ name, body: 'Can you help?' });
      const inbox = await mountInbox(session);
      await openConversation(inbox, name);
      const sent = recordEvents('ringnity-message-sent');
      try {
        await typeInComposer(inbox, 'Sure,');
        await sendKeys({ down: 'Shift' });
        await sendKeys({ press: 'Enter' });
        await sendKeys({ up: 'Shift' });
        await sendKeys({ type: 'one moment' });
        expect(draft(inbox).value).to.equal('Sure,\none moment');
        await sendKeys({ press: 'Enter' });
        // Optimistic: on screen before the server answers.
        expect(messageBodies(inbox, '[part~="message-reply"]')).to.include('Sure,\none moment');
        expect(draft(inbox).value).to.equal('');
        await waitFor(() => sent.events.length === 1, 'ringnity-message-sent');
        await waitFor(() => !queryShadow(inbox, '[part~="message-pending"]'), 'the pending state to clear');
        const thread = await visitorThread(visitor);
        expect(thread.filter((m) => m.body === 'Sure,\none moment')).to.have.length(1);
      } finally {
        sent.stop();
      }
    });

    it('shows a failed send, and retries it without sending it twice', async () => {
      const name = uniqueName('Retry Customer');
      const visitor = await startVisitorConversation({ name, body: 'Hello' });
      const inbox = await mountInbox(session);
      await openConversation(inbox, name);
      let failNext = true;
      const network = spyOnFetch(async (request, forward) => {
        if (request.method === 'POST' && request.url.endsWith(`/conversations/${visitor.conversationId}/messages`) && failNext) {
          failNext = false;
          return new Response('upstream unavailable', { status: 503 });
        }
        return forward();
      });
      const errors = recordEvents('ringnity-error');
      try {
        await typeInComposer(inbox, 'This will fail once');
        await sendKeys({ press: 'Enter' });
        const failed = await waitForShadow(inbox, '[part~="message-failed"]');
        expect(failed.querySelector('[part="message-state"]')!.textContent).to.contain('Not sent');
        await waitFor(() => errors.events.some((e) => e.detail.action === 'conversations.reply'), 'ringnity-error');
        expect(await visitorThread(visitor)).to.have.length(1);

        failed.querySelector<HTMLButtonElement>('[part="retry-send-button"]')!.click();
        await waitFor(() => !queryShadow(inbox, '[part~="message-failed"], [part~="message-pending"]'), 'the retry to succeed');
        const bodies = (await visitorThread(visitor)).map((m) => m.body);
        expect(bodies.filter((body) => body === 'This will fail once')).to.have.length(1);
        const posts = network.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/messages'));
        expect(posts).to.have.length(2);
        expect(JSON.parse(posts[0]!.body!).clientMessageId).to.equal(JSON.parse(posts[1]!.body!).clientMessageId);
      } finally {
        network.restore();
        errors.stop();
      }
    });

    it('keeps internal notes visibly apart and away from the customer', async () => {
      const name = uniqueName('Note Customer');
      const visitor = await startVisitorConversation({ name, body: 'Question' });
      const inbox = await mountInbox(session);
      await openConversation(inbox, name);
      const customer = await visitorSocket(visitor);
      try {
        const [, noteMode] = queryAllShadow<HTMLButtonElement>(inbox, '[part="mode-button"]');
        noteMode!.click();
        await waitFor(() => noteMode!.getAttribute('aria-pressed') === 'true', 'note mode');
        expect(queryShadow(inbox, '[part="composer"]')!.classList.contains('note')).to.equal(true);
        await typeInComposer(inbox, 'Customer is on the legacy plan');
        await sendKeys({ press: 'Enter' });
        const note = await waitForShadow(inbox, '[part~="message-note"][data-message-id]');
        expect(note.querySelector('[part="note-badge"]')!.textContent).to.contain('Internal note');
        expect(getComputedStyle(note).borderStyle).to.equal('dashed');
        expect(getComputedStyle(note).backgroundColor).not.to.equal('rgba(0, 0, 0, 0)');

        // A reply afterwards does reach the customer, which proves the socket was listening.
        const [replyMode] = queryAllShadow<HTMLButtonElement>(inbox, '[part="mode-button"]');
        replyMode!.click();
        await typeInComposer(inbox, 'We are on it');
        await sendKeys({ press: 'Enter' });
        await waitFor(() => customer.received.some((e) => e.data.message?.body === 'We are on it'), 'the reply at the customer');
        expect(customer.received.some((e) => e.data.message?.body === 'Customer is on the legacy plan')).to.equal(false);
        const thread = await visitorThread(visitor);
        expect(thread.map((m) => m.body))
          .to.include('We are on it')
          .and.not.to.include('Customer is on the legacy plan');
        expect(thread.some((m) => m.kind === 'note')).to.equal(false);
      } finally {
        customer.close();
      }
    });

    it('lets the page veto a send with ringnity-before-send', async () => {
      const name = uniqueName('Veto Send Customer');
      await startVisitorConversation({ name, body: 'Hi' });
      const inbox = await mountInbox(session);
      await openConversation(inbox, name);
      const network = spyOnFetch();
      const veto = (event: Event) => event.preventDefault();
      document.addEventListener('ringnity-before-send', veto);
      try {
        await typeInComposer(inbox, 'Contains a card number 4111');
        await sendKeys({ press: 'Enter' });
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(network.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/messages'))).to.have.length(0);
        expect(draft(inbox).value).to.equal('Contains a card number 4111');
        expect(queryShadow(inbox, '[part~="message-pending"]')).to.equal(null);
      } finally {
        document.removeEventListener('ringnity-before-send', veto);
        network.restore();
      }
    });
  });

  describe('actions', () => {
    /** Opens an action's dialog, fills it and confirms; accept takes one click, with no dialog. */
    async function act(inbox: RingnityInbox, action: string, fields: { target?: string; reason?: string }): Promise<void> {
      const button = await waitForShadow<HTMLButtonElement>(inbox, `[part="action-button"][data-action="${action}"]`);
      button.click();
      if (action === 'accept') return;
      const dialog = await waitForShadow<HTMLElement>(inbox, '[part="dialog"]');
      if (fields.target) {
        const select = dialog.querySelector<HTMLSelectElement>('select')!;
        select.value = fields.target;
      }
      if (fields.reason !== undefined) dialog.querySelector<HTMLTextAreaElement>('textarea')!.value = fields.reason;
      dialog.querySelector<HTMLButtonElement>('[part="dialog-confirm"]')!.click();
    }

    it('accepts, transfers and closes with reasons, and tells the page', async () => {
      const name = uniqueName('Action Customer');
      const visitor = await startVisitorConversation({ name, body: 'Please route me' });
      const inbox = await mountInbox(session);
      await openConversation(inbox, name);
      const assigned = recordEvents('ringnity-conversation-assigned');
      const transferred = recordEvents('ringnity-conversation-transferred');
      const closed = recordEvents('ringnity-conversation-closed');
      try {
        await act(inbox, 'accept', {});
        await waitFor(() => assigned.events.length === 1, 'ringnity-conversation-assigned');
        expect(assigned.events[0]!.detail).to.deep.include({ conversationId: visitor.conversationId, assignedAgentId: 'agt_lead', source: 'self' });
        await waitForShadow(inbox, '[part~="message-system"]', (el) => el.textContent!.includes('You accepted the conversation'));

        await act(inbox, 'transfer', { target: 'dep_billing', reason: 'Billing question' });
        await waitFor(() => transferred.events.length === 1, 'ringnity-conversation-transferred');
        expect(transferred.events[0]!.detail).to.deep.include({ departmentId: 'dep_billing', reason: 'Billing question', source: 'self' });
        await waitForShadow(inbox, '[part="conversation-meta"]', (el) => el.textContent!.includes('Billing'));

        // The API requires a reason to close: the dialog does not submit without one.
        await act(inbox, 'close', { reason: '' });
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(closed.events).to.have.length(0);
        const dialog = queryShadow<HTMLElement>(inbox, '[part="dialog"]')!;
        dialog.querySelector('textarea')!.value = 'Resolved on the phone';
        dialog.querySelector<HTMLButtonElement>('[part="dialog-confirm"]')!.click();
        await waitFor(() => closed.events.length === 1, 'ringnity-conversation-closed');
        expect(closed.events[0]!.detail.reason).to.equal('Resolved on the phone');
        await waitForShadow(inbox, '[part="composer-disabled"]', (el) => el.textContent === 'This conversation is closed.');
        expect((await session.agent!.conversations.get(visitor.conversationId)).status).to.equal('closed');
      } finally {
        assigned.stop();
        transferred.stop();
        closed.stop();
      }
    });

    it('shows an API refusal of an accept and emits ringnity-error', async () => {
      const name = uniqueName('Taken Customer');
      const visitor = await startVisitorConversation({ name, body: 'Who takes me?' });
      const inbox = await mountInbox(session);
      await openConversation(inbox, name);
      // Another agent takes it a moment before this one clicks.
      const network = spyOnFetch(async (request, forward) => {
        if (request.url.endsWith(`/conversations/${visitor.conversationId}/accept`)) {
          const body = { error: { code: 'AGENT_SDK_CONVERSATION_ALREADY_ASSIGNED', message: 'already assigned', status: 409 } };
          return new Response(JSON.stringify(body), { status: 409, headers: { 'Content-Type': 'application/json' } });
        }
        return forward();
      });
      const errors = recordEvents('ringnity-error');
      try {
        await act(inbox, 'accept', {});
        const message = await waitForShadow(inbox, '[part="action-error"]');
        expect(message.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Another agent already took this conversation. Dismiss');
        expect(message.getAttribute('role')).to.equal('alert');
        expect(errors.events.at(-1)!.detail).to.deep.include({ action: 'conversations.accept' });
        expect(errors.events.at(-1)!.detail.error.code).to.equal('AGENT_SDK_CONVERSATION_ALREADY_ASSIGNED');
      } finally {
        network.restore();
        errors.stop();
      }
    });

    it('lets the page veto closing with ringnity-before-close', async () => {
      const name = uniqueName('Veto Close Customer');
      const visitor = await startVisitorConversation({ name, body: 'Do not close me' });
      const inbox = await mountInbox(session);
      await openConversation(inbox, name);
      const vetoed: CustomEvent[] = [];
      const veto = (event: HTMLElementEventMap['ringnity-before-close']) => {
        vetoed.push(event);
        event.preventDefault();
      };
      document.addEventListener('ringnity-before-close', veto);
      try {
        await act(inbox, 'close', { reason: 'Done' });
        await waitFor(() => vetoed.length === 1, 'ringnity-before-close');
        expect(vetoed[0]!.cancelable).to.equal(true);
        expect(vetoed[0]!.detail).to.deep.equal({ conversationId: visitor.conversationId, reason: 'Done' });
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect((await session.agent!.conversations.get(visitor.conversationId)).status).to.equal('open');
      } finally {
        document.removeEventListener('ringnity-before-close', veto);
      }
    });

    it('deletes an attachment only after a reason and a confirmation, leaving a tombstone', async () => {
      const inbox = await mountInbox(session);
      inbox.conversationId = 'cnv_g008';
      const deleteButton = await waitForShadow<HTMLButtonElement>(inbox, '[part~="delete-attachment-button"]');
      expect(deleteButton.getAttribute('aria-label')).to.equal('Delete attachment photo-8.png');
      deleteButton.click();
      const dialog = await waitForShadow<HTMLElement>(inbox, '[part="dialog"]');
      expect(dialog.textContent).to.contain('photo-8.png').and.to.contain('cannot be undone');
      dialog.querySelector<HTMLButtonElement>('[part="dialog-cancel"]')!.click();
      await waitFor(() => !queryShadow(inbox, '[part="dialog"]'), 'the dialog to close');
      expect(queryShadow(inbox, '[part="tombstone"]')).to.equal(null);

      const deleted = recordEvents('ringnity-attachment-deleted');
      try {
        deleteButton.click();
        const again = await waitForShadow<HTMLElement>(inbox, '[part="dialog"]');
        again.querySelector('textarea')!.value = 'Contains a passport photo';
        again.querySelector<HTMLButtonElement>('[part="dialog-confirm"]')!.click();
        const tombstone = await waitForShadow(inbox, '[part="tombstone"]');
        expect(tombstone.textContent).to.contain('Attachment removed by You: Contains a passport photo');
        expect(deleted.events[0]!.detail.reason).to.equal('Contains a passport photo');
        expect(queryShadow(inbox, '[part~="delete-attachment-button"]')).to.equal(null);
      } finally {
        deleted.stop();
      }
    });
  });

  describe('scopes and safety', () => {
    it('hides what a read-only token cannot do, so nothing fails on click', async () => {
      const readOnly = await testSession('lead.one', ['agent:profile:read', 'agent:presence:read', 'agent:conversations:read', 'agent:messages:read']);
      try {
        const inbox = await mountInbox(readOnly);
        inbox.conversationId = 'cnv_g015';
        await waitForShadow(inbox, '[part~="attachment"]');
        expect(queryShadow(inbox, '[part="composer"]')).to.equal(null);
        expect(queryShadow(inbox, '[part="composer-disabled"]')!.textContent).to.equal('Replying is not available with this sign-in.');
        expect(queryShadow(inbox, '[part="actions"]')).to.equal(null);
        expect(queryShadow(inbox, '[part~="delete-attachment-button"]')).to.equal(null);
      } finally {
        readOnly.close();
      }
    });

    it('offers only what the rules allow an agent on a conversation they do not own', async () => {
      const agentSession = await testSession('agent.one');
      try {
        const inbox = await mountInbox(agentSession);
        const name = uniqueName('Queue Customer');
        await startVisitorConversation({ name, departmentId: 'dep_support', body: 'In the queue' });
        await openConversation(inbox, name);
        const actions = queryAllShadow(inbox, '[part="action-button"]').map((b) => b.dataset.action);
        expect(actions).to.have.members(['accept', 'transfer']);
        // An agent may answer a conversation waiting in their queue, as the guide's flow does.
        expect(queryShadow(inbox, '[part="composer"]')).to.not.equal(null);
        expect(queryShadow(inbox, '[part="composer-disabled"]')).to.equal(null);
      } finally {
        agentSession.close();
      }
    });

    it('renders names and bodies as text, never as markup', async () => {
      const xss = '<img src=x onerror=alert(1)>';
      const visitor = await startVisitorConversation({ name: xss, body: xss });
      await sendVisitorMessage(visitor, `${xss}<script>alert(2)</script>`);
      const alerts: unknown[] = [];
      const originalAlert = window.alert;
      window.alert = (message?: unknown) => void alerts.push(message);
      try {
        const inbox = await mountInbox(session);
        inbox.conversationId = visitor.conversationId;
        await waitFor(() => messageBodies(inbox).includes(`${xss}<script>alert(2)</script>`), 'the messages');
        expect(queryShadow(inbox, '[part~="customer-name"]')!.textContent).to.equal(xss);
        expect(messageBodies(inbox)).to.include(xss);
        expect(rowOf(inbox, xss)).not.to.equal(null);
        expect(queryAllShadow(inbox, 'img, script')).to.have.length(0);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(alerts).to.deep.equal([]);
      } finally {
        window.alert = originalAlert;
      }
    });

    it('shows hostile Unicode isolated, with bidi overrides and embeddings neutralised', async () => {
      const spoof = '\u202egnp.exe';
      const name = `${uniqueName('Bidi')} ${spoof}`;
      const visitor = await startVisitorConversation({ name, body: `Invoice \u202Bfor\u202C ${spoof} \u2067x\u2069` });
      await sendVisitorMessage(visitor, `Open ${spoof} \u202Dnow\u202C \u2066please\u2069`);
      const inbox = await mountInbox(session);
      const row = await waitFor(() => queryAllShadow(inbox, '[role="option"]').find((r) => r.textContent?.includes(name.slice(0, 10))), 'the row');
      inbox.conversationId = visitor.conversationId;
      await waitFor(() => messageBodies(inbox).some((body) => body.includes('now')), 'the messages');

      const controls = /[\u202A-\u202E\u2066-\u2069]/;
      const root = shadow(inbox);
      expect(controls.test(root.textContent ?? ''), 'no bidi control is rendered').to.equal(false);
      expect(controls.test(queryShadow(inbox, '[part~="thread-pane"]')!.getAttribute('aria-label') ?? ''), 'nor put in a label').to.equal(false);
      // Every piece of untrusted text sits in an isolated element of its own.
      const isolated = (node: Node) => {
        const element = node.parentElement!;
        return element.localName === 'bdi' || getComputedStyle(element).unicodeBidi === 'isolate';
      };
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const spoofed: Node[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.textContent?.includes('gnp.exe')) spoofed.push(node);
      expect(spoofed.length, 'name in the row and the header, subject, preview, bodies').to.be.greaterThan(4);
      for (const node of spoofed) expect(isolated(node), `"${node.textContent}" in <${node.parentElement!.localName}> is isolated`).to.equal(true);
      expect(row.querySelector('[part="row-customer"]')!.textContent).to.equal(name.replace(controls, ''));
    });
  });

  describe('thread', () => {
    it('loads older messages on scroll up and keeps its place when messages arrive', async () => {
      const name = uniqueName('Long Customer');
      const visitor = await startVisitorConversation({ name, body: 'Message 1' });
      for (let i = 2; i <= 45; i++) await sendVisitorMessage(visitor, `Message ${i}`);
      const inbox = await mountInbox(session);
      await openConversation(inbox, name);
      const scroller = queryShadow(inbox, '[part="messages"]')!;
      await waitFor(() => messageBodies(inbox).includes('Message 45'), 'the newest page');
      expect(messageBodies(inbox)).not.to.include('Message 1');
      expect(scroller.scrollTop + scroller.clientHeight).to.be.closeTo(scroller.scrollHeight, 2);

      const anchor = queryAllShadow(inbox, '[part~="message-customer"]')[0]!;
      scroller.scrollTop = 0;
      await waitFor(() => messageBodies(inbox).includes('Message 1'), 'the older messages');
      // The message that was at the top is still where the agent left it.
      const top = anchor.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
      expect(Math.abs(top)).to.be.lessThan(150);

      // Scrolled up: a new message does not move the view, and a button offers to jump.
      const before = scroller.scrollTop;
      await sendVisitorMessage(visitor, 'Message 46');
      await waitFor(() => messageBodies(inbox).includes('Message 46'), 'the new message');
      expect(scroller.scrollTop).to.equal(before);
      const jump = await waitForShadow<HTMLButtonElement>(inbox, '[part="new-messages-button"]');
      jump.click();
      await waitFor(() => Math.abs(scroller.scrollTop + scroller.clientHeight - scroller.scrollHeight) < 2, 'the jump to the bottom');
    });

    it('passes the accessibility check in the dark theme and with an action dialog open', async () => {
      const name = uniqueName('Dark Customer');
      await startVisitorConversation({ name, body: 'Dark mode?' });
      const inbox = await mountInbox(session);
      inbox.setAttribute('theme', 'dark');
      await openConversation(inbox, name);
      expect(getComputedStyle(queryShadow(inbox, '[part="base"]')!).backgroundColor).to.equal('rgb(22, 25, 29)');
      await expect(inbox).to.be.accessible();
      queryShadow<HTMLButtonElement>(inbox, '[part="action-button"][data-action="transfer"]')!.click();
      const dialog = await waitForShadow<HTMLElement>(inbox, '[part="dialog"]');
      // Focus moves into the dialog, on its first field.
      expect(shadow(inbox).activeElement).to.equal(dialog.querySelector('select'));
      await expect(inbox).to.be.accessible();
    });

    it('shows replaced labels', async () => {
      const inbox = await fixture<RingnityInbox>(
        html`<ringnity-inbox style="display:block; height: 500px" .session=${session} .labels=${{ viewOpen: 'Offen', viewClosed: 'Geschlossen', selectPrompt: 'Wähle ein Gespräch.' }}></ringnity-inbox>`,
      );
      await waitForShadow(inbox, '[part="view-button"]');
      expect(queryAllShadow(inbox, '[part="view-button"]').map((b) => b.textContent!.trim())).to.deep.equal(['Offen', 'Geschlossen']);
      expect(queryShadow(inbox, '[part="empty"]')!.textContent).to.equal('Wähle ein Gespräch.');
    });

    it('passes the accessibility check with a conversation open', async () => {
      const name = uniqueName('A11y Customer');
      await startVisitorConversation({ name, body: 'Accessible?' });
      const inbox = await mountInbox(session);
      await openConversation(inbox, name);
      await expect(inbox).to.be.accessible();
    });
  });
});
