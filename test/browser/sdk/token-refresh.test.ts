import { expect } from '@open-wc/testing';
import { RingnityAgent, type ConnectionState, type Message, type RingnityError } from '../../../src/index.js';
import { emulatorUrl, mintAgentToken, sendVisitorMessage, startVisitorConversation, tokenExpiry } from '../helpers/emulator.js';
import { spyOnFetch } from '../helpers/fetch-spy.js';
import { waitFor } from '../helpers/wait.js';

// agent.two (Billing) belongs to this file.
describe('token refresh', () => {
  it('fetches a new token before the old one expires and keeps REST and realtime working', async () => {
    const issued: Array<{ requestedAt: number; expiresAt: number }> = [];
    const getToken = async () => {
      const requestedAt = Date.now();
      const { token } = await mintAgentToken('agent.two', { expiresIn: 4 });
      issued.push({ requestedAt, expiresAt: tokenExpiry(token) });
      return token;
    };

    const agent = await RingnityAgent.create({ getToken, apiBaseUrl: emulatorUrl });
    const errors: RingnityError[] = [];
    agent.on('error', (error) => errors.push(error));
    const states: ConnectionState[] = [];
    agent.connection.onChange((state) => states.push(state));
    const statuses: number[] = [];
    const fetches = spyOnFetch(async (_request, forward) => {
      const response = await forward();
      statuses.push(response.status);
      return response;
    });

    try {
      const first = issued[0]!;
      await waitFor(() => issued.length >= 2, 'a second getToken call');
      expect(issued[1]!.requestedAt).to.be.below(first.expiresAt * 1000);

      // Past the first token's expiry, everything still works on the refreshed one.
      await waitFor(() => Date.now() > first.expiresAt * 1000 + 500, 'the first token to expire');
      const profile = await agent.profile.get();
      expect(profile.agent.id).to.equal('agt_two');

      const visitor = await startVisitorConversation({ departmentId: 'dep_billing', body: 'Billing question' });
      const received: Message[] = [];
      agent.conversations.onMessage((message) => {
        if (message.conversationId === visitor.conversationId) received.push(message);
      });
      const sent = await sendVisitorMessage(visitor, 'Still there after the refresh?');
      await waitFor(() => received.some((m) => m.messageId === sent.messageId), 'a realtime message on the refreshed session');

      expect(errors).to.deep.equal([]);
      // The socket was re-authenticated ahead of expiry, never dropped or told its session expired.
      expect(states).to.deep.equal([]);
      expect(agent.connection.state).to.equal('connected');
      // No request ever went out with an expired token.
      expect(statuses.length).to.be.greaterThan(0);
      expect(statuses.filter((status) => status === 401)).to.deep.equal([]);
    } finally {
      fetches.restore();
      agent.destroy();
    }
  });
});
