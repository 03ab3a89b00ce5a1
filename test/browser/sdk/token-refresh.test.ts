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

  it('recovers when the token expired before a new one came: REST retries once, the socket re-authenticates', async () => {
    const expiries: number[] = [];
    let releaseSecondToken!: () => void;
    const secondTokenAllowed = new Promise<void>((resolve) => (releaseSecondToken = resolve));
    const getToken = async () => {
      // The first token is short-lived; every later one waits for the test, as a slow backend would.
      if (expiries.length > 0) await secondTokenAllowed;
      const { token } = await mintAgentToken('agent.two', { expiresIn: expiries.length === 0 ? 2 : 900 });
      expiries.push(tokenExpiry(token));
      return token;
    };

    const agent = await RingnityAgent.create({ getToken, apiBaseUrl: emulatorUrl });
    const states: ConnectionState[] = [];
    agent.connection.onChange((state) => states.push(state));
    const errors: RingnityError[] = [];
    agent.on('error', (error) => errors.push(error));
    const profileStatuses: number[] = [];
    const fetches = spyOnFetch(async (request, forward) => {
      const response = await forward();
      if (request.url.endsWith('/api/agent/profile')) profileStatuses.push(response.status);
      return response;
    });

    try {
      // The server ends the socket's session when the first token runs out.
      await waitFor(() => agent.connection.state === 'reconnecting', 'the session to expire');
      expect(Date.now()).to.be.at.least(expiries[0]! * 1000);

      // This call goes out with the expired token, is refused, and waits for the refresh.
      const profile = agent.profile.get();
      await waitFor(() => profileStatuses.length === 1, 'the refused request');
      releaseSecondToken();

      expect((await profile).agent.id).to.equal('agt_two');
      expect(profileStatuses).to.deep.equal([401, 200]);
      await waitFor(() => agent.connection.state === 'connected', 'the socket to re-authenticate');
      expect(states).to.deep.equal(['reconnecting', 'connected']);

      const visitor = await startVisitorConversation({ departmentId: 'dep_billing', body: 'After expiry' });
      const received: Message[] = [];
      agent.conversations.onMessage((message) => {
        if (message.conversationId === visitor.conversationId) received.push(message);
      });
      const sent = await sendVisitorMessage(visitor, 'Do you still hear me?');
      await waitFor(() => received.some((m) => m.messageId === sent.messageId), 'a realtime message on the renewed session');
      expect(errors).to.deep.equal([]);
    } finally {
      releaseSecondToken();
      fetches.restore();
      agent.destroy();
    }
  });
});
