import type { QualitySummary } from './call-quality.js';
import type { CallSignal } from './schemas.js';

/**
 * Voice and video calls: the wire types both the emulator and the SDK speak.
 *
 * A customer places a call through the visitor socket. The server rings agents over the agent
 * socket, relays the WebRTC signalling (SDP and ICE from simple-peer) between the customer and the
 * one agent currently on the call, and records every call.
 *
 * Delivery: state changes (`call.ringing`, `call.answered`, `call.held`, `call.resumed`,
 * `call.transferred`, `call.ended`) are durable realtime events: they take the tenant's next
 * sequence number and a reconnecting client catches up on them, so a call can never be left
 * ringing or active in a UI after its end was missed. `call.signal` and `call.media` are
 * ephemeral: an old SDP offer or a mute flag from before a reconnect is worse than useless, and the
 * current media state is always in the call snapshot.
 *
 * Signalling legs: the agent who answers is the WebRTC initiator. Every answer opens a new `legId`;
 * signals carry it and the server relays a signal only when its call is live, its sender is a party
 * of that call and its leg is the current one. After a transfer the customer drops the old leg and
 * starts the new one.
 */

export const CALL_TYPES = ['voice', 'video'] as const;
export type CallType = (typeof CALL_TYPES)[number];

/**
 * Where a call is on the server:
 * - `ringing`: waiting for an agent
 * - `active`: an agent is connected
 * - `held`: the agent put the customer on hold; no media flows either way
 * - `transferring`: still with the first agent (on hold) while another department rings
 * - `ended`
 */
export const CALL_STATUSES = ['ringing', 'active', 'held', 'transferring', 'ended'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/**
 * Where a call is as one party's client shows it: the server's statuses, plus `reconnecting`, which
 * only the two ends of the media link can see. It means the link broke mid-call and is restarting
 * ICE through the signalling path; the call comes back to its state before, or ends with
 * `connection_failed` when the reconnect grace (`CallsOptions.reconnectGraceMs`) runs out. The
 * server is not told: each side watches its own link, and signalling keeps flowing meanwhile.
 */
export const CALL_STATES = [...CALL_STATUSES, 'reconnecting'] as const;
export type CallState = (typeof CALL_STATES)[number];

/**
 * Why a call ended for whoever receives `call.ended`. The call log keeps the reason the whole call
 * ended; an agent whose ringing stopped sees why it stopped for them.
 */
export const CALL_END_REASONS = [
  /** The agent hung up. */
  'agent_ended',
  /** The customer hung up after an answer. */
  'customer_ended',
  /** The customer hung up before anyone answered. */
  'customer_cancelled',
  /** Nobody answered in time, everyone rejected, or nobody could be rung. */
  'missed',
  /** To a ringing agent: another agent answered first. */
  'answered_elsewhere',
  /** To the agent who rejected. */
  'rejected',
  /** To a ringing agent who went offline for calls, became busy or lost every connection. */
  'agent_unavailable',
  /** To the first agent of a transfer, released once the new agent answered. */
  'transferred',
  /** Microphone or camera could not be opened; the SDK ends or declines with this reason. */
  'media_failed',
  /** The peer connection could not be set up or broke for good. */
  'connection_failed',
  /** A party's realtime connection was gone for longer than the grace period. */
  'connection_lost',
] as const;
export type CallEndReason = (typeof CALL_END_REASONS)[number];

export interface CallMediaState {
  /** False while muted or on hold. */
  audio: boolean;
  /** True while a camera track is being sent. */
  video: boolean;
}

export interface CallCustomer {
  id: string;
  name: string;
  conversationId: string;
}

/** What every call event carries: the call as it is now. */
export interface CallSnapshot {
  callId: string;
  type: CallType;
  status: CallStatus;
  departmentId: string | null;
  customer: CallCustomer;
  /** The agent on the call; null while it first rings. */
  agentId: string | null;
  agentName: string | null;
  /** The signalling leg of the current agent; null until an answer. */
  legId: string | null;
  placedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  endReason: CallEndReason | null;
  /** When the current ringing stops by itself (first ring or transfer); null when nothing rings. */
  ringUntil: string | null;
  /** Present while a transfer rings the target department. */
  transfer: { toDepartmentId: string; fromAgentId: string } | null;
  customerMedia: CallMediaState;
  agentMedia: CallMediaState;
}

/** simple-peer signal data (an SDP description, an ICE candidate, or a renegotiation request); its shape and bounds are in schemas.ts. */
export type { CallSignal };

/* ------------------------------------------------------------------ agent socket */

/** Requests an agent socket sends for calls; every one is acknowledged `(err, result)`. */
export const CALL_REQUESTS = {
  online: 'calls.online',
  offline: 'calls.offline',
  accept: 'call.accept',
  reject: 'call.reject',
  end: 'call.end',
  hold: 'call.hold',
  resume: 'call.resume',
  transfer: 'call.transfer',
  signal: 'call.signal',
  media: 'call.media',
  /** The agent's measured quality of its leg, sent once as its part ends (see call-quality.ts). */
  quality: 'call.quality',
} as const;

/**
 * How many answered calls one agent may have at once: one live and one on hold. While under it, an
 * agent already in a call is still rung (presence `in_call`); accepting a call, or resuming a held
 * one, puts the agent's other live call on hold first.
 */
export const MAX_CALLS_PER_AGENT = 2;

export interface CallsOnlineReply {
  callsOnline: boolean;
  /** Calls ringing this agent right now, so that going online picks up a call already waiting. */
  ringing: CallSnapshot[];
  /** The call this agent is on, if any (for a tab that reloaded during a call); the first of `answered`. */
  active: CallSnapshot | null;
  /** Every call this agent is on (live, held or being transferred), up to `MAX_CALLS_PER_AGENT`. */
  answered: CallSnapshot[];
}

export interface CallAcceptRequest {
  callId: string;
}
export interface CallRejectRequest {
  callId: string;
  reason?: string;
  /** `media_failed` when the agent could not open their devices. */
  code?: 'rejected' | 'media_failed';
}
export interface CallEndRequest {
  callId: string;
  reason?: 'agent_ended' | 'media_failed' | 'connection_failed';
}
export interface CallIdRequest {
  callId: string;
}
export interface CallTransferRequest {
  callId: string;
  departmentId: string;
}
export interface CallSignalRequest {
  callId: string;
  legId: string;
  signal: CallSignal;
}
export interface CallMediaRequest extends CallMediaState {
  callId: string;
}

/** Realtime data of the call events an agent receives. */
export interface CallRealtimeData {
  /** This agent is being rung. `transfer` in the snapshot says it is a transfer. */
  'call.ringing': { call: CallSnapshot };
  /** An agent answered: to the one who did (all their tabs) and, for a transfer, to the first agent. */
  'call.answered': { call: CallSnapshot };
  'call.held': { call: CallSnapshot };
  'call.resumed': { call: CallSnapshot };
  /**
   * To the agent who started a transfer: `completed` (the new agent answered; `call.ended` with
   * reason `transferred` follows) or `returned` (nobody answered; the call is theirs again, still held).
   */
  'call.transferred': { call: CallSnapshot; outcome: 'completed' | 'returned'; toDepartmentId: string };
  /** The call is over for this agent, for `reason`; `call.status` says whether it is over for everyone. */
  'call.ended': { call: CallSnapshot; reason: CallEndReason };
  /** The other party changed their media (ephemeral). */
  'call.media': { callId: string; party: 'customer' | 'agent'; media: CallMediaState };
  /** Signalling from the customer for the current leg (ephemeral). */
  'call.signal': { callId: string; legId: string; signal: CallSignal };
}

export const CALL_EVENTS = [
  'call.ringing',
  'call.answered',
  'call.held',
  'call.resumed',
  'call.transferred',
  'call.ended',
  'call.media',
  'call.signal',
] as const satisfies ReadonlyArray<keyof CallRealtimeData>;

export const EPHEMERAL_CALL_EVENTS = ['call.media', 'call.signal'] as const;

/* ------------------------------------------------------------------ visitor socket */

export const VISITOR_CALL_REQUESTS = {
  start: 'visitor.call.start',
  end: 'visitor.call.end',
  signal: 'visitor.call.signal',
  media: 'visitor.call.media',
} as const;

export interface VisitorCallStartRequest {
  type: CallType;
  /**
   * Checked to exist, then not used: a call always rings where its conversation is (the customer
   * cannot know where agents moved it). Kept so that existing widgets need no change.
   */
  departmentId?: string;
}

/** Events a visitor socket receives about its calls. */
export interface VisitorCallEvents {
  'call.ringing': { call: VisitorCallView };
  /** An agent answered (also after a transfer): drop any previous leg and wait for its offer. */
  'call.answered': { call: VisitorCallView };
  'call.held': { call: VisitorCallView };
  'call.resumed': { call: VisitorCallView };
  'call.transferring': { call: VisitorCallView };
  'call.ended': { call: VisitorCallView; reason: CallEndReason };
  'call.media': { callId: string; party: 'agent'; media: CallMediaState };
  'call.signal': { callId: string; legId: string; signal: CallSignal };
}

/** The call as the customer sees it: no agent ids, only the agent's display name. */
export interface VisitorCallView {
  callId: string;
  type: CallType;
  status: CallStatus;
  agentName: string | null;
  legId: string | null;
  placedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  endReason: CallEndReason | null;
}

/* ------------------------------------------------------------------ call log (REST) */

export interface CallLegRecord {
  legId: string;
  agentId: string;
  answeredAt: string;
  endedAt: string | null;
  /** How this agent's part ended: `transferred` for a released first agent. */
  endReason: CallEndReason | null;
  /** What the agent's browser measured on this leg (`call.quality`), once it has sent it. */
  quality?: QualitySummary;
}

/** One call in the log: who, when, how long and how it ended. */
export interface CallRecord {
  callId: string;
  type: CallType;
  status: CallStatus;
  departmentId: string | null;
  customer: CallCustomer;
  placedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  /** From the first answer to the end; 0 for a call nobody answered. */
  talkDurationMs: number;
  /** From placing the call to the first answer, or to the end for a call nobody answered. */
  ringDurationMs: number;
  endReason: CallEndReason | null;
  endedBy: 'agent' | 'customer' | 'system' | null;
  /** The agent on the call when it ended, or now. */
  agentId: string | null;
  legs: CallLegRecord[];
  rungAgentIds: string[];
  rejections: Array<{ agentId: string; at: string; reason: string | null }>;
  transfers: Array<{ fromAgentId: string; toDepartmentId: string; at: string; outcome: 'pending' | 'completed' | 'returned' }>;
}

export interface CallPage {
  calls: CallRecord[];
}
