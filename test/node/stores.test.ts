/**
 * The headless live stores, in Node with ws, against the real emulator: the live list under
 * remote changes and paging, optimistic sends that fail and are retried (stored once), read marks,
 * system messages as changes with their source, resync, and letting go of everything on the
 * last unsubscribe.
 */
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket as NodeWebSocket } from 'ws';
import { RingnityAgent } from '../../src/sdk/agent.js';
import { byActivity, type Conversation } from '../../src/protocol/index.js';
import type { Store } from '../../src/sdk/stores/store.js';
import { AGENT, DEP, conv, setup, type Harness } from './helpers.js';

globalThis.WebSocket ??= NodeWebSocket as unknown as typeof WebSocket;

/** Resolves with the first snapshot that passes `test`; fails after 10 s (a bound, not a timing assertion). */
function until<S extends object>(store: Store<S>, test: (s: S) => boolean, what: string): Promise<S> {
  return new Promise((resolve, reject) => {
    let off = () => {};
    const timer = setTimeout(() => {
      off();
      reject(new Error(`Timed out waiting for ${what}; last snapshot: ${JSON.stringify(store.getSnapshot()).slice(0, 600)}`));
    }, 10_000);
    const check = (s: S) => {
      if (!test(s)) return false;
      clearTimeout(timer);
      queueMicrotask(() => off());
      resolve(s);
      return true;
    };
    off = store.subscribe(check);
    check(store.getSnapshot());
  });
}

async function signIn(t: TestContext, h: Harness, username = 'agent.one'): Promise<RingnityAgent> {
  const agent = await RingnityAgent.create({ token: await h.mint(username), apiBaseUrl: h.url, connectTimeoutMs: 3_000 });
  t.after(() => agent.destroy());
  return agent;
}

/** A store that stays live for the whole test, as a mounted component keeps it. */
function keep<S extends object>(t: TestContext, store: Store<S>): S[] {
  const seen: S[] = [];
  t.after(store.subscribe((s) => seen.push(s)));
  return seen;
}

function visitorSays(h: Harness, session: { conversationId: string; visitorToken: string }, body: string) {
  return h.call('POST', `/api/visitor/conversations/${session.conversationId}/messages`, { token: session.visitorToken, body: { body } });
}

function assertSorted(list: readonly Conversation[]): void {
  for (let i = 1; i < list.length; i++) assert.ok(byActivity(list[i - 1]!, list[i]!) < 0, `row ${i} out of order`);
}

describe('stores: the live conversation list', () => {
  it('follows remote changes in the server order, with frozen snapshots that change identity only on change', async (t) => {
    const h = await setup(t);
    const agent = await signIn(t, h);
    const list = agent.conversations.live({ status: 'open', departmentId: DEP.support });
    keep(t, list);
    const ready = await until(list, (s) => s.status === 'ready', 'the first page');
    assert.ok(Object.isFrozen(ready) && Object.isFrozen(ready.conversations));
    assert.equal(list.getSnapshot(), list.getSnapshot(), 'the same snapshot while nothing changed');
    assertSorted(ready.conversations);

    const session = await h.openVisitor({ departmentId: DEP.support, body: 'My order is late' });
    let s = await until(list, (x) => x.conversations[0]?.conversationId === session.conversationId, 'the new conversation on top');
    assertSorted(s.conversations);

    // Another conversation moves up when its customer writes.
    const older = s.conversations.at(-1)!;
    const admin = h.as(await h.mint('admin.one'));
    assert.equal((await admin.post(`${conv(older.conversationId)}/messages`, { body: 'A note from the admin', note: true })).status, 201);
    s = await until(list, (x) => x.conversations[0]?.conversationId === older.conversationId, 'the busy conversation on top');
    assertSorted(s.conversations);
    assert.equal(new Set(s.conversations.map((c) => c.conversationId)).size, s.conversations.length, 'each conversation once');

    // Closed elsewhere: it leaves the open list.
    assert.equal((await admin.post(`${conv(session.conversationId)}/close`, { reason: 'Done' })).status, 200);
    await until(list, (x) => !x.conversations.some((c) => c.conversationId === session.conversationId), 'the closed conversation gone');
    const before = list.getSnapshot();
    await h.openVisitor({ departmentId: DEP.billing, body: 'Not for this view' });
    await until(agent.presence.store(), (p) => p.state === 'ready', 'a round trip');
    assert.equal(list.getSnapshot(), before, 'a conversation outside the filter changes nothing');
  });

  it('pages with cursors to exactly what the server lists', async (t) => {
    const h = await setup(t);
    const agent = await signIn(t, h, 'admin.one');
    const list = agent.conversations.live({ status: 'all', pageSize: 4 });
    keep(t, list);
    await until(list, (s) => s.status === 'ready', 'the first page');
    assert.equal(list.getSnapshot().conversations.length, 4);
    while (list.getSnapshot().hasMore) await list.loadMore();
    const everything = await agent.conversations.list({ status: 'all', limit: 100 });
    assert.equal(everything.nextCursor, null);
    assert.deepEqual(
      list.getSnapshot().conversations.map((c) => c.conversationId),
      everything.conversations.map((c) => c.conversationId),
    );
  });
});

describe('stores: the thread', () => {
  it('an optimistic send the server refuses stays failed, and its retry is stored once', async (t) => {
    const h = await setup(t);
    const agent = await signIn(t, h);
    const admin = h.as(await h.mint('admin.one'));
    // A Billing queue conversation: agent.one (Support) may not write to it, yet.
    const session = await h.openVisitor({ departmentId: DEP.billing, body: 'Card declined' });
    const thread = agent.conversations.thread(session.conversationId);
    keep(t, thread);

    const sending = thread.send('We are on it');
    const pending = thread.getSnapshot().pending;
    assert.equal(pending.length, 1);
    assert.equal(pending[0]!.state, 'sending', 'shown at once');
    assert.equal(await sending, null);
    const failed = thread.getSnapshot().pending[0]!;
    assert.equal(failed.state, 'failed');
    assert.equal(failed.error?.code, 'AGENT_SDK_CONVERSATION_NOT_FOUND');

    assert.equal((await admin.post(`${conv(session.conversationId)}/transfer`, { departmentId: DEP.support, reason: 'Support handles it' })).status, 200);
    const stored = await thread.retry(failed.clientMessageId);
    assert.equal(stored?.clientMessageId, failed.clientMessageId);
    const s = await until(thread, (x) => x.pending.length === 0 && x.messages.some((m) => m.messageId === stored!.messageId), 'the stored reply');
    assert.equal(s.messages.filter((m) => m.clientMessageId === failed.clientMessageId).length, 1);
    const onServer = await admin.get(`${conv(session.conversationId)}/messages`, { limit: 100 });
    assert.equal(onServer.body.messages.filter((m: { clientMessageId: string | null }) => m.clientMessageId === failed.clientMessageId).length, 1, 'stored once');
  });

  it('a send whose answer is lost on the way is sent again and stored once', async (t) => {
    const h = await setup(t);
    const agent = await signIn(t, h);
    const session = await h.openVisitor({ departmentId: DEP.support, body: 'Hello?' });
    const thread = agent.conversations.thread(session.conversationId);
    keep(t, thread);
    await until(thread, (s) => s.status === 'ready', 'the thread');
    const realFetch = globalThis.fetch;
    let dropped = 0;
    // The request reaches the server, the answer never comes back: a dropped connection.
    globalThis.fetch = async (input, init) => {
      const response = await realFetch(input, init);
      if (init?.method === 'POST' && String(input).endsWith('/messages') && dropped++ === 0) throw new TypeError('connection reset');
      return response;
    };
    t.after(() => (globalThis.fetch = realFetch));
    const stored = await thread.send('Yes, here');
    assert.ok(stored);
    assert.equal(dropped, 2, 'sent twice');
    const s = await until(thread, (x) => x.pending.length === 0, 'the send settled');
    assert.equal(s.messages.filter((m) => m.body === 'Yes, here').length, 1);
    const onServer = await h.as(await h.mint('admin.one')).get(`${conv(session.conversationId)}/messages`, { limit: 100 });
    assert.equal(onServer.body.messages.filter((m: { body: string }) => m.body === 'Yes, here').length, 1, 'stored once');
  });

  it('marks read up to the newest message, once', async (t) => {
    const h = await setup(t);
    const agent = await signIn(t, h);
    const session = await h.openVisitor({ departmentId: DEP.support, body: 'First' });
    const thread = agent.conversations.thread(session.conversationId);
    keep(t, thread);
    await visitorSays(h, session, 'Second');
    await until(thread, (x) => x.status === 'ready' && x.messages.length === 2 && x.conversation?.unreadCount === 2, 'two unread messages');
    await thread.markRead();
    const s = thread.getSnapshot();
    assert.equal(s.conversation?.unreadCount, 0);
    assert.equal(s.conversation?.lastReadMessageId, s.messages.at(-1)!.messageId);
    const realFetch = globalThis.fetch;
    let requests = 0;
    globalThis.fetch = (input, init) => (requests++, realFetch(input, init));
    t.after(() => (globalThis.fetch = realFetch));
    await thread.markRead();
    assert.equal(requests, 0, 'nothing to mark: no request');
    globalThis.fetch = realFetch;
    await visitorSays(h, session, 'Third');
    await until(thread, (x) => x.messages.length === 3 && x.conversation?.unreadCount === 1, 'the new message unread');
    await thread.markRead();
    assert.equal(thread.getSnapshot().conversation?.unreadCount, 0);
  });

  it('turns system messages into changes with their source, and shows the customer typing', async (t) => {
    const h = await setup(t);
    const agent = await signIn(t, h);
    const admin = h.as(await h.mint('admin.one'));
    const session = await h.openVisitor({ body: 'No department yet' });
    const thread = agent.conversations.thread(session.conversationId);
    keep(t, thread);
    await until(thread, (s) => s.status === 'ready', 'the thread');

    const visitor = await h.connectVisitor(session.visitorToken);
    visitor.socket.emit('visitor.typing', { is: true });
    await until(thread, (s) => s.typing.some((by) => by.type === 'customer'), 'the customer typing');
    await visitorSays(h, session, 'Still there?');
    await until(thread, (s) => s.typing.length === 0, 'typing ended by the message');

    assert.equal((await admin.post(`${conv(session.conversationId)}/transfer`, { departmentId: DEP.support, reason: 'Support' })).status, 200);
    assert.equal((await admin.post(`${conv(session.conversationId)}/assign`, { assignedAgentId: AGENT.one, reason: 'Yours' })).status, 200);
    await agent.conversations.close(session.conversationId, { reason: 'Solved' });
    const s = await until(thread, (x) => x.changes.length === 3, 'three changes');
    assert.deepEqual(
      s.changes.map((c) => [c.type, c.source, c.reason]),
      [
        ['transferred', 'remote', 'Support'],
        ['assigned', 'remote', 'Yours'],
        ['closed', 'self', 'Solved'],
      ],
    );
    assert.equal(s.changes[1]!.type === 'assigned' && s.changes[1]!.assignedAgentId, AGENT.one);
    await until(thread, (x) => x.conversation?.status === 'closed', 'the conversation closed');
  });
});

describe('stores: removals made elsewhere', () => {
  it('shows the tombstone of an attachment another agent removed', async (t) => {
    const h = await setup(t);
    const agent = await signIn(t, h);
    const thread = agent.conversations.thread('cnv_assigned1');
    keep(t, thread);
    const s = await until(thread, (x) => x.status === 'ready', 'the thread');
    const target = s.messages.find((m) => m.attachments.length > 0);
    assert.ok(target, 'the demo conversation carries an attachment');
    const admin = h.as(await h.mint('admin.one'));
    assert.equal((await admin.del(`${conv('cnv_assigned1')}/messages/${target.messageId}/attachments`, { reason: 'Asked by the customer' })).status, 200);
    const after = await until(thread, (x) => x.messages.some((m) => m.messageId === target.messageId && m.deleted !== null), 'the tombstone');
    const message = after.messages.find((m) => m.messageId === target.messageId)!;
    assert.deepEqual(message.attachments, []);
    assert.equal(message.deleted?.reason, 'Asked by the customer');
  });
});

describe('stores: resync and release', () => {
  it('reloads every store on resync', async (t) => {
    const h = await setup(t);
    const agent = await signIn(t, h);
    const session = await h.openVisitor({ departmentId: DEP.support, body: 'Before' });
    const list = agent.conversations.live({ departmentId: DEP.support });
    const thread = agent.conversations.thread(session.conversationId);
    const presence = agent.presence.store();
    const lists = keep(t, list);
    const threads = keep(t, thread);
    const presences = keep(t, presence);
    await until(list, (s) => s.status === 'ready', 'the list');
    await until(thread, (s) => s.status === 'ready', 'the thread');
    await until(presence, (s) => s.state === 'ready', 'the presence');
    const marks = [lists.length, threads.length, presences.length];

    // Plays a server restart: a new stream, then the connection drops; the client must resync.
    (h.emulator.store.hub as { streamId: string }).streamId = 'restarted-stream';
    assert.ok(h.emulator.dropAgentSockets(AGENT.one) > 0);
    await until(list, () => lists.slice(marks[0]).some((s) => s.status === 'loading'), 'the list reloading');
    await until(list, (s) => s.status === 'ready', 'the list again');
    await until(thread, () => threads.slice(marks[1]).some((s) => s.status === 'loading'), 'the thread reloading');
    await until(thread, (s) => s.status === 'ready', 'the thread again');
    await until(presence, () => presences.slice(marks[2]).some((s) => s.state === 'loading'), 'the presence reloading');
    await until(presence, (s) => s.state === 'ready', 'the presence again');
    assert.ok(list.getSnapshot().conversations.some((c) => c.conversationId === session.conversationId));
  });

  it('the last unsubscribe aborts requests in flight and leaves no listener or timer', async (t) => {
    const h = await setup(t);
    const agent = await signIn(t, h);
    const session = await h.openVisitor({ departmentId: DEP.support, body: 'Hi' });
    // The first list takes the page fetched while the socket connected (no request of its own):
    // one comes and goes first, so that the list below asks, and its abort can be seen.
    const early = agent.conversations.live();
    await new Promise<void>((resolve) => {
      const off = early.subscribe((s) => s.status === 'ready' && (queueMicrotask(off), resolve()));
    });
    const events = (agent as unknown as { realtime: { events: { listeners: Map<string, Set<unknown>> } } }).realtime.events.listeners;
    const count = () => [...events.values()].reduce((n, set) => n + set.size, 0);
    const baseline = count();

    const realFetch = globalThis.fetch;
    const signals: AbortSignal[] = [];
    globalThis.fetch = (input, init) => {
      if (init?.signal) signals.push(init.signal);
      return realFetch(input, init);
    };
    t.after(() => (globalThis.fetch = realFetch));

    const list = agent.conversations.live();
    const thread = agent.conversations.thread(session.conversationId);
    const presence = agent.presence.store();
    const calls = agent.calls.store();
    const offs = [list, thread, presence, calls].flatMap((store) => [store.subscribe(() => {}), store.subscribe(() => {})]);
    assert.ok(count() > baseline);
    assert.ok(signals.length >= 4, 'requests went out');
    assert.equal(agent.conversations.thread(session.conversationId), thread, 'a live thread is shared');
    thread.typed(true);
    for (const off of offs) off();
    assert.notEqual(agent.conversations.thread(session.conversationId), thread, 'a released thread is not kept');
    assert.ok(
      signals.every((s) => s.aborted),
      'every request in flight aborted',
    );
    assert.equal(count(), baseline, 'no realtime listener left');
    assert.equal((thread as unknown as { agentIdle: unknown }).agentIdle, undefined, 'no typing timer left');
    for (const store of [list, thread]) assert.equal(store.getSnapshot().status, 'idle');
    assert.equal(presence.getSnapshot().state, 'idle');

    // A store comes back to life with a fresh load.
    keep(t, list);
    await until(list, (s) => s.status === 'ready' && s.conversations.length > 0, 'the list again');
  });
});
