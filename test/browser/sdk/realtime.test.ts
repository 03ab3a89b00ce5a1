import { expect } from '@open-wc/testing';
import { RingnityAgent, type ConnectionState, type Message } from '../../../src/index.js';
import { dropAgentSockets, emulatorUrl, mintAgentToken, sendVisitorMessage, startVisitorConversation } from '../helpers/emulator.js';
import { spyOnFetch } from '../helpers/fetch-spy.js';
import { waitFor } from '../helpers/wait.js';

// agent.three (Support) is used by this file alone, so dropping its sockets disturbs no other test.
describe('realtime delivery', () => {
  let agent: RingnityAgent;

  beforeEach(async () => {
    const { token } = await mintAgentToken('agent.three');
    agent = await RingnityAgent.create({ token, apiBaseUrl: emulatorUrl });
  });

  afterEach(() => agent.destroy());

  it("delivers a visitor's message to onMessage", async () => {
    const visitor = await startVisitorConversation({ departmentId: 'dep_support', body: 'Hello?' });
    const received: Message[] = [];
    agent.conversations.onMessage((message) => {
      if (message.conversationId === visitor.conversationId) received.push(message);
    });

    const sent = await sendVisitorMessage(visitor, 'Is anyone there?');

    const delivered = await waitFor(() => received.find((m) => m.messageId === sent.messageId), 'the message to arrive');
    // The visitor API answers the customer's shape; the agent gets the full message.
    const { author, ...common } = sent;
    expect(delivered).to.deep.include(common);
    expect(delivered.author).to.deep.include(author);
    expect(delivered.author.id).to.equal(visitor.visitorId);
    expect(delivered.kind).to.equal('customer');
    expect(received.filter((m) => m.messageId === sent.messageId)).to.have.length(1);
  });

  it('catches up after a dropped socket with no gap and no duplicate', async () => {
    const visitor = await startVisitorConversation({ departmentId: 'dep_support', body: 'Opening' });
    const received: Array<{ messageId: string; seq: number }> = [];
    agent.conversations.onMessage((message, envelope) => {
      if (message.conversationId === visitor.conversationId) received.push({ messageId: message.messageId, seq: envelope.seq });
    });
    const states: ConnectionState[] = [];
    agent.connection.onChange((state) => states.push(state));

    const sentIds: string[] = [];
    const before = await sendVisitorMessage(visitor, 'Before the drop');
    sentIds.push(before.messageId);
    await waitFor(() => received.length === 1, 'the first message');

    const fetches = spyOnFetch();
    try {
      expect(await dropAgentSockets(agent.id)).to.be.greaterThan(0);
      // The server no longer holds a socket for this agent: these can only arrive by catching up.
      for (const body of ['While away 1', 'While away 2', 'While away 3']) {
        sentIds.push((await sendVisitorMessage(visitor, body)).messageId);
      }
      await waitFor(() => received.length >= 4, 'the missed messages');
      await waitFor(() => agent.connection.state === 'connected', 'the reconnection');

      const after = await sendVisitorMessage(visitor, 'After the reconnect');
      sentIds.push(after.messageId);
      await waitFor(() => received.length >= 5, 'the live message after reconnecting');

      expect(states).to.include('reconnecting');
      expect(fetches.requests.some((r) => r.url.includes('/api/agent/events?after='))).to.equal(true);
    } finally {
      fetches.restore();
    }

    // The last message came live after everything else, so any duplicate of an earlier one
    // would already have been delivered (or dropped) before it.
    expect(received.map((r) => r.messageId)).to.deep.equal(sentIds);
    for (let i = 1; i < received.length; i++) expect(received[i]!.seq).to.be.greaterThan(received[i - 1]!.seq);
  });
});
