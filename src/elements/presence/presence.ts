import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { SETTABLE_PRESENCE, isRingnityError, type PresenceStatus, type RingnityAgent, type SettablePresence } from '../../index.js';
import type { RingnitySession } from '../../sdk/session/session.js';
import { describeSession } from '../shared/labels.js';
import { RingnityElement } from '../shared/ringnity-element.js';
import type { Translation } from '../shared/translation.js';
import { themeStyles } from '../shared/theme.styles.js';
import { PRESENCE_LABELS, type PresenceLabels } from './labels.js';
import { presenceStyles } from './presence.styles.js';

/**
 * The agent's status: online, busy, offline, or in a call. The agent changes it from here;
 * `in_call` is set by the server and shown read-only. Changes made in another tab, or by the
 * server, show up live.
 *
 * Events: the rows of `ELEMENT_EVENTS` (src/protocol/element-events.ts) sent from `<ringnity-presence>`; the
 * manifest lists them.
 *
 * @csspart base - The wrapper.
 * @csspart indicator - The coloured dot.
 * @csspart label - The "Status" label.
 * @csspart select - The status picker.
 * @csspart readonly - The status as text, when it cannot be changed.
 * @csspart hint - Why the status cannot be changed.
 * @csspart error - An inline error.
 * @csspart session-status - The connecting / reconnecting / failed banner. While reconnecting, `base`
 *   has `data-connection="reconnecting"`, the dot is grey and the picker is disabled.
 * @csspart session-message - The text of that banner. When the session failed or is missing, the
 *   widget stays compact: `session-summary` says so in a few words, `details-button` shows this
 *   text (which may name the token route) on demand, in `session-details`.
 * @csspart session-summary - The short failure text.
 * @csspart details-button - Shows or hides the failure's details.
 * @csspart session-details - The failure's details and the retry button.
 * @csspart retry-button - Signs in again after a failure.
 *
 * @cssproperty --ringnity-presence-online - Colour of the online dot.
 * @cssproperty --ringnity-presence-busy - Colour of the busy dot.
 * @cssproperty --ringnity-presence-offline - Colour of the offline dot.
 * @cssproperty --ringnity-presence-in-call - Colour of the in-call dot.
 */
export class RingnityPresence extends RingnityElement<PresenceLabels> {
  static override readonly tag = 'ringnity-presence';
  static override styles = [themeStyles, presenceStyles];

  protected readonly defaultLabels = PRESENCE_LABELS;

  protected override translatedLabels(translation: Translation): Partial<PresenceLabels> {
    return translation.presence;
  }

  /** The status shown; null until it is known. */
  @state() status: PresenceStatus | null = null;
  @state() private saving = false;
  @state() private errorMessage: string | null = null;
  @state() private detailsOpen = false;

  protected override bindAgent(agent: RingnityAgent, _session: RingnitySession): () => void {
    this.status = null;
    this.errorMessage = null;
    if (!agent.hasScope('agent:presence:read')) return () => {};
    // The store loads, follows changes made elsewhere and reloads on resync.
    let ready = false;
    let failure: unknown = null;
    return agent.presence.store().subscribe(({ status, state, error }) => {
      if (status !== null) this.applyStatus(status, 'remote', ready);
      if (state === 'error' && error !== failure) this.errorMessage = this.reportError((failure = error)!, 'presence.get');
      if (state === 'ready' && !ready) {
        ready = true;
        this.emit('ringnity-ready', { agentId: agent.id });
      }
    });
  }

  protected override render(): TemplateResult {
    const agent = this.agent;
    const t = this.text;
    const banner = this.renderCompactStatus() ?? this.renderSessionStatus();
    if (!agent) return html`<div part="base" class="base">${banner}</div>`;
    if (!agent.hasScope('agent:presence:read')) {
      return html`<div part="base" class="base"><span part="readonly" class="readonly">${t.noAccess}</span></div>`;
    }
    const status = this.status;
    const canWrite = agent.hasScope('agent:presence:write');
    const locked = status === 'in_call';
    // While the connection is lost the last known status may be stale, and nothing set here would
    // reach anyone: the dot goes grey, the picker waits, and the banner says why.
    const reconnecting = this.sessionController.state === 'reconnecting';
    return html`<div part="base" class="base" data-status=${status ?? 'unknown'} data-connection=${reconnecting ? 'reconnecting' : 'connected'}>
      ${banner}
      <span part="indicator" class="indicator" aria-hidden="true"></span>
      ${
        status === null
          ? html`<span part="readonly" class="readonly" role="status">${t.loading}</span>`
          : canWrite
            ? html`<label part="label" for="status" class="visually-hidden">${t.status}</label>
              <select
                id="status"
                part="select"
                .value=${status}
                ?disabled=${locked || this.saving || reconnecting}
                aria-describedby=${reconnecting ? 'session-status' : locked ? 'hint' : nothing}
                @change=${this.onSelect}
              >
                ${SETTABLE_PRESENCE.map((value) => html`<option value=${value} ?selected=${value === status}>${t[value]}</option>`)}
                ${locked ? html`<option value="in_call" selected>${t.in_call}</option>` : nothing}
              </select>`
            : html`<span part="readonly" class="readonly"><span class="visually-hidden">${t.status}: </span>${t[status]}</span>`
      }
      ${locked ? html`<span id="hint" part="hint" class="hint">${t.inCallHint}</span>` : nothing}
      ${this.errorMessage ? html`<span part="error" class="inline-error" role="alert">${this.errorMessage}</span>` : nothing}
    </div>`;
  }

  /**
   * A failed or missing session, told in the few words a header has room for: the full sentence
   * names the token route and would stretch the widget across the header, so it waits behind a
   * disclosure button. Null for the other states, which the shared banner tells briefly.
   */
  private renderCompactStatus(): TemplateResult | null {
    const session = this.sessionController.session;
    const state = this.sessionController.state;
    if (state !== 'failed' && state !== 'missing') return null;
    const t = this.text;
    const open = this.detailsOpen;
    return html`<div part="session-status" id="session-status" class="compact-status" data-state=${state} role="alert">
      <span part="session-summary" class="summary"><span class="icon" aria-hidden="true">!</span>${t.unavailable}</span>
      <button
        part="details-button"
        class="button details-button"
        type="button"
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls="session-details"
        @click=${() => (this.detailsOpen = !open)}
      >
        ${t.details}
      </button>
      <div part="session-details" id="session-details" class="details" ?hidden=${!open}>
        <span part="session-message">${describeSession(state, session?.error ?? null, t)}</span>
        ${session?.canRetry ? html`<button part="retry-button" class="button" type="button" @click=${() => session.retry().catch(() => {})}>${t.retry}</button>` : nothing}
      </div>
    </div>`;
  }

  private async onSelect(event: Event): Promise<void> {
    const select = event.target as HTMLSelectElement;
    const next = select.value as SettablePresence;
    const agent = this.agent;
    const previous = this.status;
    if (!agent || !previous || next === previous) return;
    this.errorMessage = null;
    this.saving = true;
    // Optimistic: the picker shows the choice at once; the server's echo of it then changes nothing.
    this.status = next;
    try {
      const presence = await agent.presence.set(next);
      this.status = presence.status;
      this.emit('ringnity-presence-change', { status: presence.status, previousStatus: previous, source: 'self' });
    } catch (error) {
      this.status = previous;
      select.value = previous;
      if (isRingnityError(error)) this.errorMessage = this.reportError(error, 'presence.set');
      else throw error;
    } finally {
      this.saving = false;
    }
  }

  private applyStatus(status: PresenceStatus, source: 'self' | 'remote', announce: boolean): void {
    const previous = this.status;
    if (previous === status) return;
    this.status = status;
    if (announce && previous !== null) this.emit('ringnity-presence-change', { status, previousStatus: previous, source });
  }
}
