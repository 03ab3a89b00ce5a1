import type { AgentScope, Role } from './scopes.js';

/** Statuses an agent can set. `in_call` is set by the server alone. */
export const SETTABLE_PRESENCE = ['online', 'busy', 'offline'] as const;
export type SettablePresence = (typeof SETTABLE_PRESENCE)[number];
export type PresenceStatus = SettablePresence | 'in_call';

export const CONVERSATION_STATUSES = ['open', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export interface Tenant {
  id: string;
  key: string;
  name: string;
}

export interface Department {
  id: string;
  name: string;
}

export interface AgentSummary {
  id: string;
  username: string;
  name: string;
  role: Role;
  departmentId: string | null;
}

export interface Profile {
  agent: AgentSummary & { email: string };
  tenant: Tenant;
  role: Role;
  department: Department | null;
  scopes: AgentScope[];
  /** Seconds since the epoch at which the token stops working. */
  tokenExpiresAt: number;
}

export interface Presence {
  agentId: string;
  status: PresenceStatus;
  updatedAt: string;
  /** True once the agent went online for calls. */
  callsOnline: boolean;
}

export interface Customer {
  id: string;
  name: string;
  email: string | null;
}

export type MessageKind = 'customer' | 'reply' | 'note' | 'system';

export interface Attachment {
  attachmentId: string;
  name: string;
  contentType: string;
  size: number;
  url: string;
}

export interface Tombstone {
  deletedAt: string;
  deletedBy: string;
  reason: string;
}

export type SystemEvent =
  | { type: 'accepted'; agentId: string; reason: string | null }
  | { type: 'assigned'; agentId: string; byAgentId: string; reason: string }
  | { type: 'transferred'; departmentId: string; fromDepartmentId: string | null; byAgentId: string; reason: string }
  | { type: 'closed'; byAgentId: string; reason: string };

export interface Message {
  messageId: string;
  conversationId: string;
  kind: MessageKind;
  author: { type: 'customer' | 'agent' | 'system'; id: string | null; name: string };
  body: string;
  createdAt: string;
  clientMessageId: string | null;
  attachments: Attachment[];
  /** Present once an attachment-bearing message was soft-deleted; body and attachments are then empty. */
  deleted: Tombstone | null;
  system: SystemEvent | null;
}

/**
 * A message as the customer sees it, on the visitor API and the visitor socket. It is a shape of
 * its own, not a trimmed `Message`, so that nothing internal reaches a customer by accident: no
 * notes, no agent ids, no reasons for an assignment, a transfer, a closing or a deletion. Agents
 * appear by display name only, as the customer page shows who answers.
 */
export interface VisitorMessage {
  messageId: string;
  conversationId: string;
  kind: 'customer' | 'reply' | 'system';
  author: { type: 'customer' | 'agent' | 'system'; name: string };
  /** For a system message, a customer-facing sentence ("Alex joined the conversation"). */
  body: string;
  createdAt: string;
  /** The customer's own retry key; null on every other message. */
  clientMessageId: string | null;
  attachments: Attachment[];
  /** Set once the message's attachments were removed; who removed them and why stay internal. */
  deleted: { deletedAt: string } | null;
}

export type VisitorMessagePage = { messages: VisitorMessage[]; nextCursor: string | null };

export interface MessagePreview {
  messageId: string;
  kind: MessageKind;
  preview: string;
  createdAt: string;
}

export interface Conversation {
  conversationId: string;
  status: ConversationStatus;
  subject: string;
  customer: Customer;
  departmentId: string | null;
  assignedAgentId: string | null;
  participantAgentIds: string[];
  lastMessage: MessagePreview | null;
  /** Customer messages after the last one this agent marked read. */
  unreadCount: number;
  lastReadMessageId: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closeReason: string | null;
}

export type ConversationPage = {
  conversations: Conversation[];
  nextCursor: string | null;
  /** The agent's realtime position when the page was read (as `agent.connect`'s ack gives it), so a client may list before its socket is up. */
  lastSeq?: number;
  streamId?: string;
};
export type MessagePage = { messages: Message[]; nextCursor: string | null };

export interface AttachmentDeletion {
  auditId: string;
  conversationId: string;
  messageId: string;
  attachmentIds: string[];
  deletedBy: string;
  deletedAt: string;
  reason: string;
}

export interface Directory {
  departments: Department[];
  agents: AgentSummary[];
}

/** Answer of `POST /api/server/sdk-token/agent`. */
export interface AgentTokenResponse {
  token: string;
  expiresIn: number;
  expiresAt: string;
  agent: { id: string; username: string; role: Role; departmentId: string | null };
  tenant: { id: string; key: string };
}
