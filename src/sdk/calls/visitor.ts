import {
  VISITOR_CALL_REQUESTS,
  type CallEndReason,
  type CallMediaState,
  type CallSignal,
  type CallType,
  type ErrorCode,
  type SocketError,
  type VisitorCallEvents,
  type VisitorCallView,
} from '../../protocol/index.js';
import { Emitter, type Unsubscribe } from '../emitter.js';
import { CallMedia } from './call-media.js';
import { openMedia } from './media.js';
import { PeerLink } from './peer-link.js';
import type { CallState, CallViewTarget } from './types.js';

/** The part of a socket.io client socket this needs; the customer page brings its own connected socket. */
export interface VisitorSocketLike {
  emit(event: string, ...args: unknown[]): unknown;
  // `any`, not `unknown`: socket.io's typed sockets take listeners with their own parameter types.
  /* eslint-disable @typescript-eslint/no-explicit-any */
  on(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
  /* eslint-enable @typescript-eslint/no-explicit-any */
}

export interface VisitorCallOptions {
  type: CallType;
  /** Sent along but not used for routing: the call goes where the conversation is. */
  departmentId?: string;
  iceServers?: RTCIceServer[];
  iceGatheringTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** `relay`: media only through the TURN servers of `iceServers`. */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** How long the call stays `reconnecting` after its media link broke before it ends with `connection_failed`. Default 20000. */
  reconnectGraceMs?: number;
}

interface VisitorCallEventMap {
  [name: string]: unknown[];
  state: [state: CallState, previous: CallState];
  connected: [];
  streams: [];
  remotemedia: [media: CallMediaState];
  ended: [reason: CallEndReason, error: Error | null];
}

export interface VisitorCall {
  readonly id: string;
  readonly type: CallType;
  readonly state: CallState;
  readonly agentName: string | null;
  readonly connected: boolean;
  readonly muted: boolean;
  readonly videoEnabled: boolean;
  readonly remoteMedia: CallMediaState;
  readonly endReason: CallEndReason | null;
  readonly localStream: MediaStream | null;
  readonly remoteStream: MediaStream | null;
  end(): Promise<void>;
  mute(): Promise<void>;
  unmute(): Promise<void>;
  startVideo(): Promise<void>;
  stopVideo(): Promise<void>;
  attachView(view: { local?: CallViewTarget; remote?: CallViewTarget }): void;
  on<N extends keyof VisitorCallEventMap>(name: N, listener: (...args: VisitorCallEventMap[N]) => void): Unsubscribe;
  getStats(): Promise<RTCStatsReport | null>;
}

/** An error with a `code`, as the customer page shows it. */
class VisitorCallError extends Error {
  constructor(
    readonly code: ErrorCode | string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'VisitorCallError';
  }
}

const makeError = (code: ErrorCode, message: string, cause?: unknown) => new VisitorCallError(code, message, { cause });

/**
 * The customer's side of a call, over a visitor socket that already sent `visitor.connect`. Opens
 * the microphone (and camera for video) first, so a refusal places no call; rejects with
 * CALL_MEDIA_PERMISSION_DENIED or CALL_MEDIA_DEVICE_NOT_FOUND then.
 */
export async function placeVisitorCall(socket: VisitorSocketLike, options: VisitorCallOptions): Promise<VisitorCall> {
  const stream = await openMedia({ audio: true, video: options.type === 'video' }, makeError);
  const call = new CustomerCall(socket, stream, options);
  try {
    await call.start();
  } catch (error) {
    call.finish('connection_failed', error as Error);
    throw error;
  }
  return call;
}

function request<T>(socket: VisitorSocketLike, event: string, payload: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new VisitorCallError('NETWORK_ERROR', `${event} was not answered`)), 10_000);
    socket.emit(event, payload, (err: SocketError | null, result: T) => {
      clearTimeout(timer);
      if (err) reject(new VisitorCallError(err.code ?? err.type, err.message));
      else resolve(result);
    });
  });
}

class CustomerCall implements VisitorCall {
  id = '';
  readonly type: CallType;
  state: CallState = 'ringing';
  agentName: string | null = null;
  connected = false;
  remoteMedia: CallMediaState = { audio: false, video: false };
  endReason: CallEndReason | null = null;

  private readonly events = new Emitter<VisitorCallEventMap>();
  private link: PeerLink | null = null;
  private legId: string | null = null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- kept to be handed back to `off` as `on` took them
  private readonly listeners: Array<[string, (...args: any[]) => void]> = [];
  /** The state to go back to once a reconnect succeeds; server changes meanwhile land here. */
  private resumeTo: CallState = 'active';
  private readonly media = new CallMedia({
    link: () => this.link,
    live: () => (this.state === 'reconnecting' ? this.resumeTo : this.state) === 'active',
    emit: (event) => this.events.emit(event),
  });

  get localStream(): MediaStream | null {
    return this.media.stream;
  }
  get muted(): boolean {
    return this.media.muted;
  }
  get videoEnabled(): boolean {
    return this.media.videoEnabled;
  }

  constructor(
    private readonly socket: VisitorSocketLike,
    stream: MediaStream,
    private readonly options: VisitorCallOptions,
  ) {
    this.type = options.type;
    this.media.use(stream);
  }

  get remoteStream(): MediaStream | null {
    return this.link?.remoteStream ?? null;
  }

  async start(): Promise<void> {
    const mine = (view: { callId: string }) => view.callId === this.id;
    this.listen('call.answered', ({ call }) => mine(call) && this.answered(call));
    this.listen('call.held', ({ call }) => mine(call) && this.moveTo('held'));
    this.listen('call.resumed', ({ call }) => mine(call) && this.moveTo('active'));
    this.listen('call.transferring', ({ call }) => mine(call) && this.moveTo('transferring'));
    this.listen('call.media', ({ callId, media }) => {
      if (callId !== this.id) return;
      this.remoteMedia = { ...media };
      this.events.emit('remotemedia', this.remoteMedia);
    });
    this.listen('call.signal', ({ callId, legId, signal }) => {
      if (callId === this.id && legId === this.legId) this.link?.signal(signal);
    });
    this.listen('call.ended', ({ call, reason }) => mine(call) && this.finish(reason, null));
    const payload = { type: this.options.type, ...(this.options.departmentId ? { departmentId: this.options.departmentId } : {}) };
    const view = await request<VisitorCallView>(this.socket, VISITOR_CALL_REQUESTS.start, payload);
    this.id = view.callId;
    this.media.showLocal();
  }

  async end(): Promise<void> {
    if (this.state === 'ended') return;
    const id = this.id;
    this.finish(this.state === 'ringing' ? 'customer_cancelled' : 'customer_ended', null);
    await request(this.socket, VISITOR_CALL_REQUESTS.end, { callId: id }).catch(() => {});
  }

  async mute(): Promise<void> {
    this.media.muted = true;
    await this.mediaChanged();
  }

  async unmute(): Promise<void> {
    this.media.muted = false;
    await this.mediaChanged();
  }

  async startVideo(): Promise<void> {
    if (this.media.videoEnabled || this.state === 'ended') return;
    // A call that ended while the camera was opening must not leave the camera on.
    if (!(await this.media.startVideo(makeError, () => this.state === 'ended'))) return;
    await this.mediaChanged();
  }

  async stopVideo(): Promise<void> {
    if (!this.media.videoEnabled) return;
    await this.media.stopVideo();
    await this.mediaChanged();
  }

  attachView(view: { local?: CallViewTarget; remote?: CallViewTarget }): void {
    this.media.attachView(view);
  }

  on<N extends keyof VisitorCallEventMap>(name: N, listener: (...args: VisitorCallEventMap[N]) => void): Unsubscribe {
    return this.events.on(name, listener);
  }

  getStats(): Promise<RTCStatsReport | null> {
    return this.link ? this.link.getStats() : Promise.resolve(null);
  }

  finish(reason: CallEndReason, error: Error | null): void {
    if (this.state === 'ended') return;
    this.endReason = reason;
    const remote = this.link?.remoteStream ?? null;
    this.link?.close();
    this.link = null;
    this.media.stop(remote);
    for (const [event, listener] of this.listeners) this.socket.off(event, listener);
    this.setState('ended');
    this.events.emit('ended', reason, error);
    this.events.clear();
  }

  /** An agent answered (the first one, or the new one after a transfer): a fresh link for their leg. */
  private answered(view: VisitorCallView): void {
    if (this.state === 'ended' || !view.legId || view.legId === this.legId) return;
    this.link?.close();
    this.connected = false;
    this.legId = view.legId;
    this.agentName = view.agentName;
    const legId = view.legId;
    this.link = new PeerLink({
      initiator: false,
      stream: this.media.stream!,
      iceServers: this.options.iceServers ?? [],
      iceGatheringTimeoutMs: this.options.iceGatheringTimeoutMs ?? 3_000,
      connectTimeoutMs: this.options.connectTimeoutMs ?? 15_000,
      iceTransportPolicy: this.options.iceTransportPolicy,
      reconnectGraceMs: this.options.reconnectGraceMs ?? 20_000,
      onReconnecting: () => {
        if (legId !== this.legId || this.state === 'ended') return;
        this.resumeTo = this.state;
        this.setState('reconnecting');
      },
      onReconnected: () => {
        if (legId === this.legId && this.state === 'reconnecting') this.setState(this.resumeTo);
      },
      onSignal: (signal: CallSignal) => {
        if (legId === this.legId) void request(this.socket, VISITOR_CALL_REQUESTS.signal, { callId: this.id, legId, signal }).catch(() => {});
      },
      ...this.media.linkEvents(() => (this.connected = true)),
      onFailed: (cause) => {
        // A leg replaced by a transfer closes on purpose; only the current one failing ends the call.
        if (legId !== this.legId || this.state === 'ended') return;
        const error = makeError('CALL_CONNECTION_FAILED', `The call's media connection failed: ${cause.message}`, cause);
        const id = this.id;
        this.finish('connection_failed', error);
        void request(this.socket, VISITOR_CALL_REQUESTS.end, { callId: id, reason: 'connection_failed' }).catch(() => {});
      },
    });
    this.setState('active');
    this.announceMedia();
  }

  private listen<N extends keyof VisitorCallEvents>(event: N, listener: (data: VisitorCallEvents[N]) => void): void {
    this.socket.on(event, listener);
    this.listeners.push([event, listener]);
  }

  /** A server-side change: shown now, or after the reconnect when the link is down. */
  private moveTo(state: CallState): void {
    if (this.state !== 'reconnecting') return this.setState(state);
    this.resumeTo = state;
    void this.media.send();
  }

  private setState(state: CallState): void {
    const previous = this.state;
    if (previous === state) return;
    this.state = state;
    this.events.emit('state', state, previous);
    void this.media.send();
  }

  private async mediaChanged(): Promise<void> {
    await this.media.send();
    this.announceMedia();
  }

  private announceMedia(): void {
    if (!this.id || this.state === 'ended') return;
    void request(this.socket, VISITOR_CALL_REQUESTS.media, { callId: this.id, audio: !this.media.muted, video: this.media.videoEnabled }).catch(() => {});
  }
}
