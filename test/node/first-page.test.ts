/**
 * Time to inbox: the first list page is asked for while the socket connects, not after it, and
 * nothing that changes in between is lost. Node with ws, against the real emulator.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket as NodeWebSocket } from 'ws';
import { RingnityAgent } from '../../src/sdk/agent.js';
import type { ConversationListSnapshot } from '../../src/sdk/stores/conversation-list.js';
import { DEP, setup } from './helpers.js';

globalThis.WebSocket ??= NodeWebSocket as unknown as typeof WebSocket;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const LIST = /\/api\/agent\/conversations\?/;

describe('time to inbox: the list and the socket side by side', () => {
  it('asks for the first page before the socket is up, uses that page, and keeps what changed before the socket came', async (t) => {
    const h = await setup(t);
    const visitor = await h.openVisitor({ name: 'Early Bird', departmentId: DEP.support, body: 'first words' });

    const order: string[] = [];
    let listAnswered!: () => void;
    const answered = new Promise<void>((resolve) => (listAnswered = resolve));
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (LIST.test(url)) order.push('list requested');
      const response = await realFetch(input, init);
      if (LIST.test(url)) listAnswered();
      return response;
    };
    t.after(() => {
      globalThis.fetch = realFetch;
    });
    // The agent's socket is let in once the list was answered (or after 3 s, the bound for a
    // client that waits for its socket before it lists), and a customer writes just before.
    h.emulator.io.use((_socket, next) => {
      void Promise.race([answered, sleep(3_000)]).then(async () => {
        order.push('socket let in');
        await h.call('POST', `/api/visitor/conversations/${visitor.conversationId}/messages`, { token: visitor.visitorToken, body: { body: 'while connecting' } });
        next();
      });
    });

    const agent = await RingnityAgent.create({ token: await h.mint('agent.one'), apiBaseUrl: h.url, connectTimeoutMs: 10_000 });
    t.after(() => agent.destroy());
    assert.deepEqual(order.slice(0, 2), ['list requested', 'socket let in']);

    const live = agent.conversations.live();
    const shown = await new Promise<ConversationListSnapshot>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the list never showed the message: ${JSON.stringify(live.getSnapshot()).slice(0, 400)}`)), 10_000);
      const off = live.subscribe((s) => {
        const row = s.conversations.find((c) => c.conversationId === visitor.conversationId);
        if (s.status !== 'ready' || row?.lastMessage?.preview !== 'while connecting') return;
        clearTimeout(timer);
        queueMicrotask(off);
        resolve(s);
      });
      t.after(off);
    });
    assert.equal(shown.conversations.filter((c) => c.conversationId === visitor.conversationId).length, 1);
    // The live list took the page fetched while connecting rather than asking again.
    assert.equal(order.filter((step) => step === 'list requested').length, 1);
  });
});
