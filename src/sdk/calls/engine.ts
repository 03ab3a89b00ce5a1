/**
 * The call engine: everything that needs simple-peer. It is its own chunk, loaded the first time
 * `agent.calls.goOnline()` runs, so a page that never takes calls never downloads it. It takes
 * everything it needs from the light side through `CallEngineHost` (requests, realtime events, the
 * SDK's error type), so a separately built copy of it shares no class identity with the main bundle.
 */
import { CALL_REQUESTS, type CallEndReason, type CallMediaState, type CallSignal, type CallSnapshot, type CallsOnlineReply } from '../../protocol/index.js';
import type { PublicCall } from '../../protocol/public-call.js';
import { Emitter, type Unsubscribe } from '../emitter.js';
import { reportUncaught } from '../errors.js';
import { CallMedia } from './call-media.js';
import { openMedia, stopStream } from './media.js';
import { PeerLink } from './peer-link.js';
import type { CallDeviceKind } from './devices.js';
import type { QualitySample, QualitySummary, QualityWarningName } from './quality.js';
import { QualityMonitor } from './quality-monitor.js';
import type { Call, CallEvents, CallState, CallViewTarget } from './types.js';
import type { CallEngine, CallEngineHost } from './engine-host.js';

export { placeVisitorCall, type VisitorCall, type VisitorCallOptions, type VisitorSocketLike } from './visitor.js';

export type { CallEngine, CallEngineHost } from './engine-host.js';

export function createCallEngine(host: CallEngineHost): CallEngine {
  return new AgentCallEngine(host);
}

class AgentCallEngine implements CallEngine {
  online = false;
  readonly calls = new Map<string, AgentCall>();
  private readonly unsubscribers: Unsubscribe[];

  constructor(private readonly host: CallEngineHost) {
    const call = (id: string) => this.calls.get(id);
    this.unsubscribers = [
      host.on('call.ringing', ({ call: snapshot }) => this.incoming(snapshot)),
      host.on('call.answered', ({ call: snapshot }) => call(snapshot.callId)?.answeredRemotely(snapshot)),
      host.on('call.held', ({ call: snapshot }) => call(snapshot.callId)?.serverState('held')),
      host.on('call.resumed', ({ call: snapshot }) => call(snapshot.callId)?.serverState('active')),
      host.on('call.transferred', ({ call: snapshot, outcome, toDepartmentId }) => call(snapshot.callId)?.transferred(outcome, toDepartmentId)),
      // The customer's side may give up on a broken link first: the call failed here just the same.
      host.on('call.ended', ({ call: snapshot, reason }) =>
        call(snapshot.callId)?.finish(reason, reason === 'connection_failed' ? host.makeError('CALL_CONNECTION_FAILED', "The call's media connection failed") : null),
      ),
      host.on('call.media', ({ callId, party, media }) => {
        if (party === 'customer') call(callId)?.remoteMediaChanged(media);
      }),
      host.on('call.signal', ({ callId, legId, signal }) => call(callId)?.remoteSignal(legId, signal)),
      host.onResync(() => void this.reconcile().catch(() => {})),
    ];
    host.devices.setSwitcher(async (kind, deviceId) => void (await Promise.all([...this.calls.values()].map((c) => c.useDevice(kind, deviceId)))));
  }

  async goOnline(): Promise<void> {
    const reply = await this.host.request<CallsOnlineReply>(CALL_REQUESTS.online);
    this.online = true;
    for (const snapshot of reply.ringing) this.incoming(snapshot);
  }

  async goOffline(): Promise<void> {
    this.online = false;
    // Local media stops at once, whatever the network does.
    for (const call of [...this.calls.values()]) call.finish(call.state === 'ringing' ? 'agent_unavailable' : 'agent_ended', null);
    await this.host.request(CALL_REQUESTS.offline);
  }

  /**
   * After lost events, what this tab shows may be stale: a call whose end never arrived would ring
   * on. The server's own list of what rings and what is live replaces the guesswork.
   */
  private async reconcile(): Promise<void> {
    if (!this.online) return;
    const reply = await this.host.request<CallsOnlineReply>(CALL_REQUESTS.online);
    const live = new Set([...reply.ringing, ...reply.answered].map((snapshot) => snapshot.callId));
    for (const call of [...this.calls.values()]) {
      if (!live.has(call.id)) call.finish(call.state === 'ringing' ? 'missed' : 'connection_lost', null);
    }
    for (const snapshot of reply.ringing) this.incoming(snapshot);
  }

  destroy(): void {
    this.online = false;
    this.host.devices.setSwitcher(null);
    for (const off of this.unsubscribers) off();
    for (const call of [...this.calls.values()]) call.finish('agent_ended', null);
  }

  private incoming(snapshot: CallSnapshot): void {
    if (!this.online || this.calls.has(snapshot.callId)) return;
    // A ringing replayed after a reconnect whose time is up is history, not a call to show.
    if (snapshot.ringUntil && Date.parse(snapshot.ringUntil) <= Date.now()) return;
    const call = new AgentCall(snapshot, this.host, () => this.calls.delete(snapshot.callId));
    this.calls.set(snapshot.callId, call);
    // Events replayed together (ringing, then its end) arrive in one go: announce only what still rings.
    queueMicrotask(() => {
      if (call.state === 'ringing') this.host.announce(call);
    });
  }
}

class AgentCall implements Call {
  readonly id: string;
  readonly type: Call['type'];
  readonly customer: Call['customer'];
  readonly departmentId: string | null;
  readonly transferredFrom: string | null;
  readonly ringUntil: Date | null;
  state: CallState = 'ringing';
  connected = false;
  remoteMedia: CallMediaState;
  answeredAt: Date | null = null;
  endReason: CallEndReason | null = null;
  error: Error | null = null;

  private readonly events = new Emitter<CallEvents>();
  private legId: string | null = null;
  private link: PeerLink | null = null;
  private accepting = false;
  /** The state to go back to once a reconnect succeeds; server changes meanwhile land here. */
  private resumeTo: CallState = 'active';
  private readonly media = new CallMedia({ link: () => this.link, live: () => this.liveState === 'active', emit: (event) => this.events.emit(event) });
  private readonly monitor = new QualityMonitor(this, (name: string, value: unknown) => this.events.emit(name, value));

  private get liveState(): CallState {
    return this.state === 'reconnecting' ? this.resumeTo : this.state;
  }

  get localStream(): MediaStream | null {
    return this.media.stream;
  }
  get muted(): boolean {
    return this.media.muted;
  }
  get videoEnabled(): boolean {
    return this.media.videoEnabled;
  }
  get quality(): QualitySample | null {
    return this.monitor.latest;
  }
  get warnings(): QualityWarningName[] {
    return this.monitor.warnings;
  }
  qualitySummary(): QualitySummary {
    return this.monitor.summary();
  }

  constructor(
    snapshot: CallSnapshot,
    private readonly host: CallEngineHost,
    private readonly release: () => void,
  ) {
    this.id = snapshot.callId;
    this.type = snapshot.type;
    this.customer = Object.freeze({ ...snapshot.customer });
    this.departmentId = snapshot.transfer?.toDepartmentId ?? snapshot.departmentId;
    this.transferredFrom = snapshot.transfer?.fromAgentId ?? null;
    this.ringUntil = snapshot.ringUntil ? new Date(snapshot.ringUntil) : null;
    this.remoteMedia = { ...snapshot.customerMedia };
  }

  get remoteStream(): MediaStream | null {
    return this.link?.remoteStream ?? null;
  }

  on<N extends keyof CallEvents>(name: N, listener: (...args: CallEvents[N]) => void): Unsubscribe {
    return this.events.on(name, listener);
  }

  /** Serialised (logged, posted, stored), a call is its public shape: never its options, listeners or leg. */
  toJSON(): PublicCall {
    return this.host.toPublicCall(this);
  }

  /* ------------------------------------------------------------------ controls */

  async accept(options: { video?: boolean } = {}): Promise<void> {
    this.expect(['ringing'], 'accept');
    if (this.accepting) throw this.host.makeError('AGENT_SDK_CALL_STATE_CONFLICT', 'This call is already being accepted');
    this.accepting = true;
    const video = options.video ?? this.type === 'video';
    let stream: MediaStream;
    try {
      stream = await openMedia({ audio: this.host.devices.constraint('microphone'), video: video && this.host.devices.constraint('camera') }, this.host.makeError);
    } catch (error) {
      this.accepting = false;
      // Decline rather than answer without a microphone, so that the call rings on for others.
      if (this.state === 'ringing') {
        void this.host.request(CALL_REQUESTS.reject, { callId: this.id, code: 'media_failed', reason: (error as Error).message }).catch(() => {});
      }
      this.finish('media_failed', error as Error);
      throw error;
    }
    if (this.state !== 'ringing') {
      stopStream(stream);
      throw this.host.makeError('AGENT_SDK_CALL_STATE_CONFLICT', `The call ended (${this.endReason}) before it could be answered`);
    }
    let snapshot: CallSnapshot;
    try {
      snapshot = await this.host.request<CallSnapshot>(CALL_REQUESTS.accept, { callId: this.id });
    } catch (error) {
      stopStream(stream);
      this.accepting = false;
      const code = (error as { code?: string }).code;
      this.finish(code === 'AGENT_SDK_CALL_ALREADY_ANSWERED' ? 'answered_elsewhere' : 'missed', null);
      throw error;
    }
    if ((this.state as CallState) === 'ended') {
      // Ended while the answer was on its way (the customer hung up): nothing to connect.
      stopStream(stream);
      return;
    }
    this.media.use(stream, this.host.devices);
    this.legId = snapshot.legId;
    this.answeredAt = snapshot.answeredAt ? new Date(snapshot.answeredAt) : new Date();
    this.link = this.connect(stream);
    this.media.showLocal();
    this.setState('active');
    this.events.emit('streams');
    this.announceMedia();
  }

  async reject(reason?: string): Promise<void> {
    this.expect(['ringing'], 'reject');
    this.finish('rejected', null);
    await this.quietly(this.host.request(CALL_REQUESTS.reject, { callId: this.id, ...(reason ? { reason } : {}) }));
  }

  async end(): Promise<void> {
    if (this.state === 'ended') return;
    if (this.state === 'ringing') return this.reject();
    this.finish('agent_ended', null);
    await this.quietly(this.host.request(CALL_REQUESTS.end, { callId: this.id }));
  }

  async hold(): Promise<void> {
    this.expect(['active'], 'hold');
    await this.host.request(CALL_REQUESTS.hold, { callId: this.id });
    this.serverState('held');
  }

  async resume(): Promise<void> {
    this.expect(['held'], 'resume');
    await this.host.request(CALL_REQUESTS.resume, { callId: this.id });
    this.serverState('active');
  }

  async transfer(target: { departmentId: string }): Promise<void> {
    this.expect(['active', 'held'], 'transfer');
    if (!target || typeof target.departmentId !== 'string') throw this.host.makeError('AGENT_SDK_INVALID_REQUEST', 'transfer needs { departmentId }');
    const snapshot = await this.host.request<CallSnapshot>(CALL_REQUESTS.transfer, { callId: this.id, departmentId: target.departmentId });
    // The transfer may already have come back (nobody to ring) by the time the answer arrives.
    if (snapshot.status === 'transferring' && this.state !== 'ended' && this.liveState !== 'held') this.moveTo('transferring', target.departmentId);
  }

  async mute(): Promise<void> {
    this.expectLive('mute');
    if (this.media.muted) return;
    this.media.muted = true;
    await this.mediaChanged();
  }

  async unmute(): Promise<void> {
    this.expectLive('unmute');
    if (!this.media.muted) return;
    this.media.muted = false;
    await this.mediaChanged();
  }

  async startVideo(): Promise<void> {
    this.expectLive('startVideo');
    if (this.media.videoEnabled) return;
    if (!(await this.media.startVideo(this.host.makeError, () => this.state === 'ended'))) return;
    this.events.emit('streams');
    await this.mediaChanged();
  }

  async stopVideo(): Promise<void> {
    this.expectLive('stopVideo');
    if (!this.media.videoEnabled) return;
    await this.media.stopVideo();
    this.events.emit('streams');
    await this.mediaChanged();
  }

  attachView(view: { local?: CallViewTarget; remote?: CallViewTarget }): void {
    this.media.attachView(view);
  }

  getStats(): Promise<RTCStatsReport | null> {
    return this.link ? this.link.getStats() : Promise.resolve(null);
  }

  /** Moves this call to a newly chosen device (see `agent.calls.devices.select`). */
  async useDevice(kind: CallDeviceKind, deviceId: string | null): Promise<void> {
    if (this.state === 'ringing' || this.state === 'ended' || !this.media.stream) return;
    await this.media.useDevice(kind, deviceId, this.host.makeError, () => this.state === 'ended');
  }

  /* ------------------------------------------------------------------ from the server */

  answeredRemotely(snapshot: CallSnapshot): void {
    // Another tab of this agent answered: here the call is over.
    if (!this.accepting && this.state === 'ringing' && snapshot.agentId === this.host.agentId) this.finish('answered_elsewhere', null);
  }

  serverState(state: 'held' | 'active'): void {
    if (this.state === 'ended' || this.state === 'ringing' || this.liveState === state) return;
    this.moveTo(state);
  }

  transferred(outcome: 'completed' | 'returned', departmentId: string): void {
    if (this.state === 'ended') return;
    this.events.emit('transferred', outcome, departmentId);
    if (outcome === 'returned') this.moveTo('held');
  }

  remoteMediaChanged(media: CallMediaState): void {
    this.remoteMedia = { ...media };
    this.events.emit('remotemedia', this.remoteMedia);
  }

  remoteSignal(legId: string, signal: CallSignal): void {
    if (legId === this.legId) this.link?.signal(signal);
  }

  /** Ends the call here: every track stopped, the peer closed, views emptied. Safe to call twice. */
  finish(reason: CallEndReason, error: Error | null): void {
    if (this.state === 'ended') return;
    this.endReason = reason;
    this.error = error;
    const remote = this.link?.remoteStream ?? null;
    // The call log keeps each answered leg's quality: sent once, as the call ends here.
    const quality = this.monitor.stop();
    if (this.legId && quality.samples > 0) this.background(this.host.request(CALL_REQUESTS.quality, { callId: this.id, legId: this.legId, quality }));
    this.link?.close();
    this.media.stop(remote);
    this.media.forgetTracks();
    this.connected = false;
    this.release();
    this.setState('ended');
  }

  /* ------------------------------------------------------------------ internals */

  private connect(stream: MediaStream): PeerLink {
    const { options } = this.host;
    return new PeerLink({
      initiator: true,
      stream,
      iceServers: options.iceServers,
      iceGatheringTimeoutMs: options.iceGatheringTimeoutMs,
      connectTimeoutMs: options.connectTimeoutMs,
      iceTransportPolicy: options.iceTransportPolicy,
      reconnectGraceMs: options.reconnectGraceMs,
      onReconnecting: () => {
        if (this.state === 'ended') return;
        this.resumeTo = this.state;
        this.setState('reconnecting');
      },
      onReconnected: () => {
        if (this.state === 'reconnecting') this.setState(this.resumeTo);
      },
      onSignal: (signal) => {
        const legId = this.legId;
        if (legId && this.state !== 'ended') this.background(this.host.request(CALL_REQUESTS.signal, { callId: this.id, legId, signal }));
      },
      ...this.media.linkEvents(() => {
        this.connected = true;
        this.monitor.start();
      }),
      onFailed: (cause) => {
        if (this.state === 'ended') return;
        const error = this.host.makeError('CALL_CONNECTION_FAILED', `The call's media connection failed: ${cause.message}`, cause);
        this.finish('connection_failed', error);
        this.background(this.host.request(CALL_REQUESTS.end, { callId: this.id, reason: 'connection_failed' }));
      },
    });
  }

  private async mediaChanged(): Promise<void> {
    await this.media.send();
    this.events.emit('media', { audio: !this.media.muted, video: this.media.videoEnabled });
    this.announceMedia();
  }

  private announceMedia(): void {
    this.background(this.host.request(CALL_REQUESTS.media, { callId: this.id, audio: !this.media.muted, video: this.media.videoEnabled }));
  }

  /** A server-side change: shown now, or after the reconnect when the link is down. */
  private moveTo(state: CallState, departmentId?: string): void {
    if (this.state === 'reconnecting') this.resumeTo = state;
    else this.setState(state, departmentId);
    void this.media.send();
  }

  private setState(state: CallState, departmentId?: string): void {
    const previous = this.state;
    if (previous === state) return;
    this.state = state;
    this.events.emit('state', state, previous);
    switch (state) {
      case 'ringing':
      case 'active':
      case 'held':
      case 'reconnecting':
        this.events.emit(state);
        break;
      case 'transferring':
        this.events.emit('transferring', departmentId ?? '');
        break;
      case 'ended':
        this.events.emit('ended', this.endReason ?? 'agent_ended', this.error);
        this.events.clear();
        break;
    }
  }

  private expect(states: CallState[], action: string): void {
    if (!states.includes(this.state)) {
      throw this.host.makeError('AGENT_SDK_CALL_STATE_CONFLICT', `Cannot ${action} a call that is ${this.state}`);
    }
  }

  private expectLive(action: string): void {
    this.expect(['active', 'held', 'transferring', 'reconnecting'], action);
  }

  /** A request nobody awaits: expected refusals are dropped, anything else reaches the page's error reporting. */
  private background(request: Promise<unknown>): void {
    this.quietly(request).catch(reportUncaught);
  }

  /** A request whose failure changes nothing here: the call is already over locally, or the server says so itself. */
  private async quietly(request: Promise<unknown>): Promise<void> {
    try {
      await request;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'AGENT_SDK_CALL_STATE_CONFLICT' || code === 'AGENT_SDK_CALL_NOT_FOUND' || code === 'DESTROYED') return;
      throw error;
    }
  }
}
