import { openMedia, stopStream, type MakeError } from './media.js';
import type { PeerLink } from './peer-link.js';
import type { CallViewTarget } from './types.js';
import { HiddenAudio, StreamView } from './view.js';
import type { CallDevices } from './devices.js';

export interface CallMediaHost {
  /** The call's current peer link, read afresh each time (a transfer replaces it). */
  link(): PeerLink | null;
  /** Whether media may leave this side now: only while the call is active, never held or transferring. */
  live(): boolean;
  /** Tells the call's listeners: `streams` when a stream changed, `connected` when the link is up. */
  emit(event: 'streams' | 'connected'): void;
}

/** The agent's device choices (`agent.calls.devices`): the camera and speaker to use, and where an unplugged device is reported. */
type DeviceChoices = Pick<CallDevices, 'constraint' | 'selected' | 'recheck'>;

/**
 * One side's media in a call, shared by the agent's and the customer's call: the local stream and
 * its tracks, mute and video on/off as what is sent, and the local and remote views. The call owns
 * the peer link and the state; this reads them through `CallMediaHost`.
 */
export class CallMedia {
  stream: MediaStream | null = null;
  muted = false;
  videoEnabled = false;
  private audioTrack: MediaStreamTrack | null = null;
  private videoTrack: MediaStreamTrack | null = null;
  private readonly localView = new StreamView(true);
  private readonly remoteView = new StreamView(false);
  private readonly hiddenAudio = new HiddenAudio();
  private devices: DeviceChoices | undefined;

  constructor(private readonly host: CallMediaHost) {}

  /** Takes the microphone (and camera) stream as the local media; video is on when it has a camera track. */
  use(stream: MediaStream, devices?: DeviceChoices): void {
    this.devices = devices;
    this.stream = stream;
    this.audioTrack = this.watched(stream.getAudioTracks()[0]);
    this.videoTrack = this.watched(stream.getVideoTracks()[0]);
    this.videoEnabled = this.videoTrack !== null;
    const speaker = devices?.selected('speaker');
    if (speaker) this.remoteView.sinkId = this.hiddenAudio.sinkId = speaker;
  }

  /**
   * Moves to another microphone or camera (null: the default) by replacing the track being sent,
   * without renegotiating; a speaker is chosen on the remote views. A camera that is off opens the
   * choice next time. Returns without a change when `ended()` says the call ended meanwhile.
   */
  async useDevice(kind: 'microphone' | 'camera' | 'speaker', deviceId: string | null, makeError: MakeError, ended: () => boolean): Promise<void> {
    if (kind === 'speaker') {
      this.remoteView.sinkId = this.hiddenAudio.sinkId = deviceId ?? '';
      return this.showRemote();
    }
    const audio = kind === 'microphone';
    const old = audio ? this.audioTrack : this.videoTrack;
    if (!old) return;
    const choice = deviceId ? { deviceId: { exact: deviceId } } : true;
    const opened = await openMedia({ audio: audio && choice, video: !audio && choice }, makeError);
    const track = opened.getTracks()[0];
    if (ended() || !track) return stopStream(opened);
    this.stream?.removeTrack(old);
    old.stop();
    this.stream?.addTrack(track);
    if (audio) this.audioTrack = this.watched(track);
    else this.videoTrack = this.watched(track);
    await this.send();
    this.showLocal();
    this.host.emit('streams');
  }

  private watched(track: MediaStreamTrack | undefined): MediaStreamTrack | null {
    // stop() fires no 'ended': this is only the device going away under the call.
    track?.addEventListener('ended', () => void this.devices?.recheck().catch(() => {}));
    return track ?? null;
  }

  /** The microphone track being used (sent unless muted, held or transferring). */
  get microphone(): MediaStreamTrack | null {
    return this.audioTrack;
  }

  /** What leaves this side always follows the state: nothing while held or transferring. */
  async send(): Promise<void> {
    const live = this.host.live();
    if (this.audioTrack) this.audioTrack.enabled = !this.muted;
    await this.host.link()?.send('audio', live && !this.muted ? this.audioTrack : null);
    await this.host.link()?.send('video', live && this.videoEnabled ? this.videoTrack : null);
  }

  /**
   * Turns video on, opening the camera again when its track is gone. Returns false, with the camera
   * closed again, when `ended()` says the call ended while it opened.
   */
  async startVideo(makeError: MakeError, ended: () => boolean): Promise<boolean> {
    if (!this.videoTrack || this.videoTrack.readyState === 'ended') {
      const camera = await openMedia({ audio: false, video: this.devices?.constraint('camera') ?? true }, makeError);
      if (ended()) {
        stopStream(camera);
        return false;
      }
      this.videoTrack = this.watched(camera.getVideoTracks()[0]);
      if (this.videoTrack) this.stream?.addTrack(this.videoTrack);
    }
    this.videoEnabled = this.videoTrack !== null;
    this.showLocal();
    return true;
  }

  /** Turns video off: stops sending it, then the camera goes off for real (its light too); startVideo opens it again. */
  async stopVideo(): Promise<void> {
    this.videoEnabled = false;
    await this.send();
    const track = this.videoTrack;
    this.videoTrack = null;
    if (track) {
      track.stop();
      this.stream?.removeTrack(track);
    }
  }

  attachView(view: { local?: CallViewTarget; remote?: CallViewTarget }): void {
    if ('local' in view) {
      this.localView.attach(view.local);
      this.showLocal();
    }
    if ('remote' in view) {
      this.remoteView.attach(view.remote);
      this.showRemote();
    }
  }

  showLocal(): void {
    this.localView.show(this.stream);
  }

  /** Shows the remote stream in its view, or plays it through a hidden element when the page gave none. */
  showRemote(): void {
    const stream = this.host.link()?.remoteStream ?? null;
    this.remoteView.show(stream);
    if (this.remoteView.attached) this.hiddenAudio.stop();
    else this.hiddenAudio.play(stream);
  }

  /** The peer link callbacks both calls share: the remote stream shown, and sending started once connected. */
  linkEvents(onConnected: () => void): { onRemoteStream(): void; onConnected(): void } {
    return {
      onRemoteStream: () => {
        this.showRemote();
        this.host.emit('streams');
      },
      onConnected: () => {
        onConnected();
        void this.send();
        this.host.emit('connected');
      },
    };
  }

  /** Stops every local track and `remote`'s, and empties the views. */
  stop(remote: MediaStream | null): void {
    stopStream(this.stream);
    stopStream(remote);
    this.hiddenAudio.stop();
    this.localView.clear();
    this.remoteView.clear();
  }

  /** Forgets the (stopped) tracks: video reads as off from now on. */
  forgetTracks(): void {
    this.audioTrack = null;
    this.videoTrack = null;
    this.videoEnabled = false;
  }
}
