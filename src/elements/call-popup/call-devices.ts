/**
 * The call panel's device and quality parts: the microphone, camera and speaker pickers, the
 * microphone level meter, the "no audio from your microphone" warning, the notice when a chosen
 * device went away, and the network-quality indicator. Part of the view's file (see
 * call-popup-view.ts): nothing here may use Lit while the module is first evaluated.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Call, CallDeviceKind, CallDeviceLists, CallDevices } from '../../index.js';
import { format } from '../shared/labels.js';
import { plainText } from '../shared/plain-text.js';
import type { CallPopupLabels } from './labels.js';

/** How often the level meter is redrawn; smooth enough to see speech, cheap enough to forget. */
const METER_MS = 100;

export interface CallDevicesHost {
  readonly element: { requestUpdate(): void; readonly renderRoot: ParentNode };
  readonly text: CallPopupLabels;
  devices(): CallDevices | null;
  fail(error: unknown, action: string): void;
}

type Quality = 'good' | 'fair' | 'poor' | 'unknown';

export class CallDevicesPanel {
  private lists: CallDeviceLists | null = null;
  private notice: string | null = null;
  private off: Array<() => void> = [];
  private meter: { context: AudioContext; analyser: AnalyserNode; track: MediaStreamTrack; timer: ReturnType<typeof setInterval> } | null = null;
  private call: Call | null = null;

  constructor(private readonly host: CallDevicesHost) {}

  /** Follows `call` (its quality, warnings and microphone) and the agent's devices until `detach`. */
  attach(call: Call): void {
    this.detach();
    this.call = call;
    const update = () => this.host.element.requestUpdate();
    this.off.push(call.on('quality', update), call.on('warning', update), call.on('warning-cleared', update));
    const devices = this.host.devices();
    if (!devices) return;
    const t = this.host.text;
    this.off.push(
      devices.on('change', (lists) => {
        this.lists = lists;
        update();
      }),
      devices.on('fallback', (kind) => {
        this.notice = format(t.deviceFallback, { device: t[kind] });
        update();
      }),
      devices.on('selected', update),
    );
    this.refresh();
  }

  detach(): void {
    for (const off of this.off) off();
    this.off = [];
    this.stopMeter();
    this.call = null;
    this.notice = null;
  }

  render(call: Call): TemplateResult {
    const t = this.host.text;
    const devices = this.host.devices();
    const live = call.state === 'active' || call.state === 'held';
    if (live) this.followMicrophone(call);
    const quality = rate(call);
    const silent = call.warnings.includes('constant-audio-input');
    return html`<div part="call-health" class="call-health">
        <span part="quality" class="quality" data-quality=${quality}
          ><span class="quality-dot" aria-hidden="true"></span>${format(t.network, { quality: t[`network_${quality}`] })}</span
        >
        ${live ? html`<meter part="level" class="level" min="0" max="1" value="0" aria-label=${t.micLevel}></meter>` : nothing}
      </div>
      ${silent ? html`<p part="mic-warning" class="inline-error" role="alert">${t.noMicAudio}</p>` : nothing}
      ${this.notice ? html`<p part="device-notice" class="hint" role="status">${this.notice}</p>` : nothing}
      ${devices && live ? this.renderPickers(devices) : nothing}`;
  }

  private renderPickers(devices: CallDevices): TemplateResult {
    const t = this.host.text;
    const lists = this.lists;
    const picker = (kind: CallDeviceKind, options: CallDeviceLists['microphones']) => {
      const chosen = devices.selected(kind) ?? '';
      return html`<label class="device"
        >${t[kind]}
        <select part="${kind}-select" name=${kind} @change=${(event: Event) => this.choose(kind, (event.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${chosen === ''}>${t.defaultDevice}</option>
          ${options.map((d, i) => html`<option value=${d.id} ?selected=${d.id === chosen}>${plainText(d.label) || `${t[kind]} ${i + 1}`}</option>`)}
        </select></label
      >`;
    };
    return html`<fieldset part="devices" class="devices">
      <legend>${t.devices}</legend>
      ${
        lists
          ? html`${picker('microphone', lists.microphones)} ${picker('camera', lists.cameras)}
          ${devices.speakerSelectable ? picker('speaker', lists.speakers) : nothing}`
          : html`<span role="status">${t.loadingDevices}</span>`
      }
    </fieldset>`;
  }

  private refresh(): void {
    const devices = this.host.devices();
    devices?.list().then(
      (lists) => {
        this.lists = lists;
        this.host.element.requestUpdate();
      },
      (error: unknown) => this.host.fail(error, 'calls.devices.list'),
    );
  }

  private choose(kind: CallDeviceKind, id: string): void {
    this.notice = null;
    this.host
      .devices()
      ?.select(kind, id || null)
      .catch((error: unknown) => this.host.fail(error, 'calls.devices.select'));
  }

  /** The meter listens to whatever microphone the call sends now: after a swap, the new one. */
  private followMicrophone(call: Call): void {
    const track = call.localStream?.getAudioTracks()[0];
    if (!track || this.meter?.track === track) return;
    this.stopMeter();
    if (typeof AudioContext === 'undefined') return;
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      const meter = this.host.element.renderRoot.querySelector<HTMLMeterElement>('meter[part~="level"]');
      // Root mean square, scaled so that speech fills most of the bar.
      if (meter) meter.value = Math.min(1, Math.sqrt(sum / samples.length) * 4);
    }, METER_MS);
    this.meter = { context, analyser, track, timer };
  }

  /** Stops the meter (the element left the page); the next render starts it again. */
  stopMeter(): void {
    if (!this.meter) return;
    clearInterval(this.meter.timer);
    void this.meter.context.close().catch(() => {});
    this.meter = null;
  }
}

/** The indicator's word, from the latest MOS estimate and what is raised. */
function rate(call: Call): Quality {
  const mos = call.quality?.mos;
  if (mos === null || mos === undefined) return 'unknown';
  const network = call.warnings.filter((w) => w !== 'constant-audio-input').length;
  if (mos < 3.5 || network >= 2) return 'poor';
  if (mos < 4 || network === 1) return 'fair';
  return 'good';
}
