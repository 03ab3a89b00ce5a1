import { expect } from '@open-wc/testing';
import { RingnityAgent, type ConnectionState, type Message } from '../../../src/index.js';
import { dropAgentSockets, emulatorUrl, mintAgentToken, sendVisitorMessage, startVisitorConversation } from '../helpers/emulator.js';
import { spyOnFetch } from '../helpers/fetch-spy.js';
import { waitFor } from '../helpers/wait.js';

/**
 * A page that may not open WebSockets (a proxy that refuses the upgrade looks the same to the
 * client): the agent socket falls back to HTTP long-polling, cross-origin, in Chromium.
 * agent.one's events are shared with other files, so only this file's conversation is counted.
 */
describe('socket over long-polling', () => {
  const original = window.WebSocket;
  const attempts: string[] = [];

  beforeEach(() => {
    window.WebSocket = class {
      constructor(url: string | URL) {
        attempts.push(String(url));
        throw new DOMException('WebSockets are blocked for this test', 'SecurityError');
      }
    } as unknown as typeof WebSocket;
  });

  afterEach(() => {
    window.WebSocket = original;
  });

  it('connects, receives realtime messages, and catches up after the server drops it', async () => {
    const fetches = spyOnFetch();
    const { token } = await mintAgentToken('agent.one');
    const agent = await RingnityAgent.create({ token, apiBaseUrl: emulatorUrl });
    try {
      expect(agent.connection.state).to.equal('connected');
      expect(attempts.some((url) => url.includes('/socket.io/?EIO=4&transport=websocket'))).to.equal(true);
      expect(fetches.requests.some((r) => r.url.includes('/socket.io/?EIO=4&transport=polling'))).to.equal(true);

      const visitor = await startVisitorConversation({ departmentId: 'dep_support', body: 'Polling, opening' });
      const received: Message[] = [];
      agent.conversations.onMessage((message) => {
        if (message.conversationId === visitor.conversationId) received.push(message);
      });
      const states: ConnectionState[] = [];
      agent.connection.onChange((state) => states.push(state));

      const live = await sendVisitorMessage(visitor, 'Over long-polling');
      await waitFor(() => received.some((m) => m.messageId === live.messageId), 'the live message');

      expect(await dropAgentSockets(agent.id)).to.be.greaterThan(0);
      const missed = await sendVisitorMessage(visitor, 'While the socket was away');
      await waitFor(() => agent.connection.state === 'connected' && received.some((m) => m.messageId === missed.messageId), 'the missed message');
      expect(states).to.include('reconnecting');
      // The opening message may arrive too (it raced the listener); these two arrive once each, in order.
      const ours = received.map((m) => m.messageId).filter((id) => id === live.messageId || id === missed.messageId);
      expect(ours).to.deep.equal([live.messageId, missed.messageId]);
    } finally {
      agent.destroy();
      fetches.restore();
    }
  });
});
