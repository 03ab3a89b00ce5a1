import type { AgentSummary, Conversation, Department, Message, PresenceStatus, VisitorMessage } from './models.js';
import type { AgentScope, Role } from './scopes.js';
import type { SocketErrorType } from './errors.js';
import { CALL_EVENTS, EPHEMERAL_CALL_EVENTS, type CallRealtimeData } from './calls.js';

/** The protocol version `agent.connect` must carry. */
export const AGENT_PROTOCOL_VERSION = 5;

/** Requests an agent socket sends (seed 004). */
export const AGENT_REQUESTS = {
  connect: 'agent.connect',
  logout: 'agent.logout',
  trackVisitors: 'agent.track_visitors',
  typing: 'chat.typing',
} as const;

export interface AgentConnectRequest {
  version: number;
  id: string;
  key: string;
  authToken?: string;
  /** Legacy spelling, accepted as a fallback for `authToken`. */
  authtoken?: string;
  deviceType?: string | null;
  deviceToken?: string | null;
  devicePlatform?: string | null;
  trackVisitors?: boolean;
  bundleVersion?: string;
}

export interface SocketAgent {
  id: string;
  status: PresenceStatus;
  groups: string[];
  email: string;
  nickname: string;
  fullname: string;
  description: string;
  avatar: string;
  connectedAt: string;
  disabled: boolean;
  role: Role;
  departmentId: string | null;
}

export interface AgentConnectReply {
  serverVersion: number;
  agent: SocketAgent;
  account: {
    agents: Array<Omit<SocketAgent, 'email' | 'connectedAt' | 'disabled' | 'role' | 'departmentId'>>;
    groups: Array<{ key: string; name: string }>;
  };
  /** The last sequence number this agent was sent; a client compares it with its own to catch up. */
  lastSeq: number;
  /**
   * Names the server's event stream. Sequence numbers are only comparable within one stream: when
   * the id differs from the one a client holds (the server restarted), its seq means nothing here
   * and it resyncs instead of catching up.
   */
  streamId: string;
}

export interface AgentLogoutRequest {
  deviceToken?: string;
  devicePlatform?: string;
}

export interface ChatTypingRequest {
  chatId: string;
  visitorId: string;
  typing: { is: boolean };
}

/** The error an acknowledgement carries as its first argument. */
export interface SocketError {
  message: string;
  event: string;
  /** `internal_error`: the server failed on its side; the request changed nothing and may be retried. */
  type: SocketErrorType;
  /** The API error code behind it, when there is one (call requests always carry it). */
  code?: string;
}

export type Ack<T> = (err: SocketError | null, result: T | null) => void;

/** Realtime events to agents, named as the Ringnity realtime contract names them. */
export const REALTIME_EVENTS = [
  'chat.message.created',
  'chat.typing.started',
  'chat.typing.stopped',
  'conversation.updated',
  'agent.presence.updated',
  'queue.updated',
  'visitor.connected',
  'visitor.disconnected',
  ...CALL_EVENTS,
] as const;
export type RealtimeEventName = (typeof REALTIME_EVENTS)[number];

/** Events that are not kept in the log and never replayed: they only matter while they happen. */
export const EPHEMERAL_EVENTS: readonly RealtimeEventName[] = ['chat.typing.started', 'chat.typing.stopped', 'visitor.connected', 'visitor.disconnected', ...EPHEMERAL_CALL_EVENTS];

/**
 * The read scope a token needs to receive each event. A socket is sent no event its token could
 * not read over REST, and the `prevSeq` chain of each socket only counts events it may receive.
 * The emulator filters and chains by this table, and the SDK's `canReceive` reads it.
 */
export const REALTIME_EVENT_SCOPES: Readonly<Record<RealtimeEventName, AgentScope>> = {
  'chat.message.created': 'agent:messages:read',
  'chat.typing.started': 'agent:messages:read',
  'chat.typing.stopped': 'agent:messages:read',
  'conversation.updated': 'agent:conversations:read',
  'agent.presence.updated': 'agent:presence:read',
  'queue.updated': 'agent:conversations:read',
  'visitor.connected': 'agent:conversations:read',
  'visitor.disconnected': 'agent:conversations:read',
  'call.ringing': 'agent:calls:read',
  'call.answered': 'agent:calls:read',
  'call.held': 'agent:calls:read',
  'call.resumed': 'agent:calls:read',
  'call.transferred': 'agent:calls:read',
  'call.ended': 'agent:calls:read',
  'call.media': 'agent:calls:read',
  'call.signal': 'agent:calls:read',
};

/** Every scope some event needs, each once: the scopes a per-scope `prevSeq` chain runs over. */
export const REALTIME_READ_SCOPES: readonly AgentScope[] = ['agent:messages:read', 'agent:conversations:read', 'agent:presence:read', 'agent:calls:read'];

export function realtimeEventScope(type: RealtimeEventName): AgentScope {
  return REALTIME_EVENT_SCOPES[type];
}

/**
 * The `conversation.updated` a message event stands for when it carries the recipient's list row:
 * what a client whose token reads conversations but not messages is sent in its place, and what
 * the SDK hands to `conversation.updated` listeners after the message.
 */
export function listUpdateOf(data: RealtimeData['chat.message.created']): RealtimeData['conversation.updated'] | null {
  return data.conversation ? { conversation: data.conversation, change: 'message', visible: true } : null;
}

export type ConversationChange =
  | 'created'
  | 'message'
  | 'read'
  | 'accepted'
  | 'assigned'
  | 'transferred'
  | 'closed'
  | 'attachment_deleted'
  /** An agent joined as a participant, by answering the customer's call. */
  | 'joined';

export interface TypingActor {
  type: 'customer' | 'agent';
  id: string;
  name: string;
}

export interface RealtimeData extends CallRealtimeData {
  /**
   * `conversation`: the recipient's list row after this message, carried by every message that
   * is not a management change, so that the list moves without a separate `conversation.updated`.
   * System messages of accept, assign, transfer and close leave it out and are followed by one.
   */
  'chat.message.created': { conversationId: string; message: Message; conversation?: Conversation };
  'chat.typing.started': { conversationId: string; by: TypingActor };
  'chat.typing.stopped': { conversationId: string; by: TypingActor };
  /** `visible` is false when this change took the conversation out of the recipient's sight. */
  'conversation.updated': { conversation: Conversation; change: ConversationChange; visible: boolean };
  'agent.presence.updated': { agentId: string; status: PresenceStatus; previousStatus: PresenceStatus };
  'queue.updated': { departmentId: string | null; waiting: number };
  'visitor.connected': VisitorPresence;
  'visitor.disconnected': VisitorPresence;
}

/**
 * A visitor arriving on or leaving the site. `name` and `conversationId` are there only when the
 * agent may see the visitor's conversation; a tracking agent learns of other visitors by an id alone.
 */
export interface VisitorPresence {
  visitorId: string;
  name?: string;
  conversationId?: string;
}

/**
 * Every realtime event is wrapped the same way. `seq` is the tenant's sequence number; `prevSeq`
 * is the `seq` of the previous durable event sent to this agent, so a client that holds a
 * different last `seq` knows it missed something and can catch up with `GET /api/agent/events`.
 * Ephemeral events carry the current `seq` and do not move the chain.
 */
export interface RealtimeEnvelope<N extends RealtimeEventName = RealtimeEventName> {
  type: N;
  seq: number;
  prevSeq: number;
  at: string;
  ephemeral: boolean;
  data: RealtimeData[N];
}

export type AnyRealtimeEnvelope = { [N in RealtimeEventName]: RealtimeEnvelope<N> }[RealtimeEventName];

/** One page of `GET /api/agent/events?after=N&limit=M`. */
export interface EventsPage {
  /** At most `limit` events after `after`, in seq order. */
  events: AnyRealtimeEnvelope[];
  /** The last seq sent to this agent: where the stream stands now. */
  lastSeq: number;
  /** The stream these seqs belong to; see `AgentConnectReply.streamId`. */
  streamId: string;
  /** More events follow: ask again with `after=nextAfter`. */
  hasMore: boolean;
  /** The cursor for the next page: the seq of this page's last event (`after` itself when the page is empty). */
  nextAfter: number;
}

/** Sent when a socket's token expired; the client re-sends `agent.connect` with a fresh token. */
export const SESSION_EXPIRED_EVENT = 'agent.session.expired';

/* ----------------------------------------------------------------- visitor side */

export const VISITOR_REQUESTS = {
  connect: 'visitor.connect',
  typing: 'visitor.typing',
} as const;

export interface VisitorConnectRequest {
  token: string;
}

export interface VisitorConnectReply {
  conversationId: string;
  visitorId: string;
}

export interface VisitorTypingRequest {
  is: boolean;
}

/** What a visitor socket receives: customer-facing shapes only (see `VisitorMessage`). */
export interface VisitorEvents {
  'chat.message.created': { conversationId: string; message: VisitorMessage };
  'chat.typing.started': { conversationId: string; by: { type: 'agent'; name: string } };
  'chat.typing.stopped': { conversationId: string; by: { type: 'agent'; name: string } };
  'conversation.updated': { conversationId: string; status: 'open' | 'closed' };
}

export type { AgentSummary, Department };
