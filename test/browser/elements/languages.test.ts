import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { executeServerCommand, sendKeys, setViewport } from '@web/test-runner-commands';
import '../../../src/elements/define.js';
import type { RingnityCallPopup, RingnityInbox, RingnityPresence } from '../../../src/elements/define.js';
import type { RingnitySession } from '../../../src/index.js';
import { startVisitorConversation } from '../helpers/emulator.js';
import { waitFor } from '../helpers/wait.js';
import { queryAllShadow, queryShadow, rowOf, testSession, uniqueName, visitorThread, waitForShadow } from './helpers.js';

/** Mounts an inbox for the session, wide enough for both columns, and waits for its list. */
async function mountInbox(session: RingnitySession, labels: Record<string, string> = {}): Promise<RingnityInbox> {
  const inbox = await fixture<RingnityInbox>(html`<ringnity-inbox style="display:block; height: 640px; width: 1000px" .session=${session} .labels=${labels}></ringnity-inbox>`);
  await waitForShadow(inbox, '[role="listbox"]');
  return inbox;
}

async function openConversation(inbox: RingnityInbox, customer: string): Promise<void> {
  const row = await waitFor(() => rowOf(inbox, customer), `the row of ${customer}`);
  row.click();
  await waitForShadow(inbox, '[part~="customer-name"]', (el) => el.textContent === customer, `the thread of ${customer}`);
  await waitFor(() => !queryShadow(inbox, '.load-older[role="status"]'), 'the messages to load');
}

const viewButtons = (inbox: Element) => queryAllShadow(inbox, '[part="view-button"]').map((b) => b.textContent!.trim());

/** What the inbox shows for a time, the way Intl writes it in `locale`. */
function expectedShortTime(iso: string, locale: string): string {
  const date = new Date(iso);
  const now = new Date();
  const today = date.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(locale, today ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric' }).format(date);
}

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('languages and writing direction', () => {
  let session: RingnitySession;

  beforeEach(async () => {
    session = await testSession('lead.one');
  });

  afterEach(() => {
    fixtureCleanup();
    session.close();
    document.documentElement.removeAttribute('lang');
    document.documentElement.removeAttribute('dir');
  });

  describe('German', () => {
    it('speaks German in the inbox on a page with lang="de", with dates, plurals and sizes written the German way', async () => {
      document.documentElement.lang = 'de';
      const name = uniqueName('Kundin');
      await startVisitorConversation({ name, body: 'Wo ist meine Bestellung?' });
      const inbox = await mountInbox(session);
      expect(viewButtons(inbox)).to.deep.equal(['Offen', 'Geschlossen']);
      expect(text(queryShadow(inbox, '[part="empty"]'))).to.equal('Wählen Sie eine Unterhaltung aus, um sie zu lesen.');
      const row = await waitFor(() => rowOf(inbox, name), 'the new row');
      expect(text(row.querySelector('[part="row-assignee"]'))).to.equal('Nicht zugewiesen');
      expect(text(row.querySelector('[part="row-unread-count"] .visually-hidden'))).to.equal('1 ungelesene Nachricht');

      // Every row's time, and its full date in the title, as Intl writes them for German.
      const times = queryAllShadow(inbox, '[part="row-time"]');
      expect(times.length).to.be.greaterThan(3);
      for (const time of times) {
        const iso = time.getAttribute('datetime')!;
        expect(time.textContent).to.equal(expectedShortTime(iso, 'de'));
        expect(time.getAttribute('title')).to.equal(new Intl.DateTimeFormat('de', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)));
      }
      // Today's time has the 24-hour clock; the English one a day period.
      expect(rowOf(inbox, name)!.querySelector('time')!.textContent).to.match(/^\d\d:\d\d$/);

      // The thread half (loaded later) speaks German too.
      await openConversation(inbox, name);
      expect(text(queryShadow(inbox, '[part="send-button"]'))).to.equal('Senden');
      expect(queryShadow<HTMLTextAreaElement>(inbox, '#draft')!.placeholder).to.equal(`Antwort an ${name}…`);
      expect(text(queryShadow(inbox, '[part="composer-hint"]'))).to.equal('Eingabe zum Senden, Umschalt+Eingabe für eine neue Zeile');
      const messageTime = queryShadow(inbox, '[part="message-time"]')!;
      expect(messageTime.textContent).to.equal(expectedShortTime(messageTime.getAttribute('datetime')!, 'de'));
      await expect(inbox).to.be.accessible();
    });

    it('speaks German in the presence picker of a German part of the page', async () => {
      const presence = await fixture<RingnityPresence>(html`<div lang="de-AT"><ringnity-presence .session=${session}></ringnity-presence></div>`).then((wrapper) =>
        wrapper.querySelector('ringnity-presence')!,
      );
      const picker = await waitForShadow<HTMLSelectElement>(presence, 'select');
      expect([...picker.options].map((o) => o.textContent)).to.deep.equal(['Online', 'Beschäftigt', 'Offline']);
      expect(queryShadow(presence, 'label')!.textContent).to.equal('Status');
    });

    it('switches language at run time when a lang attribute up the tree changes, across shadow roots', async () => {
      // The presence sits inside another component's shadow root; the lang is on that component's ancestor.
      const outer = await fixture<HTMLDivElement>(html`<div lang="en"><div class="host"></div></div>`);
      const host = outer.querySelector('.host')!;
      const root = host.attachShadow({ mode: 'open' });
      const presence = document.createElement('ringnity-presence') as RingnityPresence;
      presence.session = session;
      root.append(presence);
      // Moved in the page, the element follows its session again and shows "loading" a moment.
      const options = () => [...(queryShadow<HTMLSelectElement>(presence, 'select')?.options ?? [])].map((o) => o.textContent);
      await waitFor(() => options().includes('Busy'), 'English');

      outer.lang = 'de-DE';
      await waitFor(() => options().includes('Beschäftigt'), 'German after the ancestor changed');

      // The nearest lang wins: one inside the shadow root.
      const inner = document.createElement('div');
      inner.lang = 'en-GB';
      root.append(inner);
      inner.append(presence);
      await waitFor(() => options().includes('Busy'), 'English from the nearer lang');
    });

    it('switches the inbox and its dates with the page, and keeps the labels property on top', async () => {
      const inbox = await mountInbox(session, { viewOpen: 'Meine' });
      expect(viewButtons(inbox)).to.deep.equal(['Meine', 'Closed']);
      const firstTime = () => queryShadow(inbox, '[part="row-time"]')!;
      await waitFor(() => firstTime(), 'a row');

      document.documentElement.lang = 'de';
      await waitFor(() => viewButtons(inbox)[1] === 'Geschlossen', 'German');
      expect(viewButtons(inbox)[0]).to.equal('Meine');
      expect(firstTime().textContent).to.equal(expectedShortTime(firstTime().getAttribute('datetime')!, 'de'));

      document.documentElement.lang = 'fr';
      await waitFor(() => viewButtons(inbox)[1] === 'Closed', 'English for a language not shipped');
      // Dates follow the page's language even where the words cannot.
      expect(firstTime().textContent).to.equal(expectedShortTime(firstTime().getAttribute('datetime')!, 'fr'));
    });
  });

  describe('right to left', () => {
    it('mirrors the inbox on a dir="rtl" page, keeps the composer working, and passes the accessibility check', async () => {
      // Room for the whole inbox, so that the screenshot shows all of it.
      await setViewport({ width: 1040, height: 700 });
      document.documentElement.dir = 'rtl';
      document.documentElement.lang = 'ar';
      const name = uniqueName('RTL Customer');
      const visitor = await startVisitorConversation({ name, body: 'مرحبا، أين طلبي؟' });
      const inbox = await mountInbox(session);
      await openConversation(inbox, name);

      // The list column is on the right, the thread on its left.
      const listPane = queryShadow(inbox, '[part="list-pane"]')!.getBoundingClientRect();
      const threadPane = queryShadow(inbox, '[part="thread-pane"]')!.getBoundingClientRect();
      expect(listPane.left).to.be.greaterThan(threadPane.left);
      expect(inbox.getBoundingClientRect().right - listPane.right).to.be.lessThan(3);
      // The selected row's bar is on its start side, the right.
      const selected = queryShadow(inbox, '[part~="row-selected"]')!;
      expect(getComputedStyle(selected).borderRightWidth).to.equal('3px');
      expect(getComputedStyle(selected).borderLeftWidth).to.equal('0px');

      // Type with real keys; Enter sends; the caret follows the text.
      const draft = queryShadow<HTMLTextAreaElement>(inbox, '#draft')!;
      expect(getComputedStyle(draft).direction).to.equal('rtl');
      draft.focus();
      await sendKeys({ type: 'Sure, one moment' });
      expect(draft.value).to.equal('Sure, one moment');
      expect(draft.selectionStart).to.equal(draft.value.length);
      await sendKeys({ press: 'Enter' });
      await waitFor(() => !queryShadow(inbox, '[part~="message-pending"]') && queryShadow(inbox, '[part~="message-reply"]'), 'the reply');
      await waitFor(async () => (await visitorThread(visitor)).some((m) => m.body === 'Sure, one moment'), 'the reply at the customer');
      expect(draft.value).to.equal('');

      // The agent's own message sits on the left, the customer's on the right.
      const messages = queryShadow(inbox, '[part="messages"]')!.getBoundingClientRect();
      const own = queryShadow(inbox, '[part~="message-reply"]')!.getBoundingClientRect();
      const customer = queryShadow(inbox, '[part~="message-customer"]')!.getBoundingClientRect();
      expect(own.left - messages.left).to.be.lessThan(40);
      expect(messages.right - customer.right).to.be.lessThan(40);
      expect(customer.left).to.be.greaterThan(own.left);

      const box = inbox.getBoundingClientRect();
      await executeServerCommand('save-screenshot', { name: 'inbox-rtl', clip: { x: box.x, y: box.y, width: box.width, height: box.height } });
      await expect(inbox).to.be.accessible();

      // Narrow, the thread has a back button: its arrow points right, to the list; the note's lock
      // and the paperclip have no reading direction and are not turned.
      inbox.style.width = '500px';
      const arrow = await waitForShadow(inbox, '.back-arrow', (el) => el.getBoundingClientRect().width > 0, 'the back button');
      expect(getComputedStyle(arrow).transform).to.equal('matrix(-1, 0, 0, 1, 0, 0)');
      document.documentElement.dir = 'ltr';
      expect(getComputedStyle(arrow).transform).to.equal('none');
    });

    it('puts the call popup in the bottom left corner of a right-to-left page', async () => {
      document.documentElement.dir = 'rtl';
      const popup = await fixture<RingnityCallPopup>(html`<ringnity-call-popup availability="manual"></ringnity-call-popup>`);
      expect(popup.getBoundingClientRect().left).to.equal(16);
      document.documentElement.dir = 'ltr';
      expect(popup.getBoundingClientRect().right).to.equal(document.documentElement.clientWidth - 16);
    });
  });
});
