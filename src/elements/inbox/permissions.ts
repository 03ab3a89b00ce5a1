import { mayWrite, type AgentScope, type Conversation, type RingnityAgent, type WriteAction } from '../../index.js';

/** Which controls to offer for one conversation. */
export interface ConversationPermissions {
  readMessages: boolean;
  reply: boolean;
  note: boolean;
  accept: boolean;
  assign: boolean;
  transfer: boolean;
  close: boolean;
  deleteAttachment: boolean;
}

/**
 * Offers only what will succeed, so no control fails on click: the token's scopes first, then
 * the same write rules the server applies (`src/protocol/rules.ts`). The server stays the
 * judge; this only decides what to show.
 */
export function permissionsFor(agent: RingnityAgent, c: Conversation): ConversationPermissions {
  const viewer = { id: agent.id, role: agent.role, departmentId: agent.departmentId };
  const allowed = (scope: AgentScope, action: WriteAction) => agent.hasScope(scope) && mayWrite(viewer, c, action);
  return {
    readMessages: agent.hasScope('agent:messages:read'),
    reply: allowed('agent:messages:write', 'reply'),
    note: allowed('agent:messages:write', 'note'),
    // Taking a conversation someone else owns answers 409, so accept is offered for queued ones only.
    accept: allowed('agent:conversations:write', 'accept') && c.assignedAgentId === null,
    // Without a target, an agent may assign only what they own; a queued one is theirs through accept.
    assign: allowed('agent:conversations:write', 'assign'),
    transfer: allowed('agent:conversations:write', 'transfer'),
    close: allowed('agent:conversations:write', 'close'),
    deleteAttachment: allowed('agent:media:delete', 'deleteAttachment'),
  };
}
