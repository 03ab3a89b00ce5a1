/**
 * What bench/shift found the inbox keeping over a long shift: each test repeats the action that
 * leaked a bounded number of times and counts what is left, so it fails on the leak itself, not on
 * timing.
 */
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../../src/elements/define.js';
import type { RingnityInbox } from '../../../src/elements/define.js';
import type { Conversation, RingnitySession } from '../../../src/index.js';
import { sendVisitorMessage, startVisitorConversation } from '../helpers/emulator.js';
import { waitFor } from '../helpers/wait.js';
import { queryAllShadow, queryShadow, testSession, uniqueName, waitForShadow } from './helpers.js';

async function mountInbox(session: RingnitySession, height: number): Promise<RingnityInbox> {
  const inbox = await fixture<RingnityInbox>(html`<ringnity-inbox style="display:block; height: ${height}px; width: 1000px" .session=${session}></ringnity-inbox>`);
  await waitForShadow(inbox, '[role="option"]');
  return inbox;
}

/** Lit's empty marker comments directly inside `container`: two per rendered item, no more. */
const markers = (container: Element) => [...container.childNodes].filter((node) => node.nodeType === Node.COMMENT_NODE && (node as Comment).data === '').length;

/** Opens a conversation and waits until its thread shows `marker`. */
async function open(inbox: RingnityInbox, conversationId: string, marker: string): Promise<void> {
  inbox.conversationId = conversationId;
  await waitFor(() => queryAllShadow(inbox, '[part~="message"]').some((m) => m.textContent!.includes(marker)), `the thread showing ${marker}`);
}

describe('<ringnity-inbox> over a long shift', () => {
  let session: RingnitySession;

  beforeEach(async () => {
    session = await testSession('lead.one');
  });

  afterEach(() => {
    fixtureCleanup();
    session.close();
  });

  it('keeps no markers of rows that left the list window', async () => {
    // A short inbox, so that its window holds a few of the tenant's open conversations.
    const inbox = await mountInbox(session, 240);
    const agent = session.agent!;
    const spacer = queryShadow(inbox, '.list-spacer')!;
    const rows = () => queryAllShadow(inbox, '[role="option"]').length;
    let open: readonly Conversation[] = (await agent.conversations.list({ status: 'open', limit: 50 })).conversations;
    expect(open.length).to.be.greaterThan(rows() + 2);
    // A note on the oldest conversation lifts it into the window and pushes a row out of it.
    for (let i = 0; i < 12; i++) {
      const oldest = open.at(-1)!;
      await agent.conversations.reply(oldest.conversationId, { body: `Lift ${i}`, note: true });
      await waitFor(() => queryShadow(inbox, '[role="option"] [part="row-preview"]')?.textContent?.includes(`Lift ${i}`), `note ${i} at the top`);
      open = (await agent.conversations.list({ status: 'open', limit: 50 })).conversations;
    }
    expect(markers(spacer)).to.be.at.most(2 * rows());
  });

  it('keeps no markers of the messages of conversations it left', async () => {
    const inbox = await mountInbox(session, 640);
    const threads = await Promise.all(
      ['A', 'B'].map(async (letter) => {
        const name = uniqueName(`Thread ${letter}`);
        const visitor = await startVisitorConversation({ name, body: `[${letter}] first` });
        for (let i = 0; i < 4; i++) await sendVisitorMessage(visitor, `[${letter}] more ${i}`);
        return { id: visitor.conversationId, marker: `[${letter}]` };
      }),
    );
    for (let i = 0; i < 6; i++) await open(inbox, threads[i % 2]!.id, threads[i % 2]!.marker);
    const list = queryShadow(inbox, '.message-list')!;
    const shown = list.querySelectorAll(':scope > li').length;
    expect(shown).to.be.greaterThan(0);
    expect(markers(list)).to.be.at.most(2 * shown);
  });

  it('stops watching the messages of conversations it left', async () => {
    // Counts the elements each IntersectionObserver still watches; the read tracker's is the one.
    const watched = new Map<IntersectionObserver, Set<Element>>();
    const proto = IntersectionObserver.prototype;
    const { observe, unobserve, disconnect } = proto;
    proto.observe = function (this: IntersectionObserver, target: Element) {
      if (!watched.has(this)) watched.set(this, new Set());
      watched.get(this)!.add(target);
      observe.call(this, target);
    };
    proto.unobserve = function (this: IntersectionObserver, target: Element) {
      watched.get(this)?.delete(target);
      unobserve.call(this, target);
    };
    proto.disconnect = function (this: IntersectionObserver) {
      watched.delete(this);
      disconnect.call(this);
    };
    try {
      const inbox = await mountInbox(session, 640);
      const threads = await Promise.all(
        ['C', 'D', 'E'].map(async (letter) => {
          const visitor = await startVisitorConversation({ name: uniqueName(`Reader ${letter}`), body: `[${letter}] first` });
          for (let i = 0; i < 3; i++) await sendVisitorMessage(visitor, `[${letter}] more ${i}`);
          return { id: visitor.conversationId, marker: `[${letter}]` };
        }),
      );
      for (const thread of [...threads, ...threads]) await open(inbox, thread.id, thread.marker);
      const gone = [...watched.values()].flatMap((targets) => [...targets]).filter((target) => !target.isConnected);
      expect(gone.length, 'elements no longer in the page but still watched').to.equal(0);
    } finally {
      Object.assign(proto, { observe, unobserve, disconnect });
    }
  });
});
