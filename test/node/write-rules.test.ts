/**
 * Who may change a conversation they can see (`mayWrite` in src/protocol/rules.ts): for each
 * action, cases that are visible but forbidden answer 403 and change nothing, and allowed cases
 * succeed. Closed conversations are read-only, except for media removal.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT, DEP, assertError, conv, setup } from './helpers.js';

type Action = 'reply' | 'note' | 'accept' | 'assign' | 'transfer' | 'close' | 'deleteAttachment';

interface Case {
  who: string;
  conversationId: string;
  action: Action;
  assignTo?: string;
  why: string;
}

/** Demo conversations: see src/emulator/demo-seed.ts. cnv_g029 is an unassigned Support conversation carrying an attachment. */
const QUEUED_WITH_ATTACHMENT = 'cnv_g029';

function request(c: Case): { method: string; path: string; body: unknown } | 'attachment' {
  const base = conv(c.conversationId);
  switch (c.action) {
    case 'reply':
      return { method: 'POST', path: `${base}/messages`, body: { body: 'A reply' } };
    case 'note':
      return { method: 'POST', path: `${base}/messages`, body: { body: 'A note', note: true } };
    case 'accept':
      return { method: 'POST', path: `${base}/accept`, body: { reason: 'Taking it' } };
    case 'assign':
      return { method: 'POST', path: `${base}/assign`, body: { assignedAgentId: c.assignTo, reason: 'Routing' } };
    case 'transfer':
      return { method: 'POST', path: `${base}/transfer`, body: { departmentId: DEP.sales, reason: 'Sales lead' } };
    case 'close':
      return { method: 'POST', path: `${base}/close`, body: { reason: 'Done' } };
    case 'deleteAttachment':
      return 'attachment';
  }
}

async function run(t: Parameters<typeof setup>[0], c: Case) {
  const h = await setup(t);
  const token = await h.mint(c.who);
  const admin = h.as(await h.mint('admin.one'));
  let spec = request(c);
  if (spec === 'attachment') {
    const messages = (await admin.get(`${conv(c.conversationId)}/messages`, { limit: 100 })).body.messages as any[];
    const target = messages.find((m) => m.attachments.length > 0);
    assert.ok(target, `${c.conversationId} carries an attachment`);
    spec = { method: 'DELETE', path: `${conv(c.conversationId)}/messages/${target.messageId}/attachments`, body: { reason: 'Customer asked' } };
  }
  // Every case is about a conversation the actor can see.
  assert.equal((await h.as(token).get(conv(c.conversationId))).status, 200, `${c.who} should see ${c.conversationId}`);
  const before = h.emulator.store.snapshot();
  const answer = await h.call(spec.method, spec.path, { token, body: spec.body });
  return { h, answer, before };
}

const forbidden: Case[] = [
  { who: 'agent.one', conversationId: 'cnv_closedQueue', action: 'accept', why: 'a closed queue conversation cannot be taken' },
  { who: 'agent.one', conversationId: 'cnv_closed1', action: 'accept', why: 'even by its owner once closed' },
  { who: 'agent.one', conversationId: 'cnv_queueSupport', action: 'assign', assignTo: AGENT.three, why: 'an agent may only assign a queued conversation to themself' },
  { who: 'agent.two', conversationId: 'cnv_participant1', action: 'assign', assignTo: AGENT.two, why: 'a participant does not own the conversation' },
  { who: 'agent.two', conversationId: 'cnv_participant1', action: 'transfer', why: 'a participant may not transfer' },
  { who: 'agent.one', conversationId: 'cnv_queueSupport', action: 'close', why: 'only the owner closes' },
  { who: 'agent.two', conversationId: 'cnv_participant1', action: 'close', why: 'a participant may not close' },
  { who: 'agent.one', conversationId: QUEUED_WITH_ATTACHMENT, action: 'deleteAttachment', why: 'media removal needs ownership, participation or a manager role' },
  // Closed conversations are read-only, for owners and managers alike.
  { who: 'agent.one', conversationId: 'cnv_closed1', action: 'reply', why: 'closed' },
  { who: 'agent.one', conversationId: 'cnv_closed1', action: 'note', why: 'closed' },
  { who: 'agent.one', conversationId: 'cnv_closed1', action: 'assign', assignTo: AGENT.three, why: 'closed' },
  { who: 'agent.one', conversationId: 'cnv_closed1', action: 'transfer', why: 'closed' },
  { who: 'agent.one', conversationId: 'cnv_closed1', action: 'close', why: 'closed' },
  { who: 'lead.one', conversationId: 'cnv_closed1', action: 'reply', why: 'closed, even for a supervisor' },
  { who: 'admin.one', conversationId: 'cnv_closedQueue', action: 'accept', why: 'closed, even for an admin' },
  { who: 'admin.one', conversationId: 'cnv_closed1', action: 'transfer', why: 'closed, even for an admin' },
];

const allowed: Case[] = [
  { who: 'agent.one', conversationId: 'cnv_assigned1', action: 'reply', why: 'the owner replies' },
  { who: 'agent.one', conversationId: 'cnv_queueSupport', action: 'reply', why: 'an agent answers a conversation waiting in their queue' },
  { who: 'agent.one', conversationId: 'cnv_nodept1', action: 'note', why: 'and notes on one in the no-department queue' },
  { who: 'agent.two', conversationId: 'cnv_participant1', action: 'reply', why: 'a participant replies' },
  { who: 'agent.two', conversationId: 'cnv_participant1', action: 'note', why: 'a participant writes notes' },
  { who: 'lead.one', conversationId: 'cnv_queueSales', action: 'reply', why: 'a supervisor replies anywhere open' },
  { who: 'agent.one', conversationId: 'cnv_queueSupport', action: 'accept', why: 'an agent takes from their queue' },
  { who: 'agent.two', conversationId: 'cnv_nodept1', action: 'accept', why: 'anyone takes from the no-department queue' },
  { who: 'agent.one', conversationId: 'cnv_queueSupport', action: 'assign', assignTo: AGENT.one, why: 'assigning a queued conversation to oneself' },
  { who: 'agent.one', conversationId: 'cnv_assigned1', action: 'assign', assignTo: AGENT.three, why: 'the owner hands over' },
  { who: 'lead.one', conversationId: 'cnv_queueSales', action: 'assign', assignTo: AGENT.two, why: 'a supervisor assigns anyone' },
  { who: 'agent.one', conversationId: 'cnv_queueSupport', action: 'transfer', why: 'a queued conversation can be moved to another queue' },
  { who: 'agent.one', conversationId: 'cnv_assigned1', action: 'transfer', why: 'the owner transfers' },
  { who: 'agent.one', conversationId: 'cnv_assigned1', action: 'close', why: 'the owner closes' },
  { who: 'admin.one', conversationId: 'cnv_queueBilling', action: 'close', why: 'an admin closes anything open' },
  { who: 'agent.one', conversationId: 'cnv_assigned1', action: 'deleteAttachment', why: 'the owner removes media' },
  { who: 'agent.one', conversationId: 'cnv_closed1', action: 'deleteAttachment', why: 'media removal stays possible after closing' },
  { who: 'lead.one', conversationId: QUEUED_WITH_ATTACHMENT, action: 'deleteAttachment', why: 'a supervisor removes media anywhere' },
];

describe('write rules: visible but forbidden answers 403 and changes nothing', () => {
  it(`${QUEUED_WITH_ATTACHMENT} is the demo's queued Support conversation with an attachment`, async (t) => {
    const h = await setup(t);
    const c = (await (await h.agent('admin.one')).get(conv(QUEUED_WITH_ATTACHMENT))).body;
    assert.equal(c.assignedAgentId, null);
    assert.equal(c.departmentId, DEP.support);
    assert.equal(c.status, 'open');
  });

  for (const c of forbidden) {
    it(`${c.who} may not ${c.action} ${c.conversationId}: ${c.why}`, async (t) => {
      const { h, answer, before } = await run(t, c);
      assertError(answer, 403, 'AGENT_SDK_CONVERSATION_WRITE_FORBIDDEN');
      assert.equal(h.emulator.store.snapshot(), before);
    });
  }
});

describe('write rules: allowed cases succeed', () => {
  for (const c of allowed) {
    it(`${c.who} may ${c.action} ${c.conversationId}: ${c.why}`, async (t) => {
      const { h, answer, before } = await run(t, c);
      assert.equal(answer.status, c.action === 'reply' || c.action === 'note' ? 201 : 200, JSON.stringify(answer.body));
      assert.notEqual(h.emulator.store.snapshot(), before);
    });
  }

  it('every action has at least one forbidden and one allowed case', () => {
    const actions: Action[] = ['reply', 'note', 'accept', 'assign', 'transfer', 'close', 'deleteAttachment'];
    for (const action of actions) {
      assert.ok(
        forbidden.some((c) => c.action === action),
        `no forbidden case for ${action}`,
      );
      assert.ok(
        allowed.some((c) => c.action === action),
        `no allowed case for ${action}`,
      );
    }
  });
});
