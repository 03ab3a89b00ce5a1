/**
 * Schemas of every success answer. They document the responses in the OpenAPI file, and the
 * tests check both that real answers parse with them and that they equal the model types.
 */
import { z } from 'zod';
import { AGENT_SCOPES, ROLES } from './scopes.js';
import { CALL_END_REASONS } from './calls.js';
import { callQualitySummary } from './schemas.js';

const iso = z.string();
const role = z.enum(ROLES);
const presenceStatus = z.enum(['online', 'busy', 'offline', 'in_call']);
const messageKind = z.enum(['customer', 'reply', 'note', 'system']);

export const Tenant = z.object({ id: z.string(), key: z.string(), name: z.string() });
export const Department = z.object({ id: z.string(), name: z.string() });
export const AgentSummary = z.object({ id: z.string(), username: z.string(), name: z.string(), role, departmentId: z.string().nullable() });
export const Profile = z.object({
  agent: AgentSummary.extend({ email: z.string() }),
  tenant: Tenant,
  role,
  department: Department.nullable(),
  scopes: z.array(z.enum(AGENT_SCOPES)),
  tokenExpiresAt: z.number(),
});
export const Directory = z.object({ departments: z.array(Department), agents: z.array(AgentSummary) });
export const Presence = z.object({ agentId: z.string(), status: presenceStatus, updatedAt: iso, callsOnline: z.boolean() });
export const Customer = z.object({ id: z.string(), name: z.string(), email: z.string().nullable() });
export const Attachment = z.object({ attachmentId: z.string(), name: z.string(), contentType: z.string(), size: z.number(), url: z.string() });
export const Tombstone = z.object({ deletedAt: iso, deletedBy: z.string(), reason: z.string() });
export const SystemEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('accepted'), agentId: z.string(), reason: z.string().nullable() }),
  z.object({ type: z.literal('assigned'), agentId: z.string(), byAgentId: z.string(), reason: z.string() }),
  z.object({ type: z.literal('transferred'), departmentId: z.string(), fromDepartmentId: z.string().nullable(), byAgentId: z.string(), reason: z.string() }),
  z.object({ type: z.literal('closed'), byAgentId: z.string(), reason: z.string() }),
]);
export const Message = z.object({
  messageId: z.string(),
  conversationId: z.string(),
  kind: messageKind,
  author: z.object({ type: z.enum(['customer', 'agent', 'system']), id: z.string().nullable(), name: z.string() }),
  body: z.string(),
  createdAt: iso,
  clientMessageId: z.string().nullable(),
  attachments: z.array(Attachment),
  deleted: Tombstone.nullable(),
  system: SystemEvent.nullable(),
});
/** Strict, so that a test parsing a visitor answer with it fails on any field beyond these. */
export const VisitorMessage = z.strictObject({
  messageId: z.string(),
  conversationId: z.string(),
  kind: z.enum(['customer', 'reply', 'system']),
  author: z.strictObject({ type: z.enum(['customer', 'agent', 'system']), name: z.string() }),
  body: z.string(),
  createdAt: iso,
  clientMessageId: z.string().nullable(),
  attachments: z.array(Attachment.strict()),
  deleted: z.strictObject({ deletedAt: iso }).nullable(),
});
export const VisitorMessagePage = z.strictObject({ messages: z.array(VisitorMessage), nextCursor: z.string().nullable() });
export const MessagePreview = z.object({ messageId: z.string(), kind: messageKind, preview: z.string(), createdAt: iso });
export const Conversation = z.object({
  conversationId: z.string(),
  status: z.enum(['open', 'closed']),
  subject: z.string(),
  customer: Customer,
  departmentId: z.string().nullable(),
  assignedAgentId: z.string().nullable(),
  participantAgentIds: z.array(z.string()),
  lastMessage: MessagePreview.nullable(),
  unreadCount: z.number(),
  lastReadMessageId: z.string().nullable(),
  createdAt: iso,
  updatedAt: iso,
  closedAt: iso.nullable(),
  closeReason: z.string().nullable(),
});
export const ConversationPage = z.object({ conversations: z.array(Conversation), nextCursor: z.string().nullable() });
export const MessagePage = z.object({ messages: z.array(Message), nextCursor: z.string().nullable() });
export const AttachmentDeletion = z.object({
  auditId: z.string(),
  conversationId: z.string(),
  messageId: z.string(),
  attachmentIds: z.array(z.string()),
  deletedBy: z.string(),
  deletedAt: iso,
  reason: z.string(),
});
export const AgentTokenResponse = z.object({
  token: z.string(),
  expiresIn: z.number(),
  expiresAt: iso,
  agent: z.object({ id: z.string(), username: z.string(), role, departmentId: z.string().nullable() }),
  tenant: z.object({ id: z.string(), key: z.string() }),
});
const RealtimeEnvelope = z.object({
  type: z.string(),
  seq: z.number(),
  prevSeq: z.number(),
  at: iso,
  ephemeral: z.boolean(),
  data: z.record(z.string(), z.unknown()),
});
/** @lookup The OpenAPI document takes it by its name (openapi.ts), which no import shows. */
export const EventsPage = z.object({
  events: z.array(RealtimeEnvelope),
  lastSeq: z.number(),
  streamId: z.string(),
  hasMore: z.boolean(),
  nextAfter: z.number(),
});
export const VisitorSession = z.object({ conversationId: z.string(), visitorId: z.string(), visitorToken: z.string() });
const callCustomer = z.object({ id: z.string(), name: z.string(), conversationId: z.string() });
const callEndReason = z.enum(CALL_END_REASONS);
export const CallRecord = z.object({
  callId: z.string(),
  type: z.enum(['voice', 'video']),
  status: z.enum(['ringing', 'active', 'held', 'transferring', 'ended']),
  departmentId: z.string().nullable(),
  customer: callCustomer,
  placedAt: iso,
  answeredAt: iso.nullable(),
  endedAt: iso.nullable(),
  talkDurationMs: z.number(),
  ringDurationMs: z.number(),
  endReason: callEndReason.nullable(),
  endedBy: z.enum(['agent', 'customer', 'system']).nullable(),
  agentId: z.string().nullable(),
  legs: z.array(
    z.object({ legId: z.string(), agentId: z.string(), answeredAt: iso, endedAt: iso.nullable(), endReason: callEndReason.nullable(), quality: callQualitySummary.optional() }),
  ),
  rungAgentIds: z.array(z.string()),
  rejections: z.array(z.object({ agentId: z.string(), at: iso, reason: z.string().nullable() })),
  transfers: z.array(z.object({ fromAgentId: z.string(), toDepartmentId: z.string(), at: iso, outcome: z.enum(['pending', 'completed', 'returned']) })),
});
export const CallPage = z.object({ calls: z.array(CallRecord) });
/** @lookup The OpenAPI document takes it by its name (openapi.ts), which no import shows. */
export const OpenApiDocument = z.object({ openapi: z.string() }).loose();
/** @lookup The OpenAPI document takes it by its name (openapi.ts), which no import shows. */
export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), status: z.number(), field: z.string().optional() }),
});
