/**
 * What `<ringnity-call-popup>` shows and does once a call rings: the ringing card, the active-call
 * panel with its timer and controls, the transfer picker and the ringtone. The element
 * (`call-popup.ts`) loads this module the first time calls are used, so that a page that never
 * takes calls never downloads it; the no-build bundle carries it in the call file, next to the
 * call engine.
 *
 * It imports Lit as any element module does. In the call file, rollup.config.mjs points those
 * imports at the main bundle's copy (see `sharedLit()` there): a second Lit would weigh 5 KB
 * more and register the `lit-html` Trusted Types policy twice, which a strict CSP refuses. So
 * nothing here may use Lit while the module is first evaluated, only once it is constructed.
 */
import { html, nothing, type CSSResult, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Call, CallDevices, CallEndReason, Directory } from '../../index.js';
import { checkMediaPermissions } from '../../sdk/calls/preflight.js';
import type { RingnityEventDetails, RingnityEventName } from '../shared/events.js';
import { format, type CommonLabels } from '../shared/labels.js';
import { plainText } from '../shared/plain-text.js';
import { callPopupViewStyles } from './call-popup-view.styles.js';
import { CALL_POPUP_LABELS, type CallPopupLabels } from './labels.js';
import { OtherCalls } from './other-calls.js';
import { RingtoneController } from './ringtone.js';
import { CallDevicesPanel } from './call-devices.js';

/** How long the "call ended" note stays. */
const NOTICE_MS = 4000;

/** What the view needs of its element, which builds it (see `RingnityCallPopup`). */
export interface CallPopupHost {
  /** The element: updates, controllers, and the shadow root the view's slots live in. */
  readonly element: ReactiveControllerHost & { readonly renderRoot: ParentNode };
  /** The element's labels: the shared defaults with the page's replacements on top. */
  readonly text: CommonLabels & Partial<CallPopupLabels>;
  readonly silent: boolean;
  /** The element's `call` property: the call shown, ringing or live. */
  call: Call | null;
  /** The element's assertive live region. */
  announcement: string;
  /** The element's inline error; the view clears it when an action starts. */
  errorMessage: string | null;
  emit<N extends RingnityEventName>(name: N, detail: RingnityEventDetails[N]): boolean;
  /**
   * Reports a failed action (`ringnity-error`) and shows `message`, or a description of the
   * error; anything but a RingnityError is thrown again.
   */
  fail(error: unknown, action: string, message?: string): void;
  directory(): Promise<Directory>;
  /** The agent's own department, listed last among transfer targets. */
  readonly departmentId: string | null;
  /** `agent.calls.devices`, once the session has an agent. */
  devices(): CallDevices | null;
}

export class CallPopupView implements ReactiveController {
  /** Styles for the element to add to its own. */
  readonly styles: CSSResult;
  /** The "call ended" note, shown for a few seconds. */
  notice: string | null = null;
  private pending = false;
  private picking = false;
  private departments: Directory['departments'] | null = null;
  private wasHeld = false;
  private offCall: Array<() => void> = [];
  private clock: ReturnType<typeof setInterval> | undefined;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private attached: { local: HTMLElement | null; remote: HTMLElement | null } = { local: null, remote: null };
  private readonly ringtone: RingtoneController;
  private readonly health: CallDevicesPanel;
  private mergedText: { from: CallPopupHost['text']; value: CallPopupLabels } | undefined;
  /** Calls besides the one shown: a second one ringing, or the one on hold. */
  readonly others: OtherCalls;

  constructor(private readonly host: CallPopupHost) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the panel's getter reads this view's merged labels
    const view = this;
    this.styles = callPopupViewStyles();
    host.element.addController(this);
    this.ringtone = new RingtoneController(host.element);
    this.health = new CallDevicesPanel({
      element: host.element,
      get text() {
        return view.text;
      },
      devices: () => host.devices(),
      fail: (error, action) => host.fail(error, action),
    });
    this.others = new OtherCalls({
      popup: host,
      get text() {
        return view.text;
      },
      focus: (call) => this.focus(call),
    });
  }

  /** Shows `call` as the main one; the one shown so far, if still live, joins the other calls. */
  focus(call: Call): void {
    const current = this.host.call;
    this.others.remove(call);
    if (current && current !== call && current.state !== 'ended') {
      current.attachView({ local: null, remote: null });
      this.others.add(current);
    }
    this.show(call);
  }

  /** The element's labels over the call words' English defaults. */
  private get text(): CallPopupLabels {
    const from = this.host.text;
    if (this.mergedText?.from !== from) this.mergedText = { from, value: { ...CALL_POPUP_LABELS, ...from } };
    return this.mergedText.value;
  }

  hostDisconnected(): void {
    this.health.stopMeter();
    clearInterval(this.clock);
    this.clock = undefined;
    clearTimeout(this.noticeTimer);
  }

  hostUpdated(): void {
    const call = this.host.call;
    if (call && call.state !== 'ringing' && call.state !== 'ended') this.attachViews();
  }

  /* ------------------------------------------------------------------ call lifecycle */

  /** Shows a call that rings, and follows it until it ends. */
  show(call: Call): void {
    this.release();
    const host = this.host;
    host.call = call;
    this.wasHeld = call.state === 'held';
    this.notice = null;
    host.errorMessage = null;
    this.attached = { local: null, remote: null };
    const t = this.text;
    const ringing = call.state === 'ringing';
    if (ringing) host.announcement = format(call.type === 'video' ? t.announceVideo : t.announceVoice, { name: call.customer.name || t.unknownCaller });
    if (call.state === 'ended') {
      // It ended while this module was loading.
      this.ended(call, call.endReason ?? 'missed', call.error);
      return;
    }
    const update = () => host.element.requestUpdate();
    this.offCall = [
      call.on('state', (state) => {
        if (state !== 'ringing') this.ringtone.stop();
        if (state === 'reconnecting') host.announcement = this.text.reconnecting;
        if (state === 'active' && !this.clock) this.clock = setInterval(update, 1000);
        update();
      }),
      call.on('held', () => host.emit('ringnity-call-held', { call })),
      call.on('active', () => {
        if (this.wasHeld) host.emit('ringnity-call-resumed', { call });
        this.wasHeld = false;
      }),
      call.on('held', () => (this.wasHeld = true)),
      call.on('transferred', (outcome, departmentId) => {
        host.emit('ringnity-call-transferred', { call, departmentId, outcome });
        if (outcome === 'returned') host.announcement = this.text.transferReturned;
      }),
      call.on('connected', update),
      call.on('media', update),
      call.on('remotemedia', update),
      call.on('streams', update),
      call.on('ended', (reason, error) => this.ended(call, reason, error)),
    ];
    this.health.attach(call);
    if (!ringing) this.clock ??= setInterval(update, 1000);
    else if (!host.silent) {
      void this.ringtone.start().then(() => {
        if (this.ringtone.blocked && host.call === call) host.emit('ringnity-sound-blocked', { call });
      });
    }
  }

  /** Forgets the current call (listeners, ringtone, timer); the call itself is left as it is. */
  release(): void {
    for (const off of this.offCall) off();
    this.offCall = [];
    this.health.detach();
    this.ringtone.stop();
    clearInterval(this.clock);
    this.clock = undefined;
    this.host.call = null;
    this.picking = false;
    this.wasHeld = false;
  }

  private ended(call: Call, reason: CallEndReason, error: Error | null): void {
    const host = this.host;
    if (host.call !== call) return;
    host.emit('ringnity-call-ended', { call, reason, error });
    const t = this.text;
    const why = (t as unknown as Record<string, string>)[`reason_${reason}`] ?? reason;
    const notice = format(t.ended, { reason: why });
    this.release();
    const next = this.others.next();
    if (next) this.focus(next);
    host.announcement = this.notice = notice;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => {
      this.notice = null;
      host.element.requestUpdate();
    }, NOTICE_MS);
  }

  /* ------------------------------------------------------------------ rendering */

  render() {
    const call = this.host.call;
    return html`${call?.state === 'ringing' ? this.renderIncoming(call) : nothing}
      ${call && call.state !== 'ringing' ? this.renderActive(call) : nothing}
      ${this.others.render()} ${this.notice ? html`<p part="notice" class="notice" role="status">${this.notice}</p>` : nothing}`;
  }

  private renderIncoming(call: Call): TemplateResult {
    const t = this.text;
    const name = plainText(call.customer.name) || t.unknownCaller;
    // A region, not an alertdialog: the agent may be typing in the CRM, so focus stays where it is
    // and the aria-live announcement tells screen reader users instead.
    return html`<section part="incoming" class="card incoming" role="region" aria-labelledby="caller" aria-describedby="call-type">
      <p part="caller" id="caller" class="caller">${name}</p>
      <p part="call-type" id="call-type" class="call-type">${call.type === 'video' ? t.incomingVideo : t.incomingVoice}${call.transferredFrom ? ` · ${t.transferred}` : ''}</p>
      ${this.renderPreflight(call)}
      ${
        this.ringtone.blocked
          ? html`<div part="sound-prompt" class="sound-prompt" role="alert">
            <span>${t.soundBlocked}</span>
            <button part="enable-sound-button" class="button" type="button" @click=${() => this.ringtone.enable()}>${t.enableSound}</button>
          </div>`
          : nothing
      }
      <div class="actions">
        <button part="accept-button" class="button primary" type="button" ?disabled=${this.pending} @click=${this.accept}>${call.type === 'video' ? t.acceptVideo : t.accept}</button>
        <button part="reject-button" class="button danger" type="button" ?disabled=${this.pending} @click=${this.reject}>${t.reject}</button>
      </div>
    </section>`;
  }

  /** Blocked devices, said before the agent clicks Accept and gets a bare permission error. */
  private renderPreflight(call: Call) {
    const report = checkMediaPermissions(call.type === 'video' ? ['microphone', 'camera'] : ['microphone']);
    return report.ok ? nothing : html`<p part="preflight" class="inline-error" role="alert">${report.advice}</p>`;
  }

  private renderActive(call: Call): TemplateResult {
    const t = this.text;
    const live = call.state === 'active';
    const held = call.state === 'held';
    const transferring = call.state === 'transferring';
    const reconnecting = call.state === 'reconnecting';
    const showVideo = call.videoEnabled || call.remoteMedia.video;
    const status = reconnecting ? t.reconnecting : transferring ? t.transferring : held ? t.onHold : call.connected ? t.connected : t.connecting;
    return html`<section part="active" class="card active" aria-label=${format(t.callWith, { name: call.customer.name || t.unknownCaller })}>
      <header class="header">
        <span part="caller" class="caller">${plainText(call.customer.name) || t.unknownCaller}</span>
        <span part="status" class="status" data-state=${call.state}>${status}</span>
        <span part="timer" class="timer" role="timer" aria-label=${t.duration}>${elapsed(call)}</span>
      </header>
      <div part="media" class="media" ?hidden=${!showVideo}>
        <div class="remote"><slot name="remote" @slotchange=${this.attachViews}><video part="remote-video" playsinline autoplay></video></slot></div>
        <div class="local"><slot name="local" @slotchange=${this.attachViews}><video part="local-video" playsinline autoplay muted></video></slot></div>
      </div>
      ${call.remoteMedia.audio ? nothing : html`<p class="hint">${t.customerMuted}</p>`} ${this.health.render(call)}
      <div part="controls" class="controls" role="group" aria-label=${t.controls}>
        <button part="mute-button" class="button" type="button" aria-pressed=${call.muted ? 'true' : 'false'} ?disabled=${this.pending || transferring} @click=${this.toggleMute}>
          ${call.muted ? t.unmute : t.mute}
        </button>
        <button part="hold-button" class="button" type="button" aria-pressed=${held ? 'true' : 'false'} ?disabled=${this.pending || transferring || reconnecting} @click=${this.toggleHold}>
          ${held ? t.resume : t.hold}
        </button>
        <button part="video-button" class="button" type="button" aria-pressed=${call.videoEnabled ? 'true' : 'false'} ?disabled=${this.pending || transferring} @click=${this.toggleVideo}>
          ${call.videoEnabled ? t.stopVideo : t.startVideo}
        </button>
        <button part="transfer-button" class="button" type="button" aria-expanded=${this.picking ? 'true' : 'false'} ?disabled=${this.pending || transferring || !(live || held)} @click=${this.openTransfer}>
          ${t.transfer}
        </button>
        <button part="end-button" class="button danger" type="button" ?disabled=${this.pending} @click=${this.end}>${t.end}</button>
      </div>
      ${this.picking && !transferring ? this.renderTransfer() : nothing}
    </section>`;
  }

  private renderTransfer(): TemplateResult {
    const t = this.text;
    const departments = this.departments;
    return html`<form part="transfer" class="transfer" @submit=${this.transfer}>
      <label for="department">${t.transferTo}</label>
      ${
        departments === null
          ? html`<span role="status">${t.loadingDepartments}</span>`
          : html`<select id="department" part="department-select" name="department" required>
            ${departments.map((d) => html`<option value=${d.id}>${plainText(d.name)}</option>`)}
          </select>`
      }
      <button part="transfer-confirm-button" class="button primary" type="submit" ?disabled=${departments === null || this.pending}>${t.transferConfirm}</button>
      <button class="button" type="button" @click=${() => this.setPicking(false)}>${t.cancel}</button>
    </form>`;
  }

  /** Host-slotted `<video>` elements win; otherwise the popup's own. */
  private attachViews = (): void => {
    const call = this.host.call;
    if (!call || call.state === 'ringing' || call.state === 'ended') return;
    const root = this.host.element.renderRoot;
    const pick = (name: 'local' | 'remote') => {
      const slot = root.querySelector<HTMLSlotElement>(`slot[name="${name}"]`);
      const slotted = slot?.assignedElements({ flatten: true })[0] as HTMLElement | undefined;
      return slotted ?? root.querySelector<HTMLVideoElement>(`video[part="${name}-video"]`);
    };
    const local = pick('local');
    const remote = pick('remote');
    if (local !== this.attached.local || remote !== this.attached.remote) {
      this.attached = { local, remote };
      call.attachView({ local, remote });
    }
  };

  /* ------------------------------------------------------------------ actions */

  private setPicking(picking: boolean): void {
    this.picking = picking;
    this.host.element.requestUpdate();
  }

  private async run(action: string, work: (call: Call) => Promise<void>): Promise<void> {
    const host = this.host;
    const call = host.call;
    if (!call || this.pending) return;
    this.pending = true;
    host.errorMessage = null;
    host.element.requestUpdate();
    try {
      await work(call);
    } catch (error) {
      host.fail(error, action, mediaErrorText(error, this.text));
    } finally {
      this.pending = false;
      host.element.requestUpdate();
    }
  }

  private accept = () =>
    this.run('call.accept', async (call) => {
      this.ringtone.stop();
      await call.accept({ video: call.type === 'video' });
      this.host.emit('ringnity-call-accepted', { call });
    });

  private reject = () =>
    this.run('call.reject', async (call) => {
      const reason = this.text.rejectReason;
      await call.reject(reason);
      this.host.emit('ringnity-call-rejected', { call, reason });
    });

  private end = () => this.run('call.end', (call) => call.end());

  private toggleMute = () =>
    this.run('call.mute', async (call) => {
      if (call.muted) await call.unmute();
      else await call.mute();
      this.host.emit('ringnity-call-muted', { call, muted: call.muted });
    });

  private toggleHold = () => this.run(this.host.call?.state === 'held' ? 'call.resume' : 'call.hold', (call) => (call.state === 'held' ? call.resume() : call.hold()));

  private toggleVideo = () =>
    this.run('call.video', async (call) => {
      if (call.videoEnabled) await call.stopVideo();
      else await call.startVideo();
      this.host.emit('ringnity-call-video-changed', { call, enabled: call.videoEnabled });
    });

  private openTransfer = async () => {
    this.setPicking(!this.picking);
    if (!this.picking || this.departments) return;
    try {
      const directory = await this.host.directory();
      const own = this.host.departmentId;
      this.departments = [...directory.departments].sort((a, b) => Number(a.id === own) - Number(b.id === own));
      this.host.element.requestUpdate();
    } catch (error) {
      this.setPicking(false);
      this.host.fail(error, 'directory.get');
    }
  };

  private transfer = (event: SubmitEvent) => {
    event.preventDefault();
    const select = (event.target as HTMLFormElement).querySelector('select');
    const departmentId = select?.value;
    if (!departmentId) return;
    return this.run('call.transfer', async (call) => {
      await call.transfer({ departmentId });
      this.setPicking(false);
      this.host.emit('ringnity-call-transferred', { call, departmentId, outcome: 'started' });
    });
  };
}

/** The call's duration as m:ss, or h:mm:ss past an hour. */
function elapsed(call: Call): string {
  if (!call.answeredAt) return '0:00';
  const seconds = Math.max(0, Math.floor((Date.now() - call.answeredAt.getTime()) / 1000));
  const m = Math.floor(seconds / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return m >= 60 ? `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The popup's own sentence for a device the browser would not open, which the agent can act on. */
function mediaErrorText(error: unknown, t: CallPopupLabels): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'CALL_MEDIA_PERMISSION_DENIED') return t.errorMediaDenied;
  if (code === 'CALL_MEDIA_DEVICE_NOT_FOUND') return t.errorMediaMissing;
  return undefined;
}
