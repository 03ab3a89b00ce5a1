import { newId } from './ids.js';
import {
  MAX_CALLS_PER_AGENT,
  type CallEndReason,
  type CallMediaState,
  type CallRecord,
  type CallSnapshot,
  type CallType,
  type CallsOnlineReply,
  type VisitorCallView,
} from '../protocol/calls.js';
import type { PresenceStatus } from '../protocol/models.js';
import { ApiError } from './api-error.js';

/** A call still in progress: its record (kept in the call log) and what routing needs meanwhile. */
export interface LiveCall {
  record: CallRecord;
  legId: string | null;
  /** Agents being rung right now. */
  ringing: Set<string>;
  /** Agents who rejected or dropped out of the current ringing phase; never rung again in it. */
  declined: Set<string>;
  ringTimer: NodeJS.Timeout | undefined;
  ringUntil: string | null;
  transfer: { fromAgentId: string; toDepartmentId: string } | null;
  customerMedia: CallMediaState;
  agentMedia: CallMediaState;
  /** The presence each agent had before the call made it `in_call`. */
  presenceBefore: Map<string, PresenceStatus>;
  graceTimers: Map<string, NodeJS.Timeout>;
  visitorId: string;
}

/** A call a customer has just placed, ringing nobody yet. */
export function newLiveCall(visitor: { id: string; name: string; conversationId: string }, type: CallType, departmentId: string | null, now: string): LiveCall {
  return {
    record: {
      callId: newId('call'),
      type,
      status: 'ringing',
      departmentId,
      customer: { id: visitor.id, name: visitor.name, conversationId: visitor.conversationId },
      placedAt: now,
      answeredAt: null,
      endedAt: null,
      talkDurationMs: 0,
      ringDurationMs: 0,
      endReason: null,
      endedBy: null,
      agentId: null,
      legs: [],
      rungAgentIds: [],
      rejections: [],
      transfers: [],
    },
    legId: null,
    ringing: new Set(),
    declined: new Set(),
    ringTimer: undefined,
    ringUntil: null,
    transfer: null,
    customerMedia: { audio: true, video: type === 'video' },
    agentMedia: { audio: false, video: false },
    presenceBefore: new Map(),
    graceTimers: new Map(),
    visitorId: visitor.id,
  };
}

/** Marks the record ended now, with its durations; a transfer still pending counts as returned. */
export function endRecord(call: LiveCall, reason: CallEndReason, endedBy: 'agent' | 'customer' | 'system', now: string): void {
  const record = call.record;
  record.status = 'ended';
  record.endedAt = now;
  record.endReason = reason;
  record.endedBy = endedBy;
  record.talkDurationMs = record.answeredAt ? Date.parse(now) - Date.parse(record.answeredAt) : 0;
  if (!record.answeredAt) record.ringDurationMs = Date.parse(now) - Date.parse(record.placedAt);
  if (call.transfer) {
    const transfer = record.transfers.at(-1);
    if (transfer) transfer.outcome = 'returned';
    call.transfer = null;
  }
  closeLeg(call, reason, now);
}

export function closeLeg(call: LiveCall, reason: CallEndReason, now: string): void {
  const leg = call.record.legs.at(-1);
  if (leg && !leg.endedAt) {
    leg.endedAt = now;
    leg.endReason = reason;
  }
}

/** The call as agents see it; `agentName` resolves the answering agent. */
export function callSnapshot(call: LiveCall, agentName: (id: string) => string | null): CallSnapshot {
  const r = call.record;
  return {
    callId: r.callId,
    type: r.type,
    status: r.status,
    departmentId: r.departmentId,
    customer: { ...r.customer },
    agentId: r.agentId,
    agentName: r.agentId ? agentName(r.agentId) : null,
    legId: call.legId,
    placedAt: r.placedAt,
    answeredAt: r.answeredAt,
    endedAt: r.endedAt,
    endReason: r.endReason,
    ringUntil: call.ringUntil,
    transfer: call.transfer ? { ...call.transfer } : null,
    customerMedia: { ...call.customerMedia },
    agentMedia: { ...call.agentMedia },
  };
}

/** The call as the customer sees it: no department, no other agents, no routing. */
export function visitorCallView(call: LiveCall, agentName: (id: string) => string | null): VisitorCallView {
  const r = call.record;
  return {
    callId: r.callId,
    type: r.type,
    status: r.status,
    agentName: r.agentId ? agentName(r.agentId) : null,
    legId: call.legId,
    placedAt: r.placedAt,
    answeredAt: r.answeredAt,
    endedAt: r.endedAt,
    endReason: r.endReason,
  };
}

/** Rings `call` until `ms` from `now`, then runs `onTimeout` (missed, or a transfer returned). */
export function startRingTimer(call: LiveCall, ms: number, now: number, onTimeout: () => void): void {
  stopRingTimer(call);
  call.ringUntil = new Date(now + ms).toISOString();
  call.ringTimer = setTimeout(() => {
    call.ringTimer = undefined;
    onTimeout();
  }, ms);
  call.ringTimer.unref();
}

export function stopRingTimer(call: LiveCall): void {
  clearTimeout(call.ringTimer);
  call.ringTimer = undefined;
  call.ringUntil = null;
}

/** Runs `onExpired` after `ms` unless `clearGrace` comes first; a party already waiting keeps its timer. */
export function startGrace(call: LiveCall, party: string, ms: number, onExpired: () => void): void {
  if (call.graceTimers.has(party)) return;
  const timer = setTimeout(() => {
    call.graceTimers.delete(party);
    onExpired();
  }, ms);
  timer.unref();
  call.graceTimers.set(party, timer);
}

export function clearGrace(call: LiveCall, party: string): void {
  clearTimeout(call.graceTimers.get(party));
  call.graceTimers.delete(party);
}

/** The calls in progress, and the lookups that answer "not found" the way each kind of caller should hear it. */
export class LiveCalls extends Map<string, LiveCall> {
  /** A live call, unless `hidden` says the asker may not know of it; an ended call is a conflict, not a 404. */
  find(callId: string, callLog: readonly CallRecord[], hidden?: (record: CallRecord) => boolean): LiveCall {
    const call = this.get(callId);
    const record = call?.record ?? callLog.find((r) => r.callId === callId);
    if (!record || hidden?.(record)) throw new ApiError('AGENT_SDK_CALL_NOT_FOUND', `Call ${callId} was not found`, 'callId');
    if (!call) throw new ApiError('AGENT_SDK_CALL_STATE_CONFLICT', `Call ${callId} has ended`, 'callId');
    return call;
  }

  /** A live call this agent is on. */
  own(agentId: string, callId: string, callLog: readonly CallRecord[]): LiveCall {
    const call = this.find(callId, callLog);
    if (call.record.agentId !== agentId || call.record.status === 'ringing') {
      throw new ApiError('AGENT_SDK_CALL_NOT_FOUND', `Call ${callId} is not a call of this agent`, 'callId');
    }
    return call;
  }

  ofVisitor(visitorId: string, callId: string): LiveCall {
    const call = this.get(callId);
    if (!call || call.visitorId !== visitorId) throw new ApiError('VISITOR_INVALID_REQUEST', `callId: no live call ${callId} of this visitor`, 'callId');
    return call;
  }

  /** Whether the agent may take (or be rung for) one more call. */
  hasRoom(agentId: string): boolean {
    return this.answeredBy(agentId).length < MAX_CALLS_PER_AGENT;
  }

  /** What `calls.online` answers: what rings this agent and the calls they are on. */
  statusFor(agentId: string, callsOnline: boolean, snapshot: (call: LiveCall) => CallSnapshot): CallsOnlineReply {
    const answered = this.answeredBy(agentId).map(snapshot);
    return { callsOnline, ringing: [...this.values()].filter((c) => c.ringing.has(agentId)).map(snapshot), active: answered[0] ?? null, answered };
  }

  /** The calls the agent is on (answered, held or being transferred), oldest first. */
  answeredBy(agentId: string): LiveCall[] {
    return [...this.values()].filter((c) => c.record.agentId === agentId && c.record.status !== 'ringing');
  }
}
