import { expect } from '@open-wc/testing';
import { RingnityAgent, type ConnectionState } from '../../../src/index.js';
import { dropAgentSockets, emulatorUrl, mintAgentToken, startVisitorConversation } from '../helpers/emulator.js';
import { spyOnFetch, type RecordedRequest } from '../helpers/fetch-spy.js';
import { waitFor } from '../helpers/wait.js';

const isReplyPost = (conversationId: string) => (request: RecordedRequest) =>
  request.method === 'POST' && request.url.endsWith(`/api/agent/conversations/${conversationId}/messages`);

/** Stored messages of the thread with this body, read on a path no test interferes with. */
async function storedWithBody(agent: RingnityAgent, conversationId: string, body: string) {
  const { messages } = await agent.conversations.messages(conversationId, { limit: 100 });
  return messages.filter((message) => message.body === body);
}

// admin.one may reply in any open conversation, and is used by this file alone.
describe('reply delivery', () => {
  let agent: RingnityAgent;
  let conversationId: string;

  beforeEach(async () => {
    const { token } = await mintAgentToken('admin.one');
    agent = await RingnityAgent.create({ token, apiBaseUrl: emulatorUrl });
    ({ conversationId } = await startVisitorConversation({ departmentId: 'dep_sales', body: 'Need a quote' }));
  });

  afterEach(() => agent.destroy());

  it('retries with the same clientMessageId when the answer is lost after the server stored it', async () => {
    const body = 'Answer lost in transit';
    let failed = false;
    const fetches = spyOnFetch(async (request, forward) => {
      if (!failed && isReplyPost(conversationId)(request)) {
        failed = true;
        await forward();
        throw new TypeError('Failed to fetch');
      }
      return forward();
    });
    try {
      const message = await agent.conversations.reply(conversationId, { body });
      const posts = fetches.requests.filter(isReplyPost(conversationId));
      expect(posts).to.have.length(2);
      const [firstId, secondId] = posts.map((post) => (JSON.parse(post.body!) as { clientMessageId: string }).clientMessageId);
      expect(firstId).to.match(/^[A-Za-z0-9_-]+$/);
      expect(secondId).to.equal(firstId);
      expect(message.clientMessageId).to.equal(firstId);

      const stored = await storedWithBody(agent, conversationId, body);
      expect(stored.map((m) => m.messageId)).to.deep.equal([message.messageId]);
    } finally {
      fetches.restore();
    }
  });

  it('retries when the request never left', async () => {
    const body = 'Request never left';
    let failed = false;
    const fetches = spyOnFetch(async (request, forward) => {
      if (!failed && isReplyPost(conversationId)(request)) {
        failed = true;
        throw new TypeError('Failed to fetch');
      }
      return forward();
    });
    try {
      const message = await agent.conversations.reply(conversationId, { body, clientMessageId: 'crm-draft-42' });
      expect(fetches.requests.filter(isReplyPost(conversationId))).to.have.length(2);
      expect(message.clientMessageId).to.equal('crm-draft-42');
      const stored = await storedWithBody(agent, conversationId, body);
      expect(stored).to.have.length(1);
      expect(stored[0]!.clientMessageId).to.equal('crm-draft-42');
    } finally {
      fetches.restore();
    }
  });

  it('holds a reply made while the socket is down and sends it once when it is back', async () => {
    const body = 'Written while offline';
    const states: ConnectionState[] = [];
    agent.connection.onChange((state) => states.push(state));
    const stateAtEachPost: ConnectionState[] = [];
    const fetches = spyOnFetch((request, forward) => {
      if (isReplyPost(conversationId)(request)) stateAtEachPost.push(agent.connection.state);
      return forward();
    });
    try {
      expect(await dropAgentSockets(agent.id)).to.be.greaterThan(0);
      await waitFor(() => agent.connection.state === 'reconnecting', 'the client to notice the drop');

      const message = await agent.conversations.reply(conversationId, { body });

      expect(states.slice(0, 2)).to.deep.equal(['reconnecting', 'connected']);
      expect(stateAtEachPost).to.deep.equal(['connected']);
      const stored = await storedWithBody(agent, conversationId, body);
      expect(stored.map((m) => m.messageId)).to.deep.equal([message.messageId]);
    } finally {
      fetches.restore();
    }
  });
});
