import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { isRingnityError, type Call, type CallEndReason, type Department, type RingnityAgent, type RingnityError } from '../../index.js';
import type { RingnitySession } from '../../context/session.js';
import { checkMediaPermissions } from '../../embed/preflight.js';
import { format } from '../shared/labels.js';
import { RingnityElement } from '../shared/ringnity-element.js';
import { themeStyles } from '../shared/theme.styles.js';
import { callPopupStyles } from './call-popup.styles.js';
import { CALL_POPUP_LABELS, type CallPopupLabels } from './labels.js';
import { RingtoneController } from './ringtone.js';

/**
 * The incoming-call popup and active-call panel. Put it once at page level: it finds the page's
 * session, goes online for calls (unless `availability="manual"`), rings, and drives the call.
 *
 * A host that draws its own UI cancels `ringnity-incoming-call` (`preventDefault()`) and gets the
 * call object in `detail.call`; the popup then stays out of the way for that call.
 *
 * @slot local - A `<video>` for this agent's camera; the popup shows its own when none is given.
 * @slot remote - A `<video>` for the customer; the popup shows its own when none is given.
 *
 * @fires ringnity-incoming-call - Cancelable. A call rings; `detail.call` is the SDK call object.
 * @fires ringnity-call-accepted - The agent took the call.
 * @fires ringnity-call-rejected - The agent declined it.
 * @fires ringnity-call-ended - The call is over for this agent; `detail.reason` says why.
 * @fires ringnity-call-held - The call went on hold.
 * @fires ringnity-call-resumed - The call came off hold.
 * @fires ringnity-call-transferred - A transfer `started`, `completed` or `returned`.
 * @fires ringnity-call-muted - The microphone was muted or unmuted (`detail.muted`).
 * @fires ringnity-call-video-changed - The agent's camera went on or off (`detail.enabled`).
 * @fires ringnity-sound-blocked - The browser blocked the ringtone; the popup shows an "enable sound" prompt.
 * @fires ringnity-error - A call action failed (media permission, network, state).
 *
 * @csspart base - The wrapper.
 * @csspart incoming - The ringing card.
 * @csspart caller - The customer's name.
 * @csspart call-type - "Incoming voice call" / "Incoming video call".
 * @csspart sound-prompt - The prompt shown when the ringtone is blocked.
 * @csspart enable-sound-button - Its button.
 * @csspart accept-button - Accept.
 * @csspart reject-button - Reject.
 * @csspart active - The active-call panel.
 * @csspart status - The call state ("On hold", "Transferring…").
 * @csspart timer - The call duration.
 * @csspart media - The video area.
 * @csspart remote-video - The popup's own customer video.
 * @csspart local-video - The popup's own agent video.
 * @csspart controls - The row of call buttons.
 * @csspart mute-button - Mute / unmute.
 * @csspart hold-button - Hold / resume.
 * @csspart video-button - Camera on / off.
 * @csspart transfer-button - Opens the department picker.
 * @csspart end-button - Ends the call.
 * @csspart transfer - The department picker.
 * @csspart department-select - Its select.
 * @csspart transfer-confirm-button - Starts the transfer.
 * @csspart notice - The "call ended" note.
 * @csspart error - An inline error.
 * @csspart preflight - Shown on a ringing call when the page (an iframe without
 *   `allow="microphone; camera; autoplay"`) may not use the devices; names the fix for the admin.
 *
 * @cssproperty --ringnity-call-popup-width - Width of the card. Default 320px.
 * @cssproperty --ringnity-call-popup-shadow - Shadow of the card.
 */
export class RingnityCallPopup extends RingnityElement<CallPopupLabels> {
  static override styles = [themeStyles, callPopupStyles];

  protected readonly defaultLabels = CALL_POPUP_LABELS;

  /** `auto` goes online for calls as soon as the session connects; `manual` leaves `agent.calls.goOnline()` to the host. */
  @property({ reflect: true }) availability: 'auto' | 'manual' = 'auto';

  /** No ringtone. */
  @property({ type: Boolean, reflect: true }) silent = false;

  /** STUN/TURN servers for the calls this popup takes; empty (host candidates only) by default. */
  @property({ attribute: false }) iceServers: RTCIceServer[] | undefined;

  /** The call the popup shows, ringing or live; null when idle. */
  @state() call: Call | null = null;
  @state() private pending = false;
  @state() private picking = false;
  @state() private departments: Department[] | null = null;
  @state() private errorMessage: string | null = null;
  @state() private notice: string | null = null;
  @state() private announcement = '';

  private readonly ringtone = new RingtoneController(this);
  private offCall: Array<() => void> = [];
  private clock: ReturnType<typeof setInterval> | undefined;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  protected override bindAgent(agent: RingnityAgent, _session: RingnitySession): () => void {
    if (!agent.hasScope('agent:calls:read') || !agent.hasScope('agent:calls:write')) return () => {};
    if (this.iceServers) agent.calls.configure({ iceServers: this.iceServers });
    const offIncoming = agent.calls.onIncomingCall((call) => this.incoming(call));
    // The admin who embedded the page wrongly reads the console long before a call rings.
    const preflight = checkMediaPermissions(['microphone']);
    if (!preflight.ok) console.warn(`[ringnity] ${preflight.advice}`);
    if (this.availability === 'auto') {
      agent.calls.goOnline().catch((error: unknown) => {
        if (isRingnityError(error)) this.errorMessage = this.reportError(error, 'calls.goOnline');
      });
    }
    return () => {
      offIncoming();
      this.release();
    };
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.clock);
    clearTimeout(this.noticeTimer);
  }

  /* ------------------------------------------------------------------ rendering */

  protected override render() {
    const call = this.call;
    const t = this.text;
    return html`<div part="base" class="base" data-state=${call?.state ?? 'idle'} ?hidden=${!call && !this.notice && !this.errorMessage}>
      <div class="visually-hidden" role="status" aria-live="assertive" aria-atomic="true">${this.announcement}</div>
      ${call?.state === 'ringing' ? this.renderIncoming(call) : nothing}
      ${call && call.state !== 'ringing' ? this.renderActive(call) : nothing}
      ${this.notice ? html`<p part="notice" class="notice" role="status">${this.notice}</p>` : nothing}
      ${this.errorMessage
        ? html`<p part="error" class="inline-error" role="alert">
            ${this.errorMessage}
            <button class="link" type="button" @click=${() => (this.errorMessage = null)}>${t.dismiss}</button>
          </p>`
        : nothing}
    </div>`;
  }

  private renderIncoming(call: Call) {
    const t = this.text;
    const name = call.customer.name || t.unknownCaller;
    // A region, not an alertdialog: the agent may be typing in the CRM, so focus stays where it is
    // and the aria-live announcement tells screen reader users instead.
    return html`<section part="incoming" class="card incoming" role="region" aria-labelledby="caller" aria-describedby="call-type">
      <p part="caller" id="caller" class="caller">${name}</p>
      <p part="call-type" id="call-type" class="call-type">${call.type === 'video' ? t.incomingVideo : t.incomingVoice}${call.transferredFrom ? ` · ${t.transferred}` : ''}</p>
      ${this.renderPreflight(call)}
      ${this.ringtone.blocked
        ? html`<div part="sound-prompt" class="sound-prompt" role="alert">
            <span>${t.soundBlocked}</span>
            <button part="enable-sound-button" class="button" type="button" @click=${() => this.ringtone.enable()}>${t.enableSound}</button>
          </div>`
        : nothing}
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

  private renderActive(call: Call) {
    const t = this.text;
    const live = call.state === 'active';
    const held = call.state === 'held';
    const transferring = call.state === 'transferring';
    const showVideo = call.videoEnabled || call.remoteMedia.video;
    const status = transferring ? t.transferring : held ? t.onHold : call.connected ? t.connected : t.connecting;
    return html`<section part="active" class="card active" aria-label=${format(t.callWith, { name: call.customer.name || t.unknownCaller })}>
      <header class="header">
        <span part="caller" class="caller">${call.customer.name || t.unknownCaller}</span>
        <span part="status" class="status" data-state=${call.state}>${status}</span>
        <span part="timer" class="timer" role="timer" aria-label=${t.duration}>${this.elapsed(call)}</span>
      </header>
      <div part="media" class="media" ?hidden=${!showVideo}>
        <div class="remote"><slot name="remote" @slotchange=${this.attachViews}><video part="remote-video" playsinline autoplay></video></slot></div>
        <div class="local"><slot name="local" @slotchange=${this.attachViews}><video part="local-video" playsinline autoplay muted></video></slot></div>
      </div>
      ${call.remoteMedia.audio ? nothing : html`<p class="hint">${t.customerMuted}</p>`}
      <div part="controls" class="controls" role="group" aria-label=${t.controls}>
        <button part="mute-button" class="button" type="button" aria-pressed=${call.muted ? 'true' : 'false'} ?disabled=${this.pending || transferring} @click=${this.toggleMute}>
          ${call.muted ? t.unmute : t.mute}
        </button>
        <button part="hold-button" class="button" type="button" aria-pressed=${held ? 'true' : 'false'} ?disabled=${this.pending || transferring} @click=${this.toggleHold}>
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

  private renderTransfer() {
    const t = this.text;
    const departments = this.departments;
    return html`<form part="transfer" class="transfer" @submit=${this.transfer}>
      <label for="department">${t.transferTo}</label>
      ${departments === null
        ? html`<span role="status">${t.loadingDepartments}</span>`
        : html`<select id="department" part="department-select" name="department" required>
            ${departments.map((d) => html`<option value=${d.id}>${d.name}</option>`)}
          </select>`}
      <button part="transfer-confirm-button" class="button primary" type="submit" ?disabled=${departments === null || this.pending}>${t.transferConfirm}</button>
      <button class="button" type="button" @click=${() => (this.picking = false)}>${t.cancel}</button>
    </form>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (changed.has('iceServers') && this.iceServers) this.agent?.calls.configure({ iceServers: this.iceServers });
    if (this.call && this.call.state !== 'ringing' && this.call.state !== 'ended') this.attachViews();
  }

  /** Host-slotted `<video>` elements win; otherwise the popup's own. */
  private attachViews = (): void => {
    const call = this.call;
    if (!call || call.state === 'ringing' || call.state === 'ended') return;
    const pick = (name: 'local' | 'remote') => {
      const slot = this.renderRoot.querySelector<HTMLSlotElement>(`slot[name="${name}"]`);
      const slotted = slot?.assignedElements({ flatten: true })[0] as HTMLElement | undefined;
      return slotted ?? this.renderRoot.querySelector<HTMLVideoElement>(`video[part="${name}-video"]`);
    };
    const local = pick('local');
    const remote = pick('remote');
    if (local !== this.attached.local || remote !== this.attached.remote) {
      this.attached = { local, remote };
      call.attachView({ local, remote });
    }
  };

  private attached: { local: HTMLElement | null; remote: HTMLElement | null } = { local: null, remote: null };

  private elapsed(call: Call): string {
    if (!call.answeredAt) return '0:00';
    const seconds = Math.max(0, Math.floor((Date.now() - call.answeredAt.getTime()) / 1000));
    const m = Math.floor(seconds / 60);
    const s = String(seconds % 60).padStart(2, '0');
    return m >= 60 ? `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}:${s}` : `${m}:${s}`;
  }

  /* ------------------------------------------------------------------ call lifecycle */

  private incoming(call: Call): void {
    // One call at a time: while busy with one, another keeps ringing the other agents.
    if (this.call && this.call.state !== 'ended') return;
    if (!this.emit('ringnity-incoming-call', { call })) return;
    this.show(call);
  }

  private show(call: Call): void {
    this.release();
    this.call = call;
    this.notice = null;
    this.errorMessage = null;
    this.attached = { local: null, remote: null };
    const t = this.text;
    this.announcement = format(call.type === 'video' ? t.announceVideo : t.announceVoice, { name: call.customer.name || t.unknownCaller });
    const update = () => this.requestUpdate();
    this.offCall = [
      call.on('state', (state) => {
        if (state !== 'ringing') this.ringtone.stop();
        if (state === 'active' && !this.clock) this.clock = setInterval(update, 1000);
        update();
      }),
      call.on('held', () => this.emit('ringnity-call-held', { call })),
      call.on('active', () => {
        if (this.wasHeld) this.emit('ringnity-call-resumed', { call });
        this.wasHeld = false;
      }),
      call.on('held', () => (this.wasHeld = true)),
      call.on('transferred', (outcome, departmentId) => {
        this.emit('ringnity-call-transferred', { call, departmentId, outcome });
        if (outcome === 'returned') this.announcement = this.text.transferReturned;
      }),
      call.on('connected', update),
      call.on('media', update),
      call.on('remotemedia', update),
      call.on('streams', update),
      call.on('ended', (reason, error) => this.ended(call, reason, error)),
    ];
    if (!this.silent) {
      void this.ringtone.start().then(() => {
        if (this.ringtone.blocked && this.call === call) this.emit('ringnity-sound-blocked', { call });
      });
    }
  }

  private wasHeld = false;

  private ended(call: Call, reason: CallEndReason, error: Error | null): void {
    if (this.call !== call) return;
    this.emit('ringnity-call-ended', { call, reason, error });
    const t = this.text;
    const why = (t as unknown as Record<string, string>)[`reason_${reason}`] ?? reason;
    this.notice = format(t.ended, { reason: why });
    this.announcement = this.notice;
    this.release();
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => (this.notice = null), 4000);
  }

  /** Forgets the current call (listeners, ringtone, timer); the call itself is left as it is. */
  private release(): void {
    for (const off of this.offCall) off();
    this.offCall = [];
    this.ringtone.stop();
    clearInterval(this.clock);
    this.clock = undefined;
    this.call = null;
    this.picking = false;
    this.wasHeld = false;
  }

  /* ------------------------------------------------------------------ actions */

  private async run(action: string, work: (call: Call) => Promise<void>): Promise<void> {
    const call = this.call;
    if (!call || this.pending) return;
    this.pending = true;
    this.errorMessage = null;
    try {
      await work(call);
    } catch (error) {
      if (isRingnityError(error)) this.errorMessage = this.reportError(error, action);
      else throw error;
    } finally {
      this.pending = false;
    }
  }

  private accept = () =>
    this.run('call.accept', async (call) => {
      this.ringtone.stop();
      await call.accept({ video: call.type === 'video' });
      this.emit('ringnity-call-accepted', { call });
    });

  private reject = () =>
    this.run('call.reject', async (call) => {
      const reason = this.text.rejectReason;
      await call.reject(reason);
      this.emit('ringnity-call-rejected', { call, reason });
    });

  private end = () => this.run('call.end', (call) => call.end());

  private toggleMute = () =>
    this.run('call.mute', async (call) => {
      if (call.muted) await call.unmute();
      else await call.mute();
      this.emit('ringnity-call-muted', { call, muted: call.muted });
    });

  private toggleHold = () => this.run(this.call?.state === 'held' ? 'call.resume' : 'call.hold', (call) => (call.state === 'held' ? call.resume() : call.hold()));

  private toggleVideo = () =>
    this.run('call.video', async (call) => {
      if (call.videoEnabled) await call.stopVideo();
      else await call.startVideo();
      this.emit('ringnity-call-video-changed', { call, enabled: call.videoEnabled });
    });

  private openTransfer = async () => {
    this.picking = !this.picking;
    if (!this.picking || this.departments) return;
    try {
      const directory = await this.sessionController.session!.directory();
      const own = this.agent?.departmentId;
      this.departments = [...directory.departments].sort((a, b) => Number(a.id === own) - Number(b.id === own));
    } catch (error) {
      this.picking = false;
      if (isRingnityError(error)) this.errorMessage = this.reportError(error as RingnityError, 'directory.get');
    }
  };

  private transfer = (event: SubmitEvent) => {
    event.preventDefault();
    const select = (event.target as HTMLFormElement).querySelector('select');
    const departmentId = select?.value;
    if (!departmentId) return;
    return this.run('call.transfer', async (call) => {
      await call.transfer({ departmentId });
      this.picking = false;
      this.emit('ringnity-call-transferred', { call, departmentId, outcome: 'started' });
    });
  };
}
