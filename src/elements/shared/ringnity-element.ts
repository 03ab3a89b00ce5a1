import { LitElement, ReactiveElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { RingnityError, type RingnityAgent } from '../../index.js';
import { SessionController } from '../../context/session-controller.js';
import type { RingnitySession } from '../../sdk/session/session.js';
import { followConfiguredShadowMode } from './element-config.js';
import { CANCELABLE_ELEMENT_EVENTS, ELEMENT_EVENT_INIT, type ElementTag } from '../../protocol/element-events.js';
import { defineElement } from './define-element.js';
import type { RingnityEventDetails, RingnityEventName } from './events.js';
import { COMMON_LABELS, describeError, describeSession, type CommonLabels } from './labels.js';
import { LocaleController } from './locale.js';
import type { Translation } from './translation.js';
import { themeStyles } from './theme.styles.js';
import { SANITIZED_MESSAGE, templatesSanitized } from './sanitizer-probe.js';

/**
 * What every Ringnity element shares: the session it follows, the one `emit()` for host events,
 * replaceable labels and the theme attribute. Element behaviour lives in the subclasses and in
 * controllers, not in deeper inheritance.
 *
 * The custom properties below are read by every element that draws (theme.styles.ts); set them
 * once on a container. The dark palette has its own defaults.
 *
 * @cssproperty --ringnity-color-background - Background of the element and of its buttons.
 * @cssproperty --ringnity-color-surface - Panels, banners and customer messages.
 * @cssproperty --ringnity-color-surface-strong - Hovered buttons and stronger panels.
 * @cssproperty --ringnity-color-text - Text.
 * @cssproperty --ringnity-color-text-muted - Secondary text: times, hints, status banners.
 * @cssproperty --ringnity-color-border - Borders and separators.
 * @cssproperty --ringnity-color-accent - Primary buttons, selection and the focus ring.
 * @cssproperty --ringnity-color-on-accent - Text on the accent colour (primary buttons).
 * @cssproperty --ringnity-color-reply - Background of the agent's replies.
 * @cssproperty --ringnity-color-note - Background of internal notes.
 * @cssproperty --ringnity-color-note-border - Border of internal notes.
 * @cssproperty --ringnity-color-danger - Errors and destructive actions.
 * @cssproperty --ringnity-color-success - Success; the default colour of the online dot.
 * @cssproperty --ringnity-color-warning - Warnings; the default colour of the busy dot.
 * @cssproperty --ringnity-color-selected - Background of the selected row.
 * @cssproperty --ringnity-radius - Corner radius. Default 8px.
 * @cssproperty --ringnity-spacing - The base gap between controls. Default 8px.
 * @cssproperty --ringnity-font-size - Base font size. Default 0.875rem.
 * @cssproperty --ringnity-focus-ring - The focus outline. Default a 2px solid line in the accent colour.
 */
export abstract class RingnityElement<Labels extends CommonLabels = CommonLabels> extends LitElement {
  static override styles = [themeStyles];

  /** The element's tag. Tag names are part of the contract (the iframe bridge finds elements by them), so there is no other. */
  static readonly tag: ElementTag;

  /**
   * Registers the element under its tag. Calling it again, or after an entry point already did,
   * does nothing; a tag another copy of the package already took keeps that copy's class.
   */
  static define(this: CustomElementConstructor & { readonly tag: ElementTag }): void {
    defineElement(this.tag, this);
  }

  /** `light` or `dark` forces a palette; unset follows `prefers-color-scheme`. */
  @property({ reflect: true }) theme: 'light' | 'dark' | undefined;

  /** Replacement strings, merged over the defaults of the element's language. */
  @property({ attribute: false }) labels: Partial<Labels> = {};

  protected readonly sessionController = new SessionController(this, {
    bind: (agent, session) => this.bindAgent(agent, session),
  });

  /**
   * The language and the date format follow the element's `lang`, or its closest ancestor's
   * (across shadow roots), or the page's, and change when any of those does.
   */
  protected readonly localeController = new LocaleController(this);

  private mergedLabels: { from: Partial<Labels>; translation: Translation | null; value: Labels } | undefined;

  protected abstract readonly defaultLabels: Labels;

  /**
   * A session handed to the element directly. Without one, the element uses the nearest
   * `<ringnity-session>` ancestor, then the page's session.
   */
  @property({ attribute: false })
  get session(): RingnitySession | undefined {
    return this.sessionController.session;
  }
  set session(session: RingnitySession | undefined) {
    this.sessionController.session = session;
  }

  /** The connected agent, or null. */
  protected get agent(): RingnityAgent | null {
    return this.sessionController.agent;
  }

  /** The labels in force: the English defaults, the element's language over them, and `labels` on top. */
  protected get text(): Labels {
    const translation = this.localeController.translation;
    if (this.mergedLabels?.from !== this.labels || this.mergedLabels.translation !== translation) {
      const translated = translation ? { ...translation.common, ...this.translatedLabels(translation) } : {};
      this.mergedLabels = { from: this.labels, translation, value: { ...COMMON_LABELS, ...this.defaultLabels, ...translated, ...this.labels } };
    }
    return this.mergedLabels.value;
  }

  /** The element's own words in a language other than English; the common ones are added for it. */
  protected translatedLabels(_translation: Translation): Partial<Labels> {
    return {};
  }

  /** The locale for Intl: the `lang` in force, or undefined (the browser's) when none is set. */
  protected get locale(): string | undefined {
    return this.localeController.locale;
  }

  /** Holds an update while the words of the element's language load (the first time only). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const pending = this.localeController.pending();
    return pending ? pending.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  /** False for an element that draws no template of its own (`<ringnity-session>`). */
  protected readonly drawsTemplates: boolean = true;

  /**
   * Under an HTML sanitizer that breaks Lit's bindings (see sanitizer-probe.ts), shows why with
   * plain DOM, once, and reports RENDER_SANITIZED, instead of rendering shifted bindings.
   */
  protected override update(changed: PropertyValues): void {
    if (!this.drawsTemplates || !templatesSanitized()) return super.update(changed);
    if (!this.hasUpdated) {
      const alert = document.createElement('p');
      alert.setAttribute('role', 'alert');
      alert.textContent = SANITIZED_MESSAGE;
      this.renderRoot.replaceChildren(alert);
      this.emit('ringnity-error', { error: new RingnityError('RENDER_SANITIZED', SANITIZED_MESSAGE), action: 'render' });
    }
    // Lit's own bookkeeping of the update, without its rendering.
    ReactiveElement.prototype['update'].call(this, changed);
  }

  /** Runs once per connected agent while the element is in the page; return a cleanup. */
  protected bindAgent(_agent: RingnityAgent, _session: RingnitySession): void | (() => void) {}

  /**
   * Sends a `ringnity-*` event to the host page (bubbling out of shadow roots). Answers false
   * when the host vetoed a cancelable event with `preventDefault()`. Which events are
   * cancelable is declared in `ELEMENT_EVENTS` (protocol/element-events.ts), with the rest of
   * each event's contract.
   *
   * Public only so that the element's own controllers (the inbox's thread pane, the call view) can
   * send through it; pages listen to the events instead.
   * @internal
   */
  emit<N extends RingnityEventName>(name: N, detail: RingnityEventDetails[N]): boolean {
    return this.dispatchEvent(new CustomEvent<RingnityEventDetails[N]>(name, { ...ELEMENT_EVENT_INIT, detail, cancelable: CANCELABLE_ELEMENT_EVENTS.has(name) }));
  }

  /** Emits `ringnity-error` and answers the sentence to show inline. */
  protected reportError(error: RingnityError, action: string): string {
    this.emit('ringnity-error', { error, action });
    return describeError(error, this.text);
  }

  /** A banner while the session is not usable: connecting, reconnecting, failed (with retry), missing. */
  protected renderSessionStatus(): TemplateResult | typeof nothing {
    const session = this.sessionController.session;
    const state = this.sessionController.state;
    const message = describeSession(state, session?.error ?? null, this.text);
    if (message === null) return nothing;
    const alert = state === 'failed' || state === 'missing';
    return html`<div part="session-status" id="session-status" class="status-banner" data-state=${state} role=${alert ? 'alert' : 'status'}>
      <span part="session-message">${message}</span>
      ${session?.canRetry ? html`<button part="retry-button" class="button" type="button" @click=${() => session.retry().catch(() => {})}>${this.text.retry}</button>` : nothing}
    </div>`;
  }
}

// Closed shadow roots on request (Lightning Web Security): see element-config.ts.
followConfiguredShadowMode(RingnityElement);
