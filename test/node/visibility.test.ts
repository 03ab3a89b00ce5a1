/**
 * The guide's five visibility rules, each with a case it lets through and a case it does not,
 * checked through the list, GET one conversation and GET its messages.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoSeed } from '../../src/emulator/index.js';
import { AGENT, DEP, assertError, conv, setup, type AgentClient } from './helpers.js';

async function listed(client: AgentClient, status = 'all'): Promise<Set<string>> {
  const answer = await client.get('/api/agent/conversations', { status, limit: 100 });
  assert.equal(answer.status, 200);
  assert.equal(answer.body.nextCursor, null, 'the demo tenant fits in one page of 100');
  return new Set(answer.body.conversations.map((c: any) => c.conversationId as string));
}

async function assertVisible(client: AgentClient, id: string, status: 'open' | 'closed') {
  assert.ok((await listed(client, 'all')).has(id), `${id} should be listed under status all`);
  assert.ok((await listed(client, status)).has(id), `${id} should be listed under status ${status}`);
  assert.ok(!(await listed(client, status === 'open' ? 'closed' : 'open')).has(id), `${id} should not be listed under the other status`);
  const one = await client.get(conv(id));
  assert.equal(one.status, 200);
  assert.equal(one.body.conversationId, id);
  const messages = await client.get(`${conv(id)}/messages`);
  assert.equal(messages.status, 200);
  assert.ok(messages.body.messages.length > 0);
}

async function assertInvisible(client: AgentClient, id: string) {
  for (const status of ['open', 'closed', 'all']) assert.ok(!(await listed(client, status)).has(id), `${id} should not be listed (${status})`);
  assertError(await client.get(conv(id)), 404, 'AGENT_SDK_CONVERSATION_NOT_FOUND', 'conversationId');
  assertError(await client.get(`${conv(id)}/messages`), 404, 'AGENT_SDK_CONVERSATION_NOT_FOUND', 'conversationId');
  // Writes do not reveal it either: the same 404, never 403.
  assertError(await client.post(`${conv(id)}/messages`, { body: 'hello?' }), 404, 'AGENT_SDK_CONVERSATION_NOT_FOUND', 'conversationId');
  assertError(await client.post(`${conv(id)}/accept`, {}), 404, 'AGENT_SDK_CONVERSATION_NOT_FOUND', 'conversationId');
}

describe('visibility rule 1: assigned to the agent', () => {
  it('agent.one sees the conversation assigned to them, open and closed', async (t) => {
    const h = await setup(t);
    const one = await h.agent('agent.one');
    await assertVisible(one, 'cnv_assigned1', 'open');
    await assertVisible(one, 'cnv_closed1', 'closed');
  });

  it('agent.one does not see a conversation of their own department assigned to someone else', async (t) => {
    const h = await setup(t);
    const one = await h.agent('agent.one');
    await assertInvisible(one, 'cnv_participant1'); // Support, assigned to agent.three
    await assertInvisible(one, 'cnv_assigned2'); // Billing, assigned to agent.two
  });

  it('a closed conversation assigned to someone else stays invisible', async (t) => {
    const h = await setup(t);
    const three = await h.agent('agent.three');
    await assertInvisible(three, 'cnv_closed1'); // Support, closed, assigned to agent.one
  });
});

describe('visibility rule 2: active participant', () => {
  it('agent.two sees the Support conversation they take part in', async (t) => {
    const h = await setup(t);
    await assertVisible(await h.agent('agent.two'), 'cnv_participant1', 'open');
  });

  it('without the participant flag the same conversation is invisible', async (t) => {
    const h = await setup(t);
    // agent.one is in the same department as the conversation but neither assigned nor a participant.
    await assertInvisible(await h.agent('agent.one'), 'cnv_participant1');
  });

  it('stays visible to the participant after it is closed', async (t) => {
    const h = await setup(t);
    const three = await h.agent('agent.three');
    assert.equal((await three.post(`${conv('cnv_participant1')}/close`, { reason: 'Done' })).status, 200);
    await assertVisible(await h.agent('agent.two'), 'cnv_participant1', 'closed');
  });
});

describe('visibility rule 3: unassigned in the agent department', () => {
  it('agent.one and agent.three see the unassigned Support conversation', async (t) => {
    const h = await setup(t);
    await assertVisible(await h.agent('agent.one'), 'cnv_queueSupport', 'open');
    await assertVisible(await h.agent('agent.three'), 'cnv_queueSupport', 'open');
  });

  it('unassigned conversations of another department are invisible', async (t) => {
    const h = await setup(t);
    const one = await h.agent('agent.one');
    await assertInvisible(one, 'cnv_queueBilling');
    await assertInvisible(one, 'cnv_queueSales');
    await assertInvisible(await h.agent('agent.two'), 'cnv_queueSupport');
  });

  it('leaves the queue view once accepted by a colleague, and moves with a transfer', async (t) => {
    const h = await setup(t);
    const one = await h.agent('agent.one');
    const three = await h.agent('agent.three');
    assert.equal((await three.post(`${conv('cnv_queueSupport')}/accept`, {})).status, 200);
    await assertInvisible(one, 'cnv_queueSupport');
    assert.equal((await three.post(`${conv('cnv_queueSupport')}/transfer`, { departmentId: DEP.billing, reason: 'Billing' })).status, 200);
    await assertInvisible(three, 'cnv_queueSupport');
    await assertVisible(await h.agent('agent.two'), 'cnv_queueSupport', 'open');
  });

  it('a visitor conversation opened in Support is seen by Support agents only', async (t) => {
    const h = await setup(t);
    const visitor = await h.openVisitor({ departmentId: DEP.support, body: 'Help' });
    await assertVisible(await h.agent('agent.one'), visitor.conversationId, 'open');
    await assertInvisible(await h.agent('agent.two'), visitor.conversationId);
  });
});

describe('visibility rule 4: unassigned with no department', () => {
  it('every agent sees the unassigned conversation without a department, open and closed', async (t) => {
    const h = await setup(t);
    for (const username of ['agent.one', 'agent.two', 'agent.three']) {
      const client = await h.agent(username);
      await assertVisible(client, 'cnv_nodept1', 'open');
      await assertVisible(client, 'cnv_closedQueue', 'closed');
    }
  });

  it('once assigned, a conversation without a department is invisible to the others', async (t) => {
    const h = await setup(t);
    const visitor = await h.openVisitor({ body: 'No department chosen' });
    const one = await h.agent('agent.one');
    await assertVisible(one, visitor.conversationId, 'open');
    const admin = await h.agent('admin.one');
    assert.equal((await admin.post(`${conv(visitor.conversationId)}/assign`, { assignedAgentId: AGENT.three, reason: 'Routing' })).status, 200);
    await assertInvisible(one, visitor.conversationId);
    await assertInvisible(await h.agent('agent.two'), visitor.conversationId);
    await assertVisible(await h.agent('agent.three'), visitor.conversationId, 'open');
  });
});

describe('visibility rule 5: supervisors and admins read the whole tenant', () => {
  it('lead.one and admin.one see the Sales queue and other agents conversations', async (t) => {
    const h = await setup(t);
    for (const username of ['lead.one', 'admin.one']) {
      const client = await h.agent(username);
      await assertVisible(client, 'cnv_queueSales', 'open');
      await assertVisible(client, 'cnv_assigned2', 'open');
      await assertVisible(client, 'cnv_participant1', 'open');
      await assertVisible(client, 'cnv_closed1', 'closed');
    }
  });

  it('a plain agent does not see the Sales queue', async (t) => {
    const h = await setup(t);
    for (const username of ['agent.one', 'agent.two', 'agent.three']) await assertInvisible(await h.agent(username), 'cnv_queueSales');
  });

  it('a supervisor lists every conversation; each agent lists exactly what the five rules allow', async (t) => {
    const h = await setup(t);
    const seed = demoSeed();
    const all = new Set(seed.conversations.map((c) => c.id));
    const agents = new Map(seed.agents.map((a) => [a.id, a]));
    // An independent reading of the guide's rules, for the counts.
    const allowed = (agentId: string) => {
      const agent = agents.get(agentId)!;
      if (agent.role !== 'agent') return all;
      return new Set(
        seed.conversations
          .filter(
            (c) =>
              c.assignedAgentId === agentId ||
              (c.participantAgentIds ?? []).includes(agentId) ||
              (c.assignedAgentId === null && (c.departmentId === null || c.departmentId === agent.departmentId)),
          )
          .map((c) => c.id),
      );
    };
    const lead = await listed(await h.agent('lead.one'));
    const admin = await listed(await h.agent('admin.one'));
    assert.deepEqual(lead, all);
    assert.deepEqual(admin, all);
    for (const [username, id] of [
      ['agent.one', AGENT.one],
      ['agent.two', AGENT.two],
      ['agent.three', AGENT.three],
    ] as const) {
      const mine = await listed(await h.agent(username));
      assert.deepEqual(mine, allowed(id), username);
      assert.ok(mine.size < lead.size, `${username} sees fewer conversations than a supervisor`);
    }
  });
});
