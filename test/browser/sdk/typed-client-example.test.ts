import { expect } from '@open-wc/testing';
import { RingnityAgent } from '../../../src/index.js';
import { emulatorUrl, mintAgentToken, startVisitorConversation } from '../helpers/emulator.js';
import { spyOnFetch } from '../helpers/fetch-spy.js';

/**
 * The guide's "Typed client example", statement for statement. The example passes only
 * `{ token }`, so the page points the SDK at the emulator the way an integrator would for a
 * staging server: with the `ringnity-api-base-url` meta tag.
 */
describe("the guide's typed client example", () => {
  let meta: HTMLMetaElement;
  let ownedConversationId: string;
  let fetches: ReturnType<typeof spyOnFetch> | undefined;

  before(async () => {
    meta = document.createElement('meta');
    meta.name = 'ringnity-api-base-url';
    meta.content = emulatorUrl;
    document.head.append(meta);

    // The example replies to the newest open conversation, which an agent may only do once it
    // is theirs: give agent.one a fresh, accepted conversation so it is the newest one.
    const visitor = await startVisitorConversation({ name: 'Example Customer', departmentId: 'dep_support', body: 'My invoice is wrong' });
    ownedConversationId = visitor.conversationId;
    const setup = await RingnityAgent.create({ token: (await mintAgentToken('agent.one')).token, apiBaseUrl: emulatorUrl });
    await setup.conversations.accept(ownedConversationId, { reason: 'Preparing the example' });
    setup.destroy();
  });

  after(() => meta.remove());
  afterEach(() => fetches?.restore());

  it('runs unchanged against the emulator', async () => {
    const { token } = await mintAgentToken('agent.one');
    // Only watches: the markRead request is checked below.
    fetches = spyOnFetch();

    // ---- the example, unchanged ----
    const agent = await RingnityAgent.create({ token });
    await agent.presence.set('online');
    const inbox = await agent.conversations.list({
      status: 'open',
      limit: 10,
    });
    if (inbox.conversations[0]) {
      const conversationId = inbox.conversations[0].conversationId;
      const thread = await agent.conversations.messages(conversationId);
      await agent.conversations.reply(conversationId, {
        body: 'Hi, how can I help?',
      });
      const lastMessage = thread.messages.at(-1);
      if (lastMessage) {
        await agent.conversations.markRead(conversationId, lastMessage.messageId);
      }
    }
    // ---- end of the example ----

    try {
      expect(inbox.conversations[0]?.conversationId).to.equal(ownedConversationId);
      expect((await agent.presence.get()).status).to.equal('online');

      const { messages } = await agent.conversations.messages(ownedConversationId);
      const reply = messages.at(-1)!;
      expect(reply.kind).to.equal('reply');
      expect(reply.body).to.equal('Hi, how can I help?');
      expect(reply.author.id).to.equal('agt_one');
      expect(reply.clientMessageId).to.be.a('string').and.not.empty;

      // markRead named the last message of the thread the example read: the one before its reply.
      const markRead = fetches.requests.filter((r) => r.url.endsWith(`/api/agent/conversations/${ownedConversationId}/read`));
      expect(markRead.map((r) => JSON.parse(r.body!))).to.deep.equal([{ messageId: messages.at(-2)!.messageId }]);
      expect((await agent.conversations.get(ownedConversationId)).unreadCount).to.equal(0);
    } finally {
      agent.destroy();
    }
  });
});
