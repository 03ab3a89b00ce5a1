import type { CallCustomer, CallEndReason, CallMediaState, CallState, CallType, PublicCall } from '../../protocol/index.js';
import type { Unsubscribe } from '../emitter.js';
import type { QualitySample, QualitySummary, QualityWarning, QualityWarningName } from './quality.js';

/**
 * Where a call is, as the agent's UI shows it:
 * - `ringing`: incoming, not answered yet
 * - `active`: answered; media connects behind it (see `connected`)
 * - `held`: on hold, nothing is sent either way
 * - `transferring`: on hold while another department rings; returns to `held` if nobody answers
 * - `reconnecting`: the media link broke and ICE is restarting; back to the state before, or
 *   `ended` with `connection_failed` after `reconnectGraceMs`
 * - `ended`: over for this agent; `endReason` says why
 */
export type { CallState };

/** Where `attachView` shows video: a `<video>` (or `<audio>`) element, or any element to put one in. */
export type CallViewTarget = HTMLMediaElement | HTMLElement | null | undefined;

export interface CallEvents {
  [name: string]: unknown[];
  /** Every state change. */
  state: [state: CallState, previous: CallState];
  ringing: [];
  active: [];
  held: [];
  transferring: [departmentId: string];
  reconnecting: [];
  ended: [reason: CallEndReason, error: Error | null];
  /** The peer link is up and media flows. */
  connected: [];
  /** This side's mute or video changed. */
  media: [media: CallMediaState];
  /** The customer muted, unmuted, or turned video on or off. */
  remotemedia: [media: CallMediaState];
  /** A transfer finished: `completed` (this agent is released next) or `returned` (the call is back, held). */
  transferred: [outcome: 'completed' | 'returned', departmentId: string];
  /** Local or remote media streams changed (a new track arrived, video started, a device was swapped). */
  streams: [];
  /** A quality figure crossed its threshold (README, "Call quality"); `value` is the figure now. */
  warning: [warning: QualityWarning];
  /** A raised warning's figure is back within its threshold. */
  'warning-cleared': [warning: QualityWarning];
  /** The figures of the latest statistics sample, every 2 s while connected. */
  quality: [sample: QualitySample];
}

/** One customer call, as `agent.calls.onIncomingCall` hands it over. */
export interface Call {
  readonly id: string;
  readonly type: CallType;
  readonly customer: Readonly<CallCustomer>;
  readonly departmentId: string | null;
  readonly state: CallState;
  /** Set when the call is a transfer from another agent. */
  readonly transferredFrom: string | null;
  /** True once the peer link is up. */
  readonly connected: boolean;
  readonly muted: boolean;
  /** True while this agent sends video. */
  readonly videoEnabled: boolean;
  readonly remoteMedia: Readonly<CallMediaState>;
  readonly answeredAt: Date | null;
  /** When the ringing stops by itself. */
  readonly ringUntil: Date | null;
  readonly endReason: CallEndReason | null;
  /** The error that ended the call, if one did (media permission, device, connection). */
  readonly error: Error | null;
  readonly localStream: MediaStream | null;
  readonly remoteStream: MediaStream | null;

  /**
   * Opens the microphone (and the camera with `video: true`), takes the call and connects. Rejects
   * with CALL_MEDIA_PERMISSION_DENIED or CALL_MEDIA_DEVICE_NOT_FOUND when the devices cannot be
   * opened (the call is then declined so that it rings on for others), or with
   * AGENT_SDK_CALL_ALREADY_ANSWERED when another agent was first.
   */
  accept(options?: { video?: boolean }): Promise<void>;
  reject(reason?: string): Promise<void>;
  end(): Promise<void>;
  hold(): Promise<void>;
  resume(): Promise<void>;
  transfer(target: { departmentId: string }): Promise<void>;
  mute(): Promise<void>;
  unmute(): Promise<void>;
  startVideo(): Promise<void>;
  stopVideo(): Promise<void>;
  /** Shows the local and remote media in these elements; either may be left out. Call again to move them. */
  attachView(view: { local?: CallViewTarget; remote?: CallViewTarget }): void;
  on<N extends keyof CallEvents>(name: N, listener: (...args: CallEvents[N]) => void): Unsubscribe;
  /** Statistics of the peer connection, or null before it exists or after the end. */
  getStats(): Promise<RTCStatsReport | null>;
  /** The latest quality sample (every 2 s while connected), or null before the first. */
  readonly quality: QualitySample | null;
  /** The quality warnings raised and not cleared yet. */
  readonly warnings: readonly QualityWarningName[];
  /** The call's quality so far: what the call log keeps for it once it ends. */
  qualitySummary(): QualitySummary;
  /** The call's public shape (`PublicCall`): what `JSON.stringify` and the iframe bridge give out. */
  toJSON(): PublicCall;
}

export interface CallsOptions {
  /** STUN/TURN servers. Empty by default: on one machine or one LAN host candidates suffice. */
  iceServers?: RTCIceServer[];
  /** How long simple-peer waits for ICE gathering when it has to. Default 3000. */
  iceGatheringTimeoutMs?: number;
  /** How long a peer link may take to connect before the call ends with `connection_failed`. Default 15000. */
  connectTimeoutMs?: number;
  /** `relay` sends media only through the TURN servers of `iceServers`. Default `all`. */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /**
   * How long a call that lost its media link mid-call stays `reconnecting` (ICE restarting) before
   * it ends with `connection_failed` and every track stops. Default 20000.
   */
  reconnectGraceMs?: number;
}
