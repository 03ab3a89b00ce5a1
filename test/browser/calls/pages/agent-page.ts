/**
 * The agent's page in the call tests: the headless client, driven by the test through
 * `window.harness`. Every call that rings is kept, with a log of its events.
 */
import { RingnityAgent, type Call } from '../../../../src/index.js';
import { failNextGetUserMedia, rtpTotals, selectedCandidateTypes } from './stats.js';

interface Options {
  iceServers?: RTCIceServer[];
  useGetToken?: boolean;
}

const harness = {
  agent: null as RingnityAgent | null,
  calls: [] as Call[],
  log: [] as string[],
  token: '',

  async start(token: string, options: Options = {}): Promise<void> {
    harness.token = token;
    const auth = options.useGetToken ? { getToken: async () => harness.token } : { token };
    const agent = await RingnityAgent.create({ ...auth, apiBaseUrl: location.origin, calls: { iceServers: options.iceServers ?? [] } });
    harness.agent = agent;
    agent.calls.devices.on('fallback', (kind, lost) => harness.log.push(`fallback ${kind} ${lost}`));
    agent.calls.onIncomingCall((call) => {
      harness.calls.push(call);
      harness.log.push(`incoming ${call.id} ${call.type} ${call.customer.name}`);
      call.on('state', (state, previous) => harness.log.push(`${call.id} ${previous}->${state}`));
      call.on('ended', (reason, error) => harness.log.push(`${call.id} ended ${reason}${error ? ` ${(error as { code?: string }).code}` : ''}`));
      call.on('connected', () => harness.log.push(`${call.id} connected`));
      call.on('remotemedia', (media) => harness.log.push(`${call.id} remotemedia audio=${media.audio} video=${media.video}`));
      call.on('transferred', (outcome) => harness.log.push(`${call.id} transferred ${outcome}`));
      call.on('warning', (w) => harness.log.push(`${call.id} warning ${w.name} ${w.value}`));
      call.on('warning-cleared', (w) => harness.log.push(`${call.id} warning-cleared ${w.name} ${w.value}`));
    });
    await agent.presence.set('online');
  },

  call(id?: string): Call {
    const call = id ? harness.calls.find((c) => c.id === id) : harness.calls.at(-1);
    if (!call) throw new Error(`no call ${id ?? ''}`);
    return call;
  },

  summary(id?: string) {
    const call = harness.call(id);
    return {
      id: call.id,
      type: call.type,
      customerName: call.customer.name,
      state: call.state,
      connected: call.connected,
      muted: call.muted,
      videoEnabled: call.videoEnabled,
      endReason: call.endReason,
      errorCode: (call.error as { code?: string } | null)?.code ?? null,
      remoteMedia: call.remoteMedia,
    };
  },

  async candidateTypes(id?: string) {
    return selectedCandidateTypes(await harness.call(id).getStats());
  },

  async stats(id?: string) {
    return rtpTotals(await harness.call(id).getStats());
  },

  /** Runs a call method and answers its error code instead of throwing. */
  async act(method: string, args: unknown[] = [], id?: string): Promise<{ ok: boolean; code?: string; message?: string }> {
    const call = harness.call(id) as unknown as Record<string, (...a: unknown[]) => Promise<void>>;
    try {
      await call[method]!(...args);
      return { ok: true };
    } catch (error) {
      return { ok: false, code: (error as { code?: string }).code, message: (error as Error).message };
    }
  },

  tracks(id?: string) {
    const call = harness.call(id);
    return [...(call.localStream?.getTracks() ?? []), ...(call.remoteStream?.getTracks() ?? [])].map((t) => `${t.kind}:${t.readyState}`);
  },

  failNextGetUserMedia,

  /** The agent's devices, and what the call sends now (an internal read of the peer connection, for the device tests). */
  async devices() {
    return harness.agent!.calls.devices.list();
  },

  async selectDevice(kind: 'microphone' | 'camera' | 'speaker', id: string | null): Promise<{ ok: boolean; code?: string; field?: string }> {
    try {
      await harness.agent!.calls.devices.select(kind, id);
      return { ok: true };
    } catch (error) {
      return { ok: false, code: (error as { code?: string }).code, field: (error as { field?: string }).field };
    }
  },

  sending(id?: string) {
    const link = (harness.call(id) as unknown as { link: { connection: RTCPeerConnection } | null }).link!;
    const pc = link.connection;
    const track = pc.getSenders().find((s) => s.track?.kind === 'audio')?.track ?? null;
    return {
      senders: pc.getSenders().length,
      trackId: track?.id ?? null,
      deviceId: track?.getSettings().deviceId ?? null,
      localTrackId: harness.call(id).localStream?.getAudioTracks()[0]?.id ?? null,
      sdp: pc.localDescription?.sdp ?? '',
      signalingState: pc.signalingState,
    };
  },

  /** Pretends `deviceId` was unplugged: enumerateDevices stops listing it, and devicechange fires. */
  unplug(deviceId: string): void {
    const media = navigator.mediaDevices;
    const original = media.enumerateDevices.bind(media);
    media.enumerateDevices = async () => (await original()).filter((d) => d.deviceId !== deviceId);
    media.dispatchEvent(new Event('devicechange'));
  },

  /** The ICE server URLs of the current call's peer connection (an internal, for one test). */
  iceServerUrls(id?: string): string[] {
    const link = (harness.call(id) as unknown as { link: { connection: RTCPeerConnection } | null }).link;
    return (link?.connection.getConfiguration().iceServers ?? []).flatMap((server) => server.urls);
  },

  /**
   * Accepts the ringing call and answers how long, from the accept() call, the first remote audio
   * bytes and the first remote video frame (requestVideoFrameCallback) took.
   */
  async acceptTimed(video: boolean): Promise<{ audioMs: number; videoMs: number | null }> {
    const call = harness.call();
    const view = document.createElement('video');
    view.playsInline = true;
    document.body.append(view);
    call.attachView({ remote: view });
    const started = performance.now();
    const firstFrame = video ? new Promise<number>((resolve) => view.requestVideoFrameCallback(() => resolve(performance.now() - started))) : Promise.resolve(null);
    await call.accept({ video });
    let audioMs: number;
    for (;;) {
      if (rtpTotals(await call.getStats()).inAudio > 0) {
        audioMs = performance.now() - started;
        break;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    const videoMs = await firstFrame;
    return { audioMs, videoMs };
  },
};

declare global {
  interface Window {
    harness: typeof harness;
  }
}
window.harness = harness;
