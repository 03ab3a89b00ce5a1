/**
 * `agent.calls.devices`: the microphones, cameras and speakers a call may use, the agent's choice
 * of each (kept per browser), and what happens when a chosen one goes away. Part of the light
 * half: the popup's pickers list devices before the call code is in. Live calls follow a change
 * through the switcher the call engine installs.
 */
import { Emitter, type Unsubscribe } from '../emitter.js';
import { RingnityError } from '../errors.js';

const CALL_DEVICE_KINDS = ['microphone', 'camera', 'speaker'] as const;
export type CallDeviceKind = (typeof CALL_DEVICE_KINDS)[number];

export interface CallDevice {
  /** The browser's `deviceId`; stable per site until the browser's data is cleared. */
  id: string;
  /** Empty until the page has been allowed the microphone or camera once. */
  label: string;
  kind: CallDeviceKind;
}

export interface CallDeviceLists {
  microphones: CallDevice[];
  cameras: CallDevice[];
  speakers: CallDevice[];
}

export interface CallDeviceEvents {
  [name: string]: unknown[];
  /** A device was plugged in or removed. */
  change: [lists: CallDeviceLists];
  /** A choice changed (null: the browser's default). */
  selected: [kind: CallDeviceKind, deviceId: string | null];
  /** The chosen device went away; the default is used from now on, in live calls too. */
  fallback: [kind: CallDeviceKind, lostDeviceId: string];
}

/** Moves live calls to a device (null: the default); installed by the call engine. */
export type DeviceSwitcher = (kind: CallDeviceKind, deviceId: string | null) => Promise<void>;

const STORAGE_KEY = 'ringnity.call-devices';
const BROWSER_KIND: Record<string, CallDeviceKind> = { audioinput: 'microphone', videoinput: 'camera', audiooutput: 'speaker' };

type Choices = Record<CallDeviceKind, string | null>;

export class CallDevices {
  private readonly events = new Emitter<CallDeviceEvents>();
  private choices: Choices | null = null;
  private watching = false;
  private switcher: DeviceSwitcher | null = null;

  /** Whether a speaker can be chosen here (`HTMLMediaElement.setSinkId`). */
  get speakerSelectable(): boolean {
    return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
  }

  /** The chosen device of `kind`, or null for the browser's default. */
  selected(kind: CallDeviceKind): string | null {
    return this.load()[kind];
  }

  /** The devices now, by kind. Browsers give labels only once the page may use a microphone or camera. */
  async list(): Promise<CallDeviceLists> {
    this.watch();
    const media = mediaDevices();
    const lists: CallDeviceLists = { microphones: [], cameras: [], speakers: [] };
    if (!media?.enumerateDevices) return lists;
    for (const info of await media.enumerateDevices()) {
      const kind = BROWSER_KIND[info.kind];
      // Chromium lists "default" and "communications" as aliases of real devices; the choice of null covers them.
      if (!kind || !info.deviceId || info.deviceId === 'default' || info.deviceId === 'communications') continue;
      lists[`${kind}s` as keyof CallDeviceLists].push({ id: info.deviceId, label: info.label, kind });
    }
    return lists;
  }

  /**
   * Chooses the device of `kind` (null: the browser's default), keeps the choice in this browser,
   * and moves live calls to it: a new microphone or camera replaces the track being sent, without
   * renegotiating. Rejects with AGENT_SDK_INVALID_REQUEST for an unknown kind,
   * CALL_MEDIA_DEVICE_NOT_FOUND for a device that is not there, and CALL_MEDIA_FAILED for a speaker
   * where the browser cannot choose one.
   */
  async select(kind: CallDeviceKind, deviceId: string | null): Promise<void> {
    if (!CALL_DEVICE_KINDS.includes(kind)) {
      throw new RingnityError('AGENT_SDK_INVALID_REQUEST', `kind must be one of ${CALL_DEVICE_KINDS.join(', ')}`, { field: 'kind' });
    }
    if (deviceId !== null && typeof deviceId !== 'string') throw new RingnityError('AGENT_SDK_INVALID_REQUEST', 'deviceId must be a string or null', { field: 'deviceId' });
    if (kind === 'speaker' && !this.speakerSelectable) throw new RingnityError('CALL_MEDIA_FAILED', 'This browser cannot choose a speaker (no setSinkId)');
    if (deviceId !== null) {
      const lists = await this.list();
      if (!lists[`${kind}s` as keyof CallDeviceLists].some((device) => device.id === deviceId)) {
        throw new RingnityError('CALL_MEDIA_DEVICE_NOT_FOUND', `No ${kind} with deviceId ${deviceId} is connected`, { field: 'deviceId' });
      }
    }
    this.store(kind, deviceId);
    await this.switcher?.(kind, deviceId);
    this.events.emit('selected', kind, deviceId);
  }

  on<N extends keyof CallDeviceEvents>(name: N, listener: (...args: CallDeviceEvents[N]) => void): Unsubscribe {
    this.watch();
    return this.events.on(name, listener);
  }

  /** What getUserMedia should open for `kind`: the chosen device, or whatever the browser picks. */
  constraint(kind: 'microphone' | 'camera'): { deviceId: { exact: string } } | true {
    const id = this.selected(kind);
    return id ? { deviceId: { exact: id } } : true;
  }

  /** The call engine's way to move live calls when a choice changes. */
  setSwitcher(switcher: DeviceSwitcher | null): void {
    this.switcher = switcher;
    if (switcher) this.watch();
  }

  /**
   * Looks again at what is connected: anything chosen that is gone falls back to the default, in
   * live calls too, and says so. Runs on `devicechange` and when a track in use ends by itself.
   */
  async recheck(): Promise<void> {
    const lists = await this.list();
    for (const kind of CALL_DEVICE_KINDS) {
      const chosen = this.selected(kind);
      if (!chosen || lists[`${kind}s` as keyof CallDeviceLists].some((device) => device.id === chosen)) continue;
      this.store(kind, null);
      await this.switcher?.(kind, null).catch(() => {});
      this.events.emit('fallback', kind, chosen);
    }
    this.events.emit('change', lists);
  }

  destroy(): void {
    mediaDevices()?.removeEventListener?.('devicechange', this.onDeviceChange);
    this.events.clear();
    this.switcher = null;
  }

  private readonly onDeviceChange = (): void => void this.recheck().catch(() => {});

  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    mediaDevices()?.addEventListener?.('devicechange', this.onDeviceChange);
  }

  private load(): Choices {
    if (this.choices) return this.choices;
    const choices: Choices = { microphone: null, camera: null, speaker: null };
    try {
      const stored = JSON.parse(globalThis.localStorage?.getItem(STORAGE_KEY) ?? '{}') as Record<string, unknown>;
      for (const kind of CALL_DEVICE_KINDS) if (typeof stored[kind] === 'string' && (stored[kind] as string).length <= 256) choices[kind] = stored[kind] as string;
    } catch {
      // Storage refused (a sandboxed frame) or unreadable: the defaults it is.
    }
    return (this.choices = choices);
  }

  private store(kind: CallDeviceKind, deviceId: string | null): void {
    const choices = this.load();
    choices[kind] = deviceId;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(choices));
    } catch {
      // Kept for this page only.
    }
  }
}

function mediaDevices(): MediaDevices | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
}
