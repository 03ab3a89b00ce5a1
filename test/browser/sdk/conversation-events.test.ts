import { expect } from '@open-wc/testing';
import { RingnityAgent, type ConversationUpdate, type PresenceChange, type TypingChange } from '../../../src/index.js';
import { emulatorUrl, mintAgentToken, startVisitorConversation } from '../helpers/emulator.js';
import { waitFor } from '../helpers/wait.js';

// agent.one and agent.three share the Support queue, so each sees what the other does there.
describe('conversation and presence events', () => {
  let one: RingnityAgent;
  let three: RingnityAgent;

  beforeEach(async () => {
    one = await RingnityAgent.create({ token: (await mintAgentToken('agent.one')).token, apiBaseUrl: emulatorUrl });
    three = await RingnityAgent.create({ token: (await mintAgentToken('agent.three')).token, apiBaseUrl: emulatorUrl });
  });

  afterEach(() => {
    one.destroy();
    three.destroy();
  });

  it("reports this agent's presence changes through presence.onChange", async () => {
    await one.presence.set('online');
    const changes: PresenceChange[] = [];
    one.presence.onChange((change) => changes.push(change));
    // Another agent's change must not reach agent.one's presence listener.
    await three.presence.set('busy');

    await one.presence.set('busy');
    await waitFor(() => changes.some((change) => change.status === 'busy'), 'the change to busy');
    // The echo of the earlier set('online') may still arrive after subscribing, so only the busy
    // change is pinned down exactly.
    expect(changes.filter((change) => change.status === 'busy')).to.deep.equal([{ agentId: 'agt_one', status: 'busy', previousStatus: 'online' }]);
    expect(changes.every((change) => change.agentId === 'agt_one')).to.equal(true);
  });

  it('tells the other agents of the queue that someone is typing', async () => {
    const { conversationId } = await startVisitorConversation({ departmentId: 'dep_support', body: 'Typing test' });
    const seenByThree: TypingChange[] = [];
    three.conversations.onTyping((typing) => {
      if (typing.conversationId === conversationId) seenByThree.push(typing);
    });

    await one.conversations.typing(conversationId, true);
    await waitFor(() => seenByThree.length === 1, 'typing started');
    await one.conversations.typing(conversationId, false);
    await waitFor(() => seenByThree.length === 2, 'typing stopped');

    expect(seenByThree.map((t) => [t.isTyping, t.by.type, t.by.id])).to.deep.equal([
      [true, 'agent', 'agt_one'],
      [false, 'agent', 'agt_one'],
    ]);
  });

  it("reports an accepted conversation to both agents, and that it left the other one's sight", async () => {
    const { conversationId } = await startVisitorConversation({ departmentId: 'dep_support', body: 'Accept test' });
    const updatesForThree: ConversationUpdate[] = [];
    three.conversations.onUpdate((update) => {
      if (update.conversation.conversationId === conversationId) updatesForThree.push(update);
    });

    const accepted = await one.conversations.accept(conversationId, { reason: 'Mine' });
    expect(accepted.assignedAgentId).to.equal('agt_one');

    const update = await waitFor(() => updatesForThree.find((u) => u.change === 'accepted'), 'the accepted update');
    expect(update.visible).to.equal(false);
    expect(update.conversation.assignedAgentId).to.equal('agt_one');
  });
});
