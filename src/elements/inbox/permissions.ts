import { TENANT_WIDE_ROLES, type Conversation, type RingnityAgent } from '../../index.js';

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
 * the server's rule table for who may change a conversation (documented in the README under
 * "Who may change a conversation"). The server stays the judge; this only decides what to show.
 */
export function permissionsFor(agent: RingnityAgent, c: Conversation): ConversationPermissions {
  const manager = TENANT_WIDE_ROLES.includes(agent.role);
  const owner = c.assignedAgentId === agent.id;
  const participant = c.participantAgentIds.includes(agent.id);
  const queued = c.assignedAgentId === null;
  const open = c.status === 'open';
  const canWrite = agent.hasScope('agent:conversations:write') && open;
  const canMessage = agent.hasScope('agent:messages:write') && open && (manager || owner || participant);
  return {
    readMessages: agent.hasScope('agent:messages:read'),
    reply: canMessage,
    note: canMessage,
    accept: canWrite && queued,
    assign: canWrite && (manager || owner),
    transfer: canWrite && (manager || owner || queued),
    close: canWrite && (manager || owner),
    deleteAttachment: agent.hasScope('agent:media:delete') && (manager || owner || participant),
  };
}
