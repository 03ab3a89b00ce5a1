/**
 * The one-frame message contract and the bounded event log, over real sockets against the real
 * emulator: a message carries each agent's list row (so no `conversation.updated` follows it),
 * scope-limited tokens get the form they may read, the SDK still hands the row to
 * `conversation.updated` listeners and the live list, and events past the log's retention answer
 * 410 and make the SDK resync.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket as NodeWebSocket } from 'ws';
import { RingnityAgent } from '../../src/sdk/agent.js';
import type { Store } from '../../src/sdk/stores/store.js';
import type { AnyRealtimeEnvelope, RealtimeEnvelope } from '../../src/protocol/index.js';
import { AGENT, DEP, about, assertError, conv, setup, type AgentSocket, type Harness } from './helpers.js';

globalThis.WebSocket ??= NodeWebSocket as unknown as typeof WebSocket;

const visitorSays = (h: Harness, session: { conversationId: string; visitorToken: string }, body: string) =>
  h.call('POST', `/api/visitor/conversations/${session.conversationId}/messages`, { token: session.visitorToken, body: { body } });

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

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.ok(condition(), `timed out waiting for ${what}`);
}

/** The durable events a socket received, checked to form one unbroken prevSeq chain from its connect. */
function chained(s: AgentSocket): AnyRealtimeEnvelope[] {
  const events = s.envelopes().filter((e) => !e.ephemeral);
  let previous = s.reply.lastSeq;
  for (const e of events) {
    assert.equal(e.prevSeq, previous, `${e.type} #${e.seq} should point back to ${previous}`);
    previous = e.seq;
  }
  return events;
}

describe('realtime: a message is one frame', () => {
  it('a customer message reaches each agent as one event carrying that agent’s own list row', async (t) => {
    const h = await setup(t);
    const one = await h.connectAgent(await h.mint('agent.one'));
    const lead = await h.connectAgent(await h.mint('lead.one'));
    const session = await h.openVisitor({ departmentId: DEP.support, body: 'First line' });
    const first = (await h.as(await h.mint('agent.one')).get(`${conv(session.conversationId)}/messages`)).body.messages.at(-1);
    assert.equal((await h.as(await h.mint('agent.one')).post(`${conv(session.conversationId)}/read`, { messageId: first.messageId })).status, 200);
    await h.barrier(one, lead);
    const marks = [one.mark, lead.mark];

    const sent = await visitorSays(h, session, 'Second line');
    assert.equal(sent.status, 201);
    await h.barrier(one, lead);

    for (const [index, [socket, unread]] of (
      [
        [one, 1],
        [lead, 2],
      ] as const
    ).entries()) {
      const frames = socket.events.slice(marks[index]).filter(about(session.conversationId));
      assert.deepEqual(
        frames.map((e) => e.name),
        ['chat.message.created'],
        'one frame: no conversation.updated after the message',
      );
      const { data } = frames[0]!.payload;
      assert.equal(data.message.messageId, sent.body.messageId);
      assert.equal(data.conversation.conversationId, session.conversationId);
      assert.equal(data.conversation.lastMessage.messageId, sent.body.messageId);
      assert.equal(data.conversation.lastMessage.preview, 'Second line');
      assert.equal(data.conversation.unreadCount, unread, 'the row is the recipient’s: agent.one read the first line');
      assert.equal(data.conversation.lastReadMessageId, index === 0 ? first.messageId : null);
    }
    chained(one);
    chained(lead);
    // The catch-up answers the same single event, with the same row.
    const live = one.events.slice(marks[0]).find(about(session.conversationId))!.payload;
    const caught = await h.as(await h.mint('agent.one')).get('/api/agent/events', { after: live.prevSeq });
    assert.deepEqual(caught.body.events[0], live);
  });

  it('scope-limited tokens get what they may read: the row alone as conversation.updated, or the message alone', async (t) => {
    const h = await setup(t);
    const listsOnly = await h.mint('agent.one', ['agent:conversations:read']);
    const messagesOnly = await h.mint('agent.one', ['agent:messages:read']);
    const lists = await h.connectAgent(listsOnly);
    const messages = await h.connectAgent(messagesOnly);
    const session = await h.openVisitor({ departmentId: DEP.support, body: 'Hello' });
    const sent = await visitorSays(h, session, 'Anyone there?');
    assert.equal(sent.status, 201);

    const row = await lists.waitFor((e) => e.name === 'conversation.updated' && e.payload.data.conversation.lastMessage?.messageId === sent.body.messageId);
    assert.equal(row.payload.data.change, 'message');
    assert.equal(row.payload.data.visible, true);
    const message = await messages.waitFor((e) => e.name === 'chat.message.created' && e.payload.data.message.messageId === sent.body.messageId);
    assert.equal(row.payload.seq, message.payload.seq, 'one event, two forms');
    assert.equal(message.payload.data.conversation, undefined, 'no list row without agent:conversations:read');
    assert.ok(lists.events.every((e) => !e.name.startsWith('chat.')));
    assert.ok(messages.events.every((e) => e.name !== 'conversation.updated'));

    for (const [socket, token] of [
      [lists, listsOnly],
      [messages, messagesOnly],
    ] as const) {
      const live = chained(socket);
      const caught = await h.as(token).get('/api/agent/events', { after: 0 });
      assert.deepEqual(
        caught.body.events.map((e: AnyRealtimeEnvelope) => [e.type, e.seq, e.prevSeq, JSON.stringify(e.data)]),
        live.map((e) => [e.type, e.seq, e.prevSeq, JSON.stringify(e.data)]),
        'the catch-up replays the very forms the socket got',
      );
    }
  });

  it('the SDK hands the row to conversation.updated listeners under the message’s seq, and the live list moves', async (t) => {
    const h = await setup(t);
    const agent = await RingnityAgent.create({ token: await h.mint('agent.one'), apiBaseUrl: h.url, connectTimeoutMs: 3_000 });
    t.after(() => agent.destroy());
    const session = await h.openVisitor({ departmentId: DEP.support, body: 'Order 1' });
    const list = agent.conversations.live({ departmentId: DEP.support });
    t.after(list.subscribe(() => {}));
    await until(list, (s) => s.conversations[0]?.conversationId === session.conversationId, 'the new conversation');

    const messageSeqs: number[] = [];
    const updates: Array<RealtimeEnvelope<'conversation.updated'>> = [];
    t.after(agent.conversations.onMessage((m, envelope) => m.conversationId === session.conversationId && messageSeqs.push(envelope.seq)));
    t.after(agent.conversations.onUpdate((update, envelope) => update.conversation.conversationId === session.conversationId && updates.push(envelope)));
    const sent = await visitorSays(h, session, 'Where is my parcel?');
    assert.equal(sent.status, 201);
    const s = await until(list, (x) => x.conversations[0]?.lastMessage?.messageId === sent.body.messageId, 'the row with the new message');
    assert.equal(s.conversations[0]!.unreadCount, 2);
    assert.equal(s.conversations[0]!.lastMessage!.preview, 'Where is my parcel?');
    await waitFor(() => updates.length === 1, 'the update');
    assert.equal(updates[0]!.data.change, 'message');
    assert.equal(updates[0]!.seq, messageSeqs[0], 'the update is the message event itself, not another event');
  });
});

describe('realtime: the event log is bounded', () => {
  it('keeps at most maxEvents; a catch-up from before them is 410, one inside them chains as the live socket did', async (t) => {
    const h = await setup(t, { eventRetention: { maxEvents: 20 } });
    const one = await h.connectAgent(await h.mint('agent.one'));
    const session = await h.openVisitor({ departmentId: DEP.support, body: 'Start' });
    for (let i = 0; i < 30; i++) assert.equal((await visitorSays(h, session, `Line ${i}`)).status, 201);
    await h.barrier(one);
    assert.ok(h.emulator.store.hub.retained.events <= 20);
    const live = chained(one);
    const token = await h.mint('agent.one');
    assertError(await h.as(token).get('/api/agent/events', { after: 0 }), 410, 'AGENT_SDK_EVENTS_EXPIRED', 'after');
    const from = h.emulator.store.hub.oldestReplayable;
    const caught = await h.as(token).get('/api/agent/events', { after: from });
    assert.equal(caught.status, 200);
    assert.deepEqual(
      caught.body.events.map((e: AnyRealtimeEnvelope) => [e.seq, e.prevSeq]),
      live.filter((e) => e.seq > from).map((e) => [e.seq, e.prevSeq]),
      'the first retained event still points at the one before it, dropped or not',
    );
  });

  it('keeps at most maxBytes of event data, however many events that is', async (t) => {
    const h = await setup(t, { eventRetention: { maxBytes: 40_000 } });
    const session = await h.openVisitor({ departmentId: DEP.support, body: 'Start' });
    for (let i = 0; i < 40; i++) assert.equal((await visitorSays(h, session, `${i} ${'x'.repeat(1_000)}`)).status, 201);
    const { events, bytes } = h.emulator.store.hub.retained;
    assert.ok(bytes <= 40_000, `${bytes} bytes retained`);
    assert.ok(events < 40, `${events} events retained`);
  });

  it('an SDK that was away longer than the log reaches resyncs and reloads its list', async (t) => {
    const h = await setup(t, { eventRetention: { maxEvents: 20 } });
    const agent = await RingnityAgent.create({ token: await h.mint('agent.one'), apiBaseUrl: h.url, connectTimeoutMs: 3_000 });
    t.after(() => agent.destroy());
    let resyncs = 0;
    agent.on('resync', () => resyncs++);
    const list = agent.conversations.live({ departmentId: DEP.support });
    const seen: Array<{ status: string }> = [];
    t.after(list.subscribe((s) => seen.push(s)));
    await until(list, (s) => s.status === 'ready', 'the list');
    const mark = seen.length;

    // The socket drops, and before it is back more happens than the log keeps.
    assert.ok(h.emulator.dropAgentSockets(AGENT.one) > 0);
    for (let i = 0; i < 50; i++) h.emulator.store.setPresence(AGENT.three, i % 2 ? 'online' : 'busy');
    await waitFor(() => resyncs === 1, 'a resync');
    await until(list, () => seen.slice(mark).some((s) => s.status === 'loading'), 'the list reloading');
    await until(list, (s) => s.status === 'ready', 'the list again');
  });
});
