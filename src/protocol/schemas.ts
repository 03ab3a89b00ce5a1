/**
 * Request schemas for every REST route. The emulator validates against them and the
 * OpenAPI document is generated from them. Browser code imports only their inferred types.
 */
import { z } from 'zod';
import { AGENT_SCOPES, TOKEN_EXPIRY } from './scopes.js';
import { CONVERSATION_STATUSES, SETTABLE_PRESENCE } from './models.js';

export const LIMITS = {
  body: 10_000,
  reason: 500,
  name: 100,
  pageSize: 100,
  defaultPageSize: 50,
  /** Events per page of `GET /api/agent/events`: a catch-up after a long absence comes in bounded pieces. */
  eventsPageSize: 1_000,
  defaultEventsPageSize: 200,
} as const;

const prefixedId = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}_[A-Za-z0-9]{1,40}$`), `must look like ${prefix}_<letters and digits>`);

export const conversationId = prefixedId('cnv');
export const messageId = prefixedId('msg');
export const agentId = prefixedId('agt');
export const departmentId = prefixedId('dep');
export const clientMessageId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be 1 to 100 letters, digits, "-" or "_"');

const text = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => s.trim().length > 0, 'must not be empty');

const reason = text(LIMITS.reason);
const cursor = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'is not a cursor this API issued');
const limit = z.coerce.number().int().min(1).max(LIMITS.pageSize);

/* ---------------------------------------------------------------- server API */

export const agentTokenRequest = z.strictObject({
  username: z.string().min(1).max(LIMITS.name),
  scopes: z.array(z.enum(AGENT_SCOPES)).min(1).max(AGENT_SCOPES.length),
  expiresIn: z.number().int().min(1).max(TOKEN_EXPIRY.max).default(TOKEN_EXPIRY.default),
});

/* ---------------------------------------------------------------- agent API */

export const conversationParams = z.strictObject({ conversationId });
export const messageParams = z.strictObject({ conversationId, messageId });

export const presenceUpdate = z.strictObject({ status: z.enum(SETTABLE_PRESENCE) });

export const conversationListQuery = z.strictObject({
  status: z.enum([...CONVERSATION_STATUSES, 'all']).default('open'),
  departmentId: departmentId.optional(),
  cursor: cursor.optional(),
  limit: limit.default(LIMITS.defaultPageSize),
});

export const messageListQuery = z.strictObject({
  cursor: cursor.optional(),
  limit: limit.default(LIMITS.defaultPageSize),
});

export const replyRequest = z.strictObject({
  body: text(LIMITS.body),
  note: z.boolean().default(false),
  clientMessageId: clientMessageId.optional(),
});

export const markReadRequest = z.strictObject({ messageId });
export const acceptRequest = z.strictObject({ reason: reason.optional() });
export const assignRequest = z.strictObject({ assignedAgentId: agentId, reason });
export const transferRequest = z.strictObject({ departmentId, reason });
export const closeRequest = z.strictObject({ reason });
export const deleteAttachmentRequest = z.strictObject({ reason });
export const eventsQuery = z.strictObject({
  after: z.coerce.number().int().min(0),
  limit: z.coerce.number().int().min(1).max(LIMITS.eventsPageSize).default(LIMITS.defaultEventsPageSize),
});

/* ---------------------------------------------------------------- visitor API */

export const visitorStartRequest = z.strictObject({
  tenantKey: z.string().min(1).max(200),
  name: text(LIMITS.name),
  email: z.email().max(200).optional(),
  departmentId: departmentId.optional(),
  subject: text(200).optional(),
  body: text(LIMITS.body).optional(),
});

export const visitorMessageRequest = z.strictObject({
  body: text(LIMITS.body),
  clientMessageId: clientMessageId.optional(),
});

/* ---------------------------------------------------------------- socket payloads */

export const agentConnectRequest = z.object({
  version: z.number(),
  id: z.string(),
  key: z.string(),
  authToken: z.string().optional(),
  authtoken: z.string().optional(),
  deviceType: z.string().nullish(),
  deviceToken: z.string().nullish(),
  devicePlatform: z.string().nullish(),
  trackVisitors: z.boolean().optional(),
  bundleVersion: z.string().optional(),
});

export const chatTypingRequest = z.object({
  chatId: conversationId,
  visitorId: z.string().min(1).max(100),
  typing: z.object({ is: z.boolean() }),
});

/* ---------------------------------------------------------------- calls */

export const callId = prefixedId('call');
export const callListQuery = z.strictObject({
  status: z.enum(['all', 'ended', 'live']).default('all'),
  limit: limit.default(LIMITS.defaultPageSize),
});
const callSignal = z.record(z.string(), z.unknown()).refine((s) => JSON.stringify(s).length <= 32_000, 'is too large');
const legId = z.string().regex(/^leg_[A-Za-z0-9]{1,40}$/, 'must look like leg_<letters and digits>');
export const callIdRequest = z.object({ callId });
export const callRejectRequest = z.object({ callId, reason: z.string().max(LIMITS.reason).optional(), code: z.enum(['rejected', 'media_failed']).optional() });
export const callEndRequest = z.object({ callId, reason: z.enum(['agent_ended', 'media_failed', 'connection_failed']).optional() });
export const callTransferRequest = z.object({ callId, departmentId });
export const callSignalRequest = z.object({ callId, legId, signal: callSignal });
export const callMediaRequest = z.object({ callId, audio: z.boolean(), video: z.boolean() });
export const visitorCallStartRequest = z.object({ type: z.enum(['voice', 'video']), departmentId: departmentId.optional() });

export type CallListQuery = z.input<typeof callListQuery>;
export type AgentTokenRequest = z.input<typeof agentTokenRequest>;
export type ConversationListQuery = z.input<typeof conversationListQuery>;
export type MessageListQuery = z.input<typeof messageListQuery>;
export type ReplyRequest = z.input<typeof replyRequest>;
export type AssignRequest = z.input<typeof assignRequest>;
export type TransferRequest = z.input<typeof transferRequest>;
export type CloseRequest = z.input<typeof closeRequest>;
export type AcceptRequest = z.input<typeof acceptRequest>;
export type DeleteAttachmentRequest = z.input<typeof deleteAttachmentRequest>;
export type VisitorStartRequest = z.input<typeof visitorStartRequest>;
export type VisitorMessageRequest = z.input<typeof visitorMessageRequest>;
