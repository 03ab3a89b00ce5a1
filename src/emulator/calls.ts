import { newId } from './ids.js';
import type {
  CallEndReason,
  CallMediaState,
  CallRecord,
  CallRealtimeData,
  CallSignal,
  CallSnapshot,
  CallStatus,
  CallType,
  CallsOnlineReply,
  VisitorCallEvents,
  VisitorCallView,
} from '../protocol/calls.js';
import type { RealtimeData } from '../protocol/socket.js';
import { ApiError } from './api-error.js';
import { mayRing, maySeeCall } from './call-visibility.js';
import { callSnapshot, clearGrace, closeLeg, endRecord, newLiveCall, startGrace, startRingTimer, stopRingTimer, visitorCallView, type LiveCall, LiveCalls } from './live-call.js';
import type { Store } from './store.js';

export { listCalls } from './call-visibility.js';

export interface CallRouterOptions {
  store: Store;
  /** How long a call (or a transfer) rings before it is missed (or returns). */
  ringTimeoutMs: number;
  /** How long a party of a live call may be without a connection before the call ends. */
  reconnectGraceMs: number;
  /** True while the agent has at least one authenticated socket. */
  isAgentConnected(agentId: string): boolean;
  toVisitor<N extends keyof VisitorCallEvents>(conversationId: string, name: N, data: VisitorCallEvents[N]): void;
}

/** A ringing agent who loses every socket is dropped after this, unless a reconnect came first. */
const RING_DISCONNECT_MS = 1_000;

/**
 * The emulator's call routing. A call rings every eligible agent of its department at once;
 * the first accept wins. Eligible means: went online for calls, presence `online` (so neither busy
 * nor already in a call), connected, and not among those who declined this ringing phase. Whenever
 * an agent becomes eligible while a call rings (goes online, comes back from busy, reconnects), they
 * start ringing too, which is how a reject "moves on": the call keeps ringing whoever is left and
 * picks up anyone new, and is missed when nobody is left or the ring timeout passes.
 *
 * Transfer: the call stays with the first agent, on hold, while the target department rings. The
 * first agent is released (`call.ended`, reason `transferred`) only when a new agent answers; if
 * nobody does, the call returns to them, still on hold (`call.transferred`, outcome `returned`).
 */
export class CallRouter {
  private readonly live = new LiveCalls();
  private readonly visitorSockets = new Map<string, number>();
  private readonly unsubscribePresence: () => void;

  constructor(private readonly options: CallRouterOptions) {
    const { store } = options;
    this.unsubscribePresence = store.hub.subscribe((event) => {
      if (event.type === 'conversation.updated') {
        const { conversation } = event.data as RealtimeData['conversation.updated'];
        // After this event has gone out: a call event published from inside its delivery would
        // reach the sockets ahead of it, out of sequence order.
        queueMicrotask(() => this.conversationChanged(conversation.conversationId));
        return;
      }
      if (event.type !== 'agent.presence.updated') return;
      const { agentId, status } = event.data as RealtimeData['agent.presence.updated'];
      if (status === 'online') this.ringEveryCall();
      // In a call, an agent with room for another keeps ringing: the second call is theirs to take.
      else if (status !== 'in_call' || !this.live.hasRoom(agentId)) this.stopRingingAgent(agentId, 'agent_unavailable');
    });
  }

  private get store(): Store {
    return this.options.store;
  }

  /* ------------------------------------------------------------------ agent requests */

  online(agentId: string): CallsOnlineReply {
    const agent = this.store.requireAgent(agentId);
    agent.callsOnline = true;
    this.ringEveryCall();
    return this.statusFor(agentId);
  }

  offline(agentId: string): CallsOnlineReply {
    const agent = this.store.requireAgent(agentId);
    agent.callsOnline = false;
    this.stopRingingAgent(agentId, 'agent_unavailable');
    for (const call of [...this.live.values()]) {
      if (call.record.agentId === agentId) this.finish(call, 'agent_ended', 'agent');
    }
    return this.statusFor(agentId);
  }

  accept(agentId: string, callId: string): CallSnapshot {
    const call = this.liveCall(callId, agentId);
    if (!call.ringing.has(agentId)) {
      if (call.record.agentId && call.record.agentId !== agentId && !call.transfer) {
        throw new ApiError('AGENT_SDK_CALL_ALREADY_ANSWERED', `Call ${callId} was answered by another agent`, 'callId');
      }
      throw new ApiError('AGENT_SDK_CALL_STATE_CONFLICT', `Call ${callId} is not ringing this agent`, 'callId');
    }
    if (!this.live.hasRoom(agentId)) {
      throw new ApiError('AGENT_SDK_CALL_STATE_CONFLICT', 'callId: this agent is on as many calls as one may have; end one first', 'callId');
    }
    // The call the agent talks in now goes on hold, and its customer hears so, before the new one connects.
    this.holdOthers(agentId, call);
    const others = [...call.ringing].filter((id) => id !== agentId);
    call.ringing.clear();
    stopRingTimer(call);
    const now = this.store.isoNow();

    const previous = call.transfer ? call.record.agentId : null;
    if (previous) {
      const transfer = call.record.transfers.at(-1);
      if (transfer) transfer.outcome = 'completed';
      const toDepartmentId = call.transfer!.toDepartmentId;
      call.transfer = null;
      closeLeg(call, 'transferred', this.store.isoNow());
      call.record.agentId = agentId;
      this.publish('call.transferred', previous, { call: this.snapshot(call), outcome: 'completed', toDepartmentId });
      this.publish('call.ended', previous, { call: this.snapshot(call), reason: 'transferred' });
      this.restorePresence(call, previous);
    }

    call.legId = newId('leg');
    call.record.agentId = agentId;
    call.record.status = 'active';
    call.record.answeredAt ??= now;
    call.record.ringDurationMs = Date.parse(call.record.answeredAt) - Date.parse(call.record.placedAt);
    call.record.legs.push({ legId: call.legId, agentId, answeredAt: now, endedAt: null, endReason: null });
    call.agentMedia = { audio: true, video: call.record.type === 'video' };
    const agent = this.store.requireAgent(agentId);
    // A second call keeps what the first one will hand back.
    const first = this.live
      .answeredBy(agentId)
      .find((c) => c !== call)
      ?.presenceBefore.get(agentId);
    call.presenceBefore.set(agentId, first ?? (agent.presence === 'in_call' ? 'online' : agent.presence));
    this.store.setPresence(agentId, 'in_call', { byServer: true });
    if (!this.live.hasRoom(agentId)) this.stopRingingAgent(agentId, 'agent_unavailable');

    const snapshot = this.snapshot(call);
    this.publish('call.answered', agentId, { call: snapshot });
    for (const other of others) this.publish('call.ended', other, { call: snapshot, reason: 'answered_elsewhere' });
    this.toVisitor(call, 'call.answered', { call: this.visitorView(call) });
    // Talking with the customer is taking part in their conversation: the thread stays open to
    // this agent, and so does the call in their log, wherever the conversation goes next.
    this.store.addParticipant(agentId, call.record.customer.conversationId);
    return snapshot;
  }

  reject(agentId: string, callId: string, reason: string | undefined, code: 'rejected' | 'media_failed' = 'rejected'): true {
    const call = this.liveCall(callId, agentId);
    if (!call.ringing.has(agentId)) throw new ApiError('AGENT_SDK_CALL_STATE_CONFLICT', `Call ${callId} is not ringing this agent`, 'callId');
    call.ringing.delete(agentId);
    call.declined.add(agentId);
    call.record.rejections.push({ agentId, at: this.store.isoNow(), reason: reason ?? null });
    this.publish('call.ended', agentId, { call: this.snapshot(call), reason: code });
    this.ring(call);
    return true;
  }

  end(agentId: string, callId: string, reason: 'agent_ended' | 'media_failed' | 'connection_failed' = 'agent_ended'): CallSnapshot {
    const call = this.live.own(agentId, callId, this.store.callLog);
    this.finish(call, reason, 'agent');
    return this.snapshot(call);
  }

  hold(agentId: string, callId: string): CallSnapshot {
    return this.setHeld(this.live.own(agentId, callId, this.store.callLog), true);
  }

  resume(agentId: string, callId: string): CallSnapshot {
    return this.setHeld(this.live.own(agentId, callId, this.store.callLog), false);
  }

  transfer(agentId: string, callId: string, departmentId: string): CallSnapshot {
    const call = this.live.own(agentId, callId, this.store.callLog);
    if (!this.store.department(departmentId)) throw new ApiError('AGENT_SDK_INVALID_REQUEST', `departmentId: unknown department ${departmentId}`, 'departmentId');
    if (call.record.status !== 'active' && call.record.status !== 'held') {
      throw new ApiError('AGENT_SDK_CALL_STATE_CONFLICT', `Call ${callId} is ${call.record.status} and cannot be transferred now`, 'callId');
    }
    // The conversation goes first, with the agent's own right to transfer it: the call is rung
    // only where the conversation can be seen, so the two move together or not at all.
    this.store.transfer(this.store.requireAgent(agentId), call.record.customer.conversationId, departmentId, "Transferred with the customer's call");
    call.record.departmentId = departmentId;
    call.transfer = { fromAgentId: agentId, toDepartmentId: departmentId };
    call.record.status = 'transferring';
    call.record.transfers.push({ fromAgentId: agentId, toDepartmentId: departmentId, at: this.store.isoNow(), outcome: 'pending' });
    call.declined = new Set([agentId]);
    startRingTimer(call, this.options.ringTimeoutMs, this.store.now(), () => this.phaseFailed(call));
    this.toVisitor(call, 'call.transferring', { call: this.visitorView(call) });
    this.ring(call, { deferEmpty: true });
    return this.snapshot(call);
  }

  agentSignal(agentId: string, request: { callId: string; legId: string; signal: CallSignal }): true {
    const call = this.live.own(agentId, request.callId, this.store.callLog);
    if (request.legId !== call.legId) throw new ApiError('AGENT_SDK_CALL_STATE_CONFLICT', 'legId: this is not the current leg of the call', 'legId');
    this.toVisitor(call, 'call.signal', { callId: call.record.callId, legId: request.legId, signal: request.signal });
    return true;
  }

  agentMedia(agentId: string, request: { callId: string } & CallMediaState): true {
    const call = this.live.own(agentId, request.callId, this.store.callLog);
    call.agentMedia = { audio: request.audio, video: request.video };
    this.toVisitor(call, 'call.media', { callId: call.record.callId, party: 'agent', media: call.agentMedia });
    return true;
  }

  /* ------------------------------------------------------------------ visitor requests */

  /**
   * A call always goes where its conversation is. A `departmentId` the visitor names is only
   * checked to exist: the customer cannot know of internal transfers, and telling them where
   * their conversation went would leak routing.
   */
  start(visitorId: string, request: { type: CallType; departmentId?: string | undefined }): VisitorCallView {
    const visitor = this.store.visitors.get(visitorId);
    if (!visitor) throw new ApiError('VISITOR_TOKEN_INVALID', 'This visitor no longer exists');
    if ([...this.live.values()].some((c) => c.visitorId === visitorId)) {
      throw new ApiError('VISITOR_INVALID_REQUEST', 'callId: this visitor already has a call in progress', 'callId');
    }
    const conversation = this.store.visitorConversation(visitorId, visitor.conversationId);
    if (request.departmentId && !this.store.department(request.departmentId)) {
      throw new ApiError('VISITOR_INVALID_REQUEST', `departmentId: unknown department ${request.departmentId}`, 'departmentId');
    }
    const departmentId = conversation.departmentId;
    const call = newLiveCall({ id: visitorId, name: visitor.name, conversationId: visitor.conversationId }, request.type, departmentId, this.store.isoNow());
    this.store.callLog.push(call.record);
    this.live.set(call.record.callId, call);
    startRingTimer(call, this.options.ringTimeoutMs, this.store.now(), () => this.phaseFailed(call));
    // The caller's acknowledgement goes out before a "nobody to ring" ending does.
    this.ring(call, { deferEmpty: true });
    return this.visitorView(call);
  }

  visitorEnd(visitorId: string, callId: string, reason?: 'connection_failed'): VisitorCallView {
    const call = this.live.ofVisitor(visitorId, callId);
    this.finish(call, call.record.status === 'ringing' ? 'customer_cancelled' : (reason ?? 'customer_ended'), 'customer');
    return this.visitorView(call);
  }

  visitorSignal(visitorId: string, request: { callId: string; legId: string; signal: CallSignal }): true {
    const call = this.live.ofVisitor(visitorId, request.callId);
    if (!call.record.agentId || request.legId !== call.legId) {
      throw new ApiError('VISITOR_INVALID_REQUEST', 'legId: this is not the current leg of the call', 'legId');
    }
    this.publish('call.signal', call.record.agentId, { callId: call.record.callId, legId: request.legId, signal: request.signal });
    return true;
  }

  visitorMedia(visitorId: string, request: { callId: string } & CallMediaState): true {
    const call = this.live.ofVisitor(visitorId, request.callId);
    call.customerMedia = { audio: request.audio, video: request.video };
    if (call.record.agentId) this.publish('call.media', call.record.agentId, { callId: call.record.callId, party: 'customer', media: call.customerMedia });
    return true;
  }

  /* ------------------------------------------------------------------ connectivity */

  /** Called whenever an agent socket authenticates or goes away. */
  agentConnectivityChanged(agentId: string): void {
    if (this.options.isAgentConnected(agentId)) {
      for (const call of this.live.values()) clearGrace(call, agentId);
      this.ringEveryCall();
      return;
    }
    setTimeout(() => {
      if (!this.options.isAgentConnected(agentId)) this.stopRingingAgent(agentId, 'agent_unavailable');
    }, RING_DISCONNECT_MS).unref();
    for (const call of this.live.values()) {
      if (call.record.agentId === agentId) startGrace(call, agentId, this.options.reconnectGraceMs, () => this.finish(call, 'connection_lost', 'system'));
    }
  }

  visitorConnectivityChanged(visitorId: string, delta: 1 | -1): void {
    const count = Math.max(0, (this.visitorSockets.get(visitorId) ?? 0) + delta);
    this.visitorSockets.set(visitorId, count);
    for (const call of this.live.values()) {
      if (call.visitorId !== visitorId) continue;
      // A ringing call gets the same grace as a live one: a customer on a flaky network keeps their place.
      if (count > 0) clearGrace(call, visitorId);
      else startGrace(call, visitorId, this.options.reconnectGraceMs, () => this.finish(call, 'connection_lost', 'system'));
    }
  }

  close(): void {
    this.unsubscribePresence();
    for (const call of this.live.values()) {
      stopRingTimer(call);
      for (const timer of call.graceTimers.values()) clearTimeout(timer);
    }
    this.live.clear();
  }

  /* ------------------------------------------------------------------ ringing */

  private eligible(call: LiveCall, agentId: string): boolean {
    const agent = this.store.agents.get(agentId);
    if (!agent || !agent.callsOnline) return false;
    if (agent.presence !== 'online' && !(agent.presence === 'in_call' && this.live.hasRoom(agentId))) return false;
    if (call.declined.has(agentId) || call.ringing.has(agentId) || call.record.agentId === agentId) return false;
    if (!mayRing(this.store, agent, call.record.customer.conversationId)) return false;
    return this.options.isAgentConnected(agentId);
  }

  /** Rings everyone newly eligible; a phase with nobody left ends (missed) or returns (transfer). */
  private ring(call: LiveCall, options: { deferEmpty?: boolean } = {}): void {
    if (call.record.status !== 'ringing' && call.record.status !== 'transferring') return;
    for (const agentId of this.store.agents.keys()) {
      if (!this.eligible(call, agentId)) continue;
      call.ringing.add(agentId);
      if (!call.record.rungAgentIds.includes(agentId)) call.record.rungAgentIds.push(agentId);
      this.publish('call.ringing', agentId, { call: this.snapshot(call) });
    }
    if (call.ringing.size > 0) return;
    if (options.deferEmpty) setImmediate(() => this.ring(call));
    else this.phaseFailed(call);
  }

  /** The conversation of some calls changed hands: stop ringing who lost sight of it, ring who gained it. */
  private conversationChanged(conversationId: string): void {
    for (const call of [...this.live.values()]) {
      if (call.record.customer.conversationId !== conversationId) continue;
      if (call.record.status !== 'ringing' && call.record.status !== 'transferring') continue;
      let stopped = false;
      for (const agentId of [...call.ringing]) {
        const agent = this.store.agents.get(agentId);
        if (agent && mayRing(this.store, agent, conversationId)) continue;
        call.ringing.delete(agentId);
        stopped = true;
        this.publish('call.ended', agentId, { call: this.snapshot(call), reason: 'answered_elsewhere' });
      }
      // A call with nobody ringing yet is still being placed; its own first ring decides.
      if (stopped || call.ringing.size > 0) this.ring(call);
    }
  }

  private ringEveryCall(): void {
    for (const call of [...this.live.values()]) if (call.ringing.size > 0) this.ring(call);
  }

  private stopRingingAgent(agentId: string, reason: CallEndReason): void {
    for (const call of [...this.live.values()]) {
      if (!call.ringing.delete(agentId)) continue;
      call.declined.add(agentId);
      this.publish('call.ended', agentId, { call: this.snapshot(call), reason });
      this.ring(call);
    }
  }

  private phaseFailed(call: LiveCall): void {
    if (call.record.status === 'transferring') this.transferReturned(call);
    else if (call.record.status === 'ringing') this.finish(call, 'missed', 'system');
  }

  private transferReturned(call: LiveCall): void {
    stopRingTimer(call);
    const toDepartmentId = call.transfer!.toDepartmentId;
    for (const agentId of call.ringing) this.publish('call.ended', agentId, { call: this.snapshot(call), reason: 'missed' });
    call.ringing.clear();
    call.transfer = null;
    const transfer = call.record.transfers.at(-1);
    if (transfer) transfer.outcome = 'returned';
    call.record.status = 'held';
    this.publish('call.transferred', call.record.agentId!, { call: this.snapshot(call), outcome: 'returned', toDepartmentId });
    this.toVisitor(call, 'call.held', { call: this.visitorView(call) });
  }

  /* ------------------------------------------------------------------ state */

  private setHeld(call: LiveCall, held: boolean): CallSnapshot {
    const from: CallStatus = held ? 'active' : 'held';
    if (call.record.status !== from) {
      throw new ApiError('AGENT_SDK_CALL_STATE_CONFLICT', `Call ${call.record.callId} is ${call.record.status}, not ${from}`, 'callId');
    }
    if (!held) this.holdOthers(call.record.agentId!, call);
    call.record.status = held ? 'held' : 'active';
    const snapshot = this.snapshot(call);
    this.publish(held ? 'call.held' : 'call.resumed', call.record.agentId!, { call: snapshot });
    this.toVisitor(call, held ? 'call.held' : 'call.resumed', { call: this.visitorView(call) });
    return snapshot;
  }

  private finish(call: LiveCall, reason: CallEndReason, endedBy: 'agent' | 'customer' | 'system'): void {
    if (call.record.status === 'ended') return;
    stopRingTimer(call);
    for (const timer of call.graceTimers.values()) clearTimeout(timer);
    call.graceTimers.clear();
    const record = call.record;
    endRecord(call, reason, endedBy, this.store.isoNow());
    this.live.delete(record.callId);

    const snapshot = this.snapshot(call);
    for (const agentId of call.ringing) this.publish('call.ended', agentId, { call: snapshot, reason });
    call.ringing.clear();
    if (record.agentId) {
      this.publish('call.ended', record.agentId, { call: snapshot, reason });
      this.restorePresence(call, record.agentId);
    }
    this.toVisitor(call, 'call.ended', { call: this.visitorView(call), reason });
  }

  /** Puts every other live call of the agent on hold: an agent talks in one call at a time. */
  private holdOthers(agentId: string, call: LiveCall): void {
    for (const other of this.live.answeredBy(agentId)) if (other !== call && other.record.status === 'active') this.setHeld(other, true);
  }

  private restorePresence(call: LiveCall, agentId: string): void {
    const agent = this.store.agents.get(agentId);
    const before = call.presenceBefore.get(agentId) ?? 'online';
    call.presenceBefore.delete(agentId);
    // Still on another call: stay in_call; that call hands the presence back when it ends.
    if (this.live.answeredBy(agentId).some((c) => c !== call)) return;
    if (agent?.presence === 'in_call') this.store.setPresence(agentId, before, { byServer: true });
  }

  /* ------------------------------------------------------------------ lookups and views */

  /** A live call; with `agentId`, only one whose conversation that agent may see (or that they are on). */
  private liveCall(callId: string, agentId?: string): LiveCall {
    const hidden = agentId === undefined ? undefined : (r: CallRecord) => r.agentId !== agentId && !maySeeCall(this.store, this.store.requireAgent(agentId), r);
    return this.live.find(callId, this.store.callLog, hidden);
  }

  private statusFor(agentId: string): CallsOnlineReply {
    return this.live.statusFor(agentId, this.store.requireAgent(agentId).callsOnline, (c) => this.snapshot(c));
  }

  snapshot(call: LiveCall): CallSnapshot {
    return callSnapshot(call, this.agentName);
  }

  private visitorView(call: LiveCall): VisitorCallView {
    return visitorCallView(call, this.agentName);
  }

  private readonly agentName = (id: string) => this.store.agents.get(id)?.name ?? null;

  private publish<N extends keyof CallRealtimeData>(name: N, agentId: string, data: CallRealtimeData[N]): void {
    this.store.hub.publish(name, new Set([agentId]), data as RealtimeData[N]);
  }

  private toVisitor<N extends keyof VisitorCallEvents>(call: LiveCall, name: N, data: VisitorCallEvents[N]): void {
    this.options.toVisitor(call.record.customer.conversationId, name, data);
  }
}
