import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { RingnityError, isRingnityError, type Call, type RingnityAgent } from '../../index.js';
import type { RingnitySession } from '../../sdk/session/session.js';
import { checkMediaPermissions } from '../../sdk/calls/preflight.js';
import { addStyles } from '../shared/added-styles.js';
import { RingnityElement } from '../shared/ringnity-element.js';
import type { Translation } from '../shared/translation.js';
import { themeStyles } from '../shared/theme.styles.js';
import { callPopupStyles } from './call-popup.styles.js';
import type { CallPopupHost, CallPopupView } from './call-popup-view.js';
import { COMMON_LABELS, type CommonLabels } from '../shared/labels.js';
import { CALL_POPUP_ELEMENT_LABELS, type CallPopupLabels } from './labels.js';

export type CallPopupViewModule = typeof import('./call-popup-view.js');

const importView = (): Promise<CallPopupViewModule> => import('./call-popup-view.js');
let viewLoader: () => Promise<CallPopupViewModule> = importView;

/**
 * Replaces how the popup's view is loaded. The no-build bundle uses it to take the view from
 * `ringnity-agent-call-view.js`, the file beside it; everything else keeps the bundler's
 * dynamic import.
 */
export function setCallPopupViewLoader(loader: (() => Promise<CallPopupViewModule>) | null): void {
  viewLoader = loader ?? importView;
}

/**
 * The incoming-call popup and active-call panel. Put it once at page level: it finds the page's
 * session, goes online for calls (unless `availability="manual"`), rings, and drives the call.
 *
 * What it shows once a call rings (the ringing card, the active-call panel, the transfer picker
 * and the ringtone) is loaded the first time calls are used (`call-popup-view.ts`), so that a
 * page that never takes calls never downloads it.
 *
 * A host that draws its own UI cancels `ringnity-incoming-call` (`preventDefault()`) and gets the
 * call object in `detail.call`; the popup then stays out of the way for that call.
 *
 * @slot local - A `<video>` for this agent's camera; the popup shows its own when none is given.
 * @slot remote - A `<video>` for the customer; the popup shows its own when none is given.
 *
 * Events: the rows of `ELEMENT_EVENTS` (src/protocol/element-events.ts) sent from `<ringnity-call-popup>`; the
 * manifest lists them.
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
 * @csspart elsewhere - Shown while the call this tab rang for is taken in another tab of the agent.
 * @csspart error - An inline error.
 * @csspart other-calls - The calls besides the main one: one ringing during a call, or the one on hold.
 * @csspart other-call - One of them (`data-state` says which state it is in).
 * @csspart other-accept-button - Accepts that ringing call; the main call goes on hold.
 * @csspart other-reject-button - Rejects that ringing call.
 * @csspart switch-button - Resumes that held call and holds the main one.
 * @csspart other-end-button - Ends that call.
 * @csspart call-health - The row with the network indicator and the microphone level.
 * @csspart quality - The network-quality indicator, in words ("Network: good"), from the call's MOS estimate and warnings.
 * @csspart level - The microphone level meter (a `<meter>`).
 * @csspart mic-warning - "No audio from your microphone", while the microphone sends silence.
 * @csspart device-notice - Said when a chosen device was unplugged and the default is used.
 * @csspart devices - The device pickers.
 * @csspart microphone-select - Chooses the microphone.
 * @csspart camera-select - Chooses the camera.
 * @csspart speaker-select - Chooses the speaker, where the browser can.
 * @csspart preflight - Shown on a ringing call when the page (an iframe without
 *   `allow="microphone; camera; autoplay"`) may not use the devices; names the fix for the admin.
 *
 * @cssproperty --ringnity-call-popup-width - Width of the card. Default 320px.
 * @cssproperty --ringnity-call-popup-shadow - Shadow of the card.
 */
export class RingnityCallPopup extends RingnityElement<CommonLabels & { callInAnotherTab: string }> {
  static override readonly tag = 'ringnity-call-popup';
  static override styles = [themeStyles, callPopupStyles];

  /** Replacement strings, merged over the defaults of the element's language (see `lang`). */
  declare labels: Partial<CallPopupLabels>;

  // The call words' defaults come with the view (call-popup-view.ts): a page without calls never needs them.
  protected readonly defaultLabels = { ...COMMON_LABELS, ...CALL_POPUP_ELEMENT_LABELS };

  // The German call words come with the German module, not with the view: they are few, and the call file has no room.
  protected override translatedLabels(translation: Translation): Partial<CallPopupLabels> {
    return translation.callPopup;
  }

  /** `auto` goes online for calls as soon as the session connects; `manual` leaves `agent.calls.goOnline()` to the host. */
  @property({ reflect: true }) availability: 'auto' | 'manual' = 'auto';

  /** No ringtone. */
  @property({ type: Boolean, reflect: true }) silent = false;

  /** STUN/TURN servers for the calls this popup takes; empty (host candidates only) by default. */
  @property({ attribute: false }) iceServers: RTCIceServer[] | undefined;

  /** The call the popup shows, ringing or live; null when idle. */
  @state() call: Call | null = null;
  @state() private errorMessage: string | null = null;
  @state() private announcement = '';
  @state() private view: CallPopupView | null = null;
  /** The id of a call this tab rang for and another tab of this agent answered, until it ends. */
  @state() private elsewhere: string | null = null;
  private readonly rang = new Map<string, Call>();
  private viewLoading: Promise<CallPopupView | null> | null = null;

  protected override bindAgent(agent: RingnityAgent, _session: RingnitySession): () => void {
    if (!agent.hasScope('agent:calls:read') || !agent.hasScope('agent:calls:write')) return () => {};
    if (this.iceServers) agent.calls.configure({ iceServers: this.iceServers });
    const offIncoming = agent.calls.onIncomingCall((call) => this.incoming(call));
    // Answered by this agent but not here: another tab has it. Checked after the call engine's
    // own listener has had the same event, whichever runs first.
    const offAnswered = agent.on('call.answered', ({ call: { callId, agentId } }) => {
      const call = this.rang.get(callId);
      if (!call || agentId !== agent.id) return;
      setTimeout(() => {
        if (call.endReason !== 'answered_elsewhere') return;
        this.elsewhere = callId;
        if (this.view) this.view.notice = null;
      });
    });
    const offEnded = agent.on('call.ended', ({ call: { callId } }) => {
      this.rang.delete(callId);
      if (this.elsewhere === callId) this.elsewhere = null;
    });
    // The admin who embedded the page wrongly reads the console long before a call rings.
    const preflight = checkMediaPermissions(['microphone']);
    if (!preflight.ok) console.warn(`[ringnity] ${preflight.advice}`);
    if (this.availability === 'auto') {
      // The view's file and the engine's load side by side: a call ringing right away waits for neither in turn.
      void this.loadView();
      agent.calls.goOnline().catch((error: unknown) => this.fail(error, 'calls.goOnline'));
    }
    return () => {
      offIncoming();
      offAnswered();
      offEnded();
      this.rang.clear();
      this.elsewhere = null;
      this.view?.others.clear();
      if (this.view) this.view.release();
      else this.call = null;
    };
  }

  protected override render(): TemplateResult {
    const view = this.view;
    const t = this.text;
    return html`<div part="base" class="base" data-state=${this.call?.state ?? 'idle'} ?hidden=${!(this.call && view) && !view?.notice && !this.errorMessage && !this.elsewhere}>
      <div class="visually-hidden" role="status" aria-live="assertive" aria-atomic="true">${this.announcement}</div>
      ${view ? view.render() : nothing}
      ${this.elsewhere && !this.call ? html`<p part="elsewhere" class="notice" role="status">${this.text.callInAnotherTab}</p>` : nothing}
      ${
        this.errorMessage
          ? html`<p part="error" class="inline-error" role="alert">
            ${this.errorMessage}
            <button class="link" type="button" @click=${() => (this.errorMessage = null)}>${t.dismiss}</button>
          </p>`
          : nothing
      }
    </div>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (changed.has('iceServers') && this.iceServers) this.agent?.calls.configure({ iceServers: this.iceServers });
  }

  private incoming(call: Call): void {
    this.rang.set(call.id, call);
    if (!this.emit('ringnity-incoming-call', { call })) return;
    // During a call, a second one rings beside it (the view's other calls) instead of taking the popup.
    if (this.call && this.call.state !== 'ended') {
      void this.loadView().then((view) => view?.others.add(call));
      return;
    }
    // Taken now, so that a second call does not take the popup while the view loads.
    this.call = call;
    void this.loadView().then((view) => {
      if (view && this.call === call) view.show(call);
      else if (!view && this.call === call) this.call = null;
    });
  }

  /** Loads the view once; a failure is shown and reported, and the next call tries again. */
  private loadView(): Promise<CallPopupView | null> {
    this.viewLoading ??= viewLoader().then(
      (module) => {
        const view = new module.CallPopupView(this.viewHost());
        addStyles(this, view.styles);
        return (this.view = view);
      },
      (error: unknown) => {
        this.viewLoading = null;
        const failure =
          error instanceof RingnityError
            ? error
            : new RingnityError('CALL_ENGINE_LOAD_FAILED', `The call popup could not be loaded: ${(error as Error)?.message ?? error}`, { cause: error });
        this.fail(failure, 'calls.load');
        return null;
      },
    );
    return this.viewLoading;
  }

  private fail(error: unknown, action: string, message?: string): void {
    if (!isRingnityError(error)) throw error;
    const described = this.reportError(error, action);
    this.errorMessage = message ?? described;
  }

  private viewHost(): CallPopupHost {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the getters below have their own `this`
    const popup = this;
    return {
      element: this,
      get text() {
        return popup.text;
      },
      // One ringtone for all of the agent's tabs: the others show the call without a sound.
      get silent() {
        return popup.silent || !(popup.agent?.tabs.ringsHere ?? true);
      },
      get call() {
        return popup.call;
      },
      set call(call) {
        popup.call = call;
      },
      get announcement() {
        return popup.announcement;
      },
      set announcement(text) {
        popup.announcement = text;
      },
      get errorMessage() {
        return popup.errorMessage;
      },
      set errorMessage(message) {
        popup.errorMessage = message;
      },
      emit: (name, detail) => this.emit(name, detail),
      fail: (error, action, message) => this.fail(error, action, message),
      directory: () => this.sessionController.session!.directory(),
      get departmentId() {
        return popup.agent?.departmentId ?? null;
      },
      devices: () => this.agent?.calls.devices ?? null,
    };
  }
}
