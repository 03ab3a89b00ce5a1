/**
 * The popup's second line of calls: besides the call it shows, an agent may have one ringing (a
 * second customer calls during a call) or one on hold (the call they switched away from). This
 * lists those with what can be done to each: accept or reject a ringing one, switch to or end a
 * held one. Accepting or switching puts the call in focus; the server holds the other, so the
 * agent always talks in one call at a time. It lives with the popup's lazily loaded view.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Call } from '../../index.js';
import { format } from '../shared/labels.js';
import { plainText } from '../shared/plain-text.js';
import type { RingnityEventDetails, RingnityEventName } from '../shared/events.js';
import type { CallPopupLabels } from './labels.js';

/** The part of the popup's view host (`CallPopupHost`) this uses. */
interface PopupHost {
  readonly element: { requestUpdate(): void };
  announcement: string;
  errorMessage: string | null;
  emit<N extends RingnityEventName>(name: N, detail: RingnityEventDetails[N]): boolean;
  fail(error: unknown, action: string, message?: string): void;
}

export interface OtherCallsHost {
  readonly popup: PopupHost;
  readonly text: CallPopupLabels;
  /** Shows `call` as the popup's main call; the call shown before joins this list if still live. */
  focus(call: Call): void;
}

export class OtherCalls {
  private readonly calls = new Map<Call, () => void>();
  private pending = false;

  constructor(private readonly host: OtherCallsHost) {}

  get list(): Call[] {
    return [...this.calls.keys()];
  }

  add(call: Call): void {
    if (this.calls.has(call) || call.state === 'ended') return;
    const popup = this.host.popup;
    const update = () => popup.element.requestUpdate();
    const offs = [
      call.on('state', update),
      call.on('ended', (reason, error) => {
        this.remove(call);
        popup.emit('ringnity-call-ended', { call, reason, error });
      }),
    ];
    this.calls.set(call, () => offs.forEach((off) => off()));
    if (call.state === 'ringing') {
      const t = this.host.text;
      popup.announcement = format(call.type === 'video' ? t.announceVideo : t.announceVoice, { name: call.customer.name || t.unknownCaller });
    }
    update();
  }

  remove(call: Call): void {
    this.calls.get(call)?.();
    this.calls.delete(call);
    this.host.popup.element.requestUpdate();
  }

  clear(): void {
    for (const off of this.calls.values()) off();
    this.calls.clear();
  }

  /** The call to show once the main one ended: a held one first, then one that rings. */
  next(): Call | undefined {
    return this.list.find((call) => call.state !== 'ringing') ?? this.list[0];
  }

  render(): TemplateResult | typeof nothing {
    if (this.calls.size === 0) return nothing;
    const t = this.host.text;
    return html`<section part="other-calls" class="card others" aria-label=${t.otherCalls}>
      <div class="others-list">${this.list.map((call) => this.renderCall(call, t))}</div>
    </section>`;
  }

  private renderCall(call: Call, t: CallPopupLabels): TemplateResult {
    const name = plainText(call.customer.name) || t.unknownCaller;
    const ringing = call.state === 'ringing';
    const status = ringing
      ? call.type === 'video'
        ? t.incomingVideo
        : t.incomingVoice
      : call.state === 'reconnecting'
        ? t.reconnecting
        : call.state === 'held'
          ? t.onHold
          : t.connected;
    return html`<div part="other-call" class="other" data-state=${call.state} role="group" aria-label=${format(t.callWith, { name })}>
      <span part="caller" class="caller">${name}</span>
      <span part="status" class="status" data-state=${call.state}>${status}</span>
      <span class="actions">
        ${
          ringing
            ? html`<button part="other-accept-button" class="button primary" type="button" ?disabled=${this.pending} @click=${() => this.accept(call)}>${t.accept}</button>
              <button part="other-reject-button" class="button danger" type="button" ?disabled=${this.pending} @click=${() => this.run(call, 'call.reject', () => call.reject(t.rejectReason))}>
                ${t.reject}
              </button>`
            : html`<button part="switch-button" class="button primary" type="button" ?disabled=${this.pending || call.state !== 'held'} @click=${() => this.switchTo(call)}>
                ${t.switchTo}
              </button>
              <button part="other-end-button" class="button danger" type="button" ?disabled=${this.pending} @click=${() => this.run(call, 'call.end', () => call.end())}>${t.end}</button>`
        }
      </span>
    </div>`;
  }

  private accept(call: Call): Promise<void> {
    return this.run(call, 'call.accept', async () => {
      await call.accept({ video: call.type === 'video' });
      this.host.popup.emit('ringnity-call-accepted', { call });
      this.host.focus(call);
    });
  }

  private switchTo(call: Call): Promise<void> {
    return this.run(call, 'call.resume', async () => {
      await call.resume();
      this.host.focus(call);
    });
  }

  private async run(call: Call, action: string, work: () => Promise<void>): Promise<void> {
    if (this.pending) return;
    const popup = this.host.popup;
    this.pending = true;
    popup.errorMessage = null;
    popup.element.requestUpdate();
    try {
      await work();
    } catch (error) {
      popup.fail(error, action);
    } finally {
      this.pending = false;
      if (call.state === 'ended') this.remove(call);
      popup.element.requestUpdate();
    }
  }
}
