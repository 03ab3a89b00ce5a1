/**
 * A visitor call belongs to its conversation. Who may be rung for it, answer it or find it in
 * the call log is therefore decided by the conversation's visibility rules (protocol/rules.ts),
 * read afresh each time, so that a transfer or an assignment of the conversation moves the call
 * with it. A call never names a customer or a conversation to an agent who may not see them.
 */
import type { CallPage, CallRecord } from '../protocol/calls.js';
import { visibleBy, type Viewer } from '../protocol/rules.js';
import { TENANT_WIDE_ROLES } from '../protocol/scopes.js';
import type { Store } from './store.js';

/**
 * Whether the conversation is this agent's to answer: one of the four rules that apply to every
 * agent. Supervisors and admins read every conversation, but reading is not being on the queue:
 * they ring only where one of those four rules makes the conversation theirs too.
 */
export function mayRing(store: Store, agent: Viewer, conversationId: string): boolean {
  const conversation = store.canSee(agent, conversationId);
  const rule = conversation ? visibleBy(agent, conversation) : null;
  return rule !== null && rule !== 'tenant-wide-role';
}

/** Whether the viewer may know of the call at all: it may see the call's conversation. */
export function maySeeCall(store: Store, viewer: Viewer, record: CallRecord): boolean {
  return store.canSee(viewer, record.customer.conversationId) !== null;
}

/**
 * The call log as one agent may read it. Supervisors and admins read every call; an agent reads
 * the calls that rang them or that they answered. Either way, only while the call's conversation
 * is visible to them.
 */
export function listCalls(store: Store, viewer: Viewer, query: { status: 'all' | 'ended' | 'live'; limit: number }): CallPage {
  const tenantWide = TENANT_WIDE_ROLES.includes(viewer.role);
  const calls = store.callLog
    .filter((r) => tenantWide || r.rungAgentIds.includes(viewer.id) || r.legs.some((l) => l.agentId === viewer.id))
    .filter((r) => maySeeCall(store, viewer, r))
    .filter((r) => query.status === 'all' || (query.status === 'ended') === (r.status === 'ended'))
    .slice()
    .reverse()
    .slice(0, query.limit);
  return { calls: structuredClone(calls) };
}
