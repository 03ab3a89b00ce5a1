import { nodeShimsInstalled } from './node-shims.js';
import SimplePeer from 'simple-peer';
import type { CallSignal } from '../../protocol/index.js';

if (!nodeShimsInstalled) throw new Error('simple-peer needs the Node stand-ins of node-shims.ts');

const FAILURE_GRACE_MS = 2_000;
/** While reconnecting, the offering side restarts ICE again this often: a relay that came back needs a fresh allocation. */
const RESTART_EVERY_MS = 4_000;

export type MediaKind = 'audio' | 'video';

export interface PeerLinkOptions {
  /** The agent's side offers; the customer's side answers. */
  initiator: boolean;
  stream: MediaStream;
  iceServers: RTCIceServer[];
  /** simple-peer's wait for ICE gathering when it cannot trickle; candidates trickle anyway. */
  iceGatheringTimeoutMs: number;
  /** How long the link may take to connect before it counts as failed. */
  connectTimeoutMs: number;
  iceTransportPolicy?: RTCIceTransportPolicy | undefined;
  /** How long a link that was up may stay broken while ICE restarts before it counts as failed. */
  reconnectGraceMs: number;
  onSignal(signal: CallSignal): void;
  onRemoteStream(stream: MediaStream): void;
  onConnected(): void;
  /** The link was up and broke (ICE `disconnected` or `failed`); ICE is restarting. */
  onReconnecting(): void;
  /** The link is up again after `onReconnecting`. */
  onReconnected(): void;
  onFailed(error: Error): void;
}

/**
 * One WebRTC link between an agent and a customer, through simple-peer, with trickle ICE.
 *
 * Mute, hold and video off never renegotiate: they swap the sender's track for null (so no RTP
 * leaves at all, which the other side sees as bytes no longer growing) and back. The first video
 * track on a side that had none is added with renegotiation; the offerer always asks to receive
 * audio and video, so either side has an m-line to start video on later.
 */
export class PeerLink {
  private readonly peer: SimplePeer.Instance;
  private readonly senders = new Map<MediaKind, RTCRtpSender>();
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private closedByOwner = false;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  private restartTimer: ReturnType<typeof setInterval> | undefined;
  connected = false;
  reconnecting = false;
  remoteStream: MediaStream | null = null;

  constructor(private readonly options: PeerLinkOptions) {
    this.peer = new SimplePeer({
      initiator: options.initiator,
      stream: options.stream,
      trickle: true,
      config: { iceServers: options.iceServers, ...(options.iceTransportPolicy ? { iceTransportPolicy: options.iceTransportPolicy } : {}) },
      iceCompleteTimeout: options.iceGatheringTimeoutMs,
      offerOptions: { offerToReceiveAudio: true, offerToReceiveVideo: true },
    });
    for (const track of options.stream.getTracks()) this.rememberSender(track);
    this.peer.on('signal', (signal: CallSignal) => options.onSignal(signal));
    this.peer.on('track', (_track: MediaStreamTrack, stream: MediaStream) => {
      if (this.remoteStream !== stream) this.remoteStream = stream;
      options.onRemoteStream(stream);
    });
    this.peer.on('connect', () => {
      clearTimeout(this.connectTimer);
      this.connected = true;
      options.onConnected();
    });
    this.peer.on('error', (error: Error) => this.fail(error));
    this.peer.on('close', () => {
      if (!this.closed) this.fail(new Error('The peer connection closed'));
    });
    this.connectTimer = setTimeout(() => this.fail(new Error(`The peer connection did not come up within ${options.connectTimeoutMs} ms`)), options.connectTimeoutMs);
    this.watchIce();
  }

  /**
   * simple-peer destroys itself when ICE fails; a call must instead survive a network change. Once
   * the link was up, a broken ICE state starts a restart through the signalling path (which still
   * works: it is the realtime socket, not this link) and a grace timer; the link fails only when
   * the grace runs out.
   */
  private watchIce(): void {
    const pc = this.connection;
    const peer = this.peer as unknown as { _onIceStateChange(): void; _onConnectionStateChange(): void };
    const ice = peer._onIceStateChange.bind(peer);
    const connection = peer._onConnectionStateChange.bind(peer);
    peer._onIceStateChange = () => {
      if (!(this.connected && pc.iceConnectionState === 'failed')) ice();
    };
    peer._onConnectionStateChange = () => {
      if (!this.connected) connection();
    };
    pc.addEventListener('iceconnectionstatechange', () => {
      if (this.closed || !this.connected) return;
      const state = pc.iceConnectionState;
      if (state === 'connected' || state === 'completed') {
        if (!this.reconnecting) return;
        this.reconnecting = false;
        clearTimeout(this.graceTimer);
        clearInterval(this.restartTimer);
        this.options.onReconnected();
      } else if (state === 'disconnected' || state === 'failed') {
        if (!this.reconnecting) {
          this.reconnecting = true;
          const ms = this.options.reconnectGraceMs;
          this.graceTimer = setTimeout(() => this.fail(new Error(`The media connection did not come back within ${ms} ms`), false), ms);
          if (this.options.initiator) this.restartTimer = setInterval(() => this.restartIce(), RESTART_EVERY_MS);
          this.options.onReconnecting();
        }
        this.restartIce();
      }
    });
  }

  /** The offering side restarts with a fresh offer; the answering side asks it to. */
  private restartIce(): void {
    if (this.closed) return;
    if (this.options.initiator) {
      this.connection.restartIce();
      (this.peer as unknown as { negotiate(): void }).negotiate();
    } else {
      this.options.onSignal({ type: 'renegotiate', renegotiate: true });
    }
  }

  get connection(): RTCPeerConnection {
    return (this.peer as unknown as { _pc: RTCPeerConnection })._pc;
  }

  signal(signal: CallSignal): void {
    if (this.closed) return;
    // The answering side asking for a new offer while the link is broken wants an ICE restart.
    if (signal.type === 'renegotiate' && this.options.initiator && this.reconnecting) return this.restartIce();
    this.peer.signal(signal as unknown as SimplePeer.SignalData);
  }

  /** Sends `track` for its kind, or nothing when null. Adds a sender (renegotiating) the first time a kind is sent. */
  async send(kind: MediaKind, track: MediaStreamTrack | null): Promise<void> {
    if (this.closed) return;
    const sender = this.senders.get(kind);
    if (sender) {
      if (sender.track !== track) await sender.replaceTrack(track);
      return;
    }
    if (!track) return;
    if (!this.options.stream.getTracks().includes(track)) this.options.stream.addTrack(track);
    this.peer.addTrack(track, this.options.stream);
    this.rememberSender(track);
  }

  /** Null once closed: the connection is gone. */
  getStats(): Promise<RTCStatsReport | null> {
    return this.closed ? Promise.resolve(null) : this.connection.getStats();
  }

  close(): void {
    this.closedByOwner = true;
    this.shutDown();
  }

  private rememberSender(track: MediaStreamTrack): void {
    const sender = this.connection.getSenders().find((s) => s.track === track);
    if (sender) this.senders.set(track.kind as MediaKind, sender);
  }

  /**
   * The other side hanging up closes the link here a moment before the server says the call
   * ended; reporting a failure only after a short grace keeps that end from looking like one.
   */
  private fail(error: Error, waitForHangUp = this.connected): void {
    if (this.closed) return;
    this.shutDown();
    const report = () => {
      if (!this.closedByOwner) this.options.onFailed(error);
    };
    if (waitForHangUp) setTimeout(report, FAILURE_GRACE_MS);
    else report();
  }

  private shutDown(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.connectTimer);
    clearTimeout(this.graceTimer);
    clearInterval(this.restartTimer);
    this.peer.destroy();
  }
}
