/**
 * Request schemas for every REST route. The emulator validates against them and the
 * OpenAPI document is generated from them. Browser code imports only their inferred types.
 */
import { z } from 'zod';
import { AGENT_SCOPES, TOKEN_EXPIRY } from './scopes.js';
import { CONVERSATION_STATUSES, SETTABLE_PRESENCE } from './models.js';
import { controlCharacterIn, isBlankText, normalizeNewlines } from './text.js';
import { LIMITS } from './limits.js';
import { QUALITY_WARNINGS } from './call-quality.js';

const prefixedId = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[A-Za-z0-9]{1,40}$`), `must look like ${prefix}_<letters and digits>`);

export const conversationId = prefixedId('cnv');
export const messageId = prefixedId('msg');
export const agentId = prefixedId('agt');
export const departmentId = prefixedId('dep');
export const clientMessageId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be 1 to 100 letters, digits, "-" or "_"');

/**
 * Text a person typed and other people will read (bodies, notes, reasons, names, subjects). CRLF
 * becomes a newline; control characters other than tab and newline are refused; text that shows
 * nothing (whitespace and zero-width characters only) counts as empty. The rules live in text.ts,
 * so browser code can apply them without zod.
 */
export const text = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .transform(normalizeNewlines)
    .superRefine((s, ctx) => {
      const control = controlCharacterIn(s);
      if (control) ctx.addIssue({ code: 'custom', message: `must not contain the control character ${control}`, input: s });
      else if (isBlankText(s)) ctx.addIssue({ code: 'custom', message: 'must not be empty', input: s });
    });

/**
 * A whole number in a query string: plain decimal digits, nothing else (no sign, no spaces, no
 * `0x`, no exponent), within its range.
 */
export const queryInt = (min: number, max: number) => {
  const range = `must be a whole number from ${min} to ${max} in plain decimal digits`;
  return z
    .string()
    .regex(/^(0|[1-9][0-9]{0,15})$/, range)
    .transform(Number)
    .pipe(z.number().int().min(min, range).max(max, range));
};

const reason = text(LIMITS.reason);
const cursor = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'is not a cursor this API issued');
const limit = queryInt(1, LIMITS.pageSize);

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
  after: queryInt(0, Number.MAX_SAFE_INTEGER),
  limit: queryInt(1, LIMITS.eventsPageSize).default(LIMITS.defaultEventsPageSize),
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

/**
 * Socket payloads are strict and bounded like REST bodies: no field holds free-form data, so no
 * payload can carry nesting or bulk that a handler would have to walk.
 */
const token = z.string().min(1).max(4_096);
const label = z.string().max(200);

export const agentConnectRequest = z.strictObject({
  version: z.number(),
  id: z.string().min(1).max(100),
  key: z.string().min(1).max(200),
  authToken: token.optional(),
  authtoken: token.optional(),
  deviceType: label.nullish(),
  deviceToken: z.string().max(4_096).nullish(),
  devicePlatform: label.nullish(),
  trackVisitors: z.boolean().optional(),
  bundleVersion: label.optional(),
});

/** Logout releases whatever the client names; keys it does not know are ignored, never refused. */
export const agentLogoutRequest = z.object({ deviceToken: z.string().max(4_096).optional(), devicePlatform: label.optional() }).optional();

export const trackVisitorsRequest = z.boolean();

export const chatTypingRequest = z.strictObject({
  chatId: conversationId,
  visitorId: z.string().min(1).max(100),
  typing: z.strictObject({ is: z.boolean() }),
});

export const visitorConnectRequest = z.strictObject({ token });
export const visitorTypingRequest = z.strictObject({ is: z.boolean() });

/* ---------------------------------------------------------------- calls */

export const callId = prefixedId('call');
export const callListQuery = z.strictObject({
  status: z.enum(['all', 'ended', 'live']).default('all'),
  limit: limit.default(LIMITS.defaultPageSize),
});

/**
 * Bounds of the WebRTC signalling simple-peer sends. A browser's offer for audio and video is a
 * few KB (Chrome's, with every codec, stays under 8 KB); 16 KB leaves room for renegotiated
 * m-lines. A trickled ICE candidate line is a few hundred bytes.
 */
export const SIGNAL_LIMITS = { sdp: 16_384, candidate: 1_024, mid: 64, usernameFragment: 256 } as const;

/**
 * The signals simple-peer emits, and nothing else: an SDP offer or answer, a trickled ICE
 * candidate, and the two requests a non-initiator sends to make the initiator renegotiate.
 */
export const callSignal = z.discriminatedUnion('type', [
  z.strictObject({ type: z.enum(['offer', 'answer']), sdp: z.string().min(1).max(SIGNAL_LIMITS.sdp) }),
  z.strictObject({
    type: z.literal('candidate'),
    candidate: z.strictObject({
      candidate: z.string().max(SIGNAL_LIMITS.candidate),
      sdpMLineIndex: z.number().int().min(0).max(1_023).nullish(),
      sdpMid: z.string().max(SIGNAL_LIMITS.mid).nullish(),
      usernameFragment: z.string().max(SIGNAL_LIMITS.usernameFragment).nullish(),
    }),
  }),
  z.strictObject({ type: z.literal('renegotiate'), renegotiate: z.literal(true) }),
  z.strictObject({
    type: z.literal('transceiverRequest'),
    transceiverRequest: z.strictObject({
      kind: z.enum(['audio', 'video']),
      init: z.strictObject({ direction: z.enum(['sendrecv', 'sendonly', 'recvonly', 'inactive']).optional() }).optional(),
    }),
  }),
]);
const legId = z.string().regex(/^leg_[A-Za-z0-9]{1,40}$/, 'must look like leg_<letters and digits>');
/** Requests that carry nothing (`calls.online`, `calls.offline`): an empty object or no payload. */
export const emptyRequest = z.strictObject({}).optional();
export const callIdRequest = z.strictObject({ callId });
export const callRejectRequest = z.strictObject({ callId, reason: z.string().max(LIMITS.reason).optional(), code: z.enum(['rejected', 'media_failed']).optional() });
export const callEndRequest = z.strictObject({ callId, reason: z.enum(['agent_ended', 'media_failed', 'connection_failed']).optional() });
export const callTransferRequest = z.strictObject({ callId, departmentId });
export const callSignalRequest = z.strictObject({ callId, legId, signal: callSignal });
/** The customer ending their call; `connection_failed` when their media link did not come back in time. */
export const visitorCallEndRequest = z.strictObject({ callId, reason: z.literal('connection_failed').optional() });
export const callMediaRequest = z.strictObject({ callId, audio: z.boolean(), video: z.boolean() });
const qualityFigure = z.number().finite().min(0).max(1e6);
const qualityRange = z.strictObject({ avg: qualityFigure, worst: qualityFigure }).nullable();
/** A leg's quality summary, as `call.quality` brings it and the call log shows it. */
export const callQualitySummary = z.strictObject({
  samples: z.number().int().min(0).max(1e6),
  rttMs: qualityRange,
  jitterMs: qualityRange,
  packetLossPct: qualityRange,
  mos: qualityRange,
  warnings: z.array(z.enum(QUALITY_WARNINGS)).max(QUALITY_WARNINGS.length),
});
export const callQualityRequest = z.strictObject({ callId, legId, quality: callQualitySummary });
export const visitorCallStartRequest = z.strictObject({ type: z.enum(['voice', 'video']), departmentId: departmentId.optional() });

/** One WebRTC signal as it crosses the server. */
export type CallSignal = z.output<typeof callSignal>;

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
