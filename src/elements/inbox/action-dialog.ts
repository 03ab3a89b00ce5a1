import { html, nothing, type TemplateResult } from 'lit';
import { LIMITS, type AgentSummary, type Department } from '../../index.js';
import { isolated } from '../shared/isolated.js';
import { format } from '../shared/labels.js';
import { plainText } from '../shared/plain-text.js';
import type { InboxLabels } from './labels.js';

export type ActionKind = 'accept' | 'assign' | 'transfer' | 'close' | 'delete';
/** Accept takes one click (see quick-accept.ts); every other action asks first. */
type DialogKind = Exclude<ActionKind, 'accept'>;

export interface ActionDialogState {
  kind: DialogKind;
  conversationId: string;
  /** For `delete`: the message whose attachments go, and a name to show. */
  messageId?: string;
  attachmentName?: string;
  busy: boolean;
  error: string | null;
}

export interface ActionDialogContext {
  labels: InboxLabels;
  agents: readonly AgentSummary[];
  departments: readonly Department[];
  submit(values: { target: string; reason: string }): void;
  cancel(): void;
}

/** What each action asks for. The API requires a reason for each. */
const FIELDS: Record<DialogKind, { target?: 'agent' | 'department'; reasonRequired: boolean; danger?: boolean }> = {
  assign: { target: 'agent', reasonRequired: true },
  transfer: { target: 'department', reasonRequired: true },
  close: { reasonRequired: true, danger: true },
  delete: { reasonRequired: true, danger: true },
};

/** The element that had focus before each open dialog, to give it back on close. */
const focusBefore = new WeakMap<Element, HTMLElement>();

const dialogIn = (root: ParentNode) => root.querySelector<HTMLElement>('[part="dialog"]');

/**
 * Focuses the first field of a dialog that has just opened under `root`, remembering what had
 * focus. Call after each render.
 */
export function focusOpenedDialog(root: ParentNode & { activeElement?: Element | null }): void {
  const dialog = dialogIn(root);
  if (!dialog || focusBefore.has(dialog)) return;
  focusBefore.set(dialog, (root.activeElement as HTMLElement | null) ?? dialog);
  dialog.querySelector<HTMLElement>('select, textarea')?.focus();
}

/** Gives focus back to what had it before the dialog under `root` opened. Call before it goes. */
export function returnFocusFromDialog(root: ParentNode): void {
  const dialog = dialogIn(root);
  if (dialog) focusBefore.get(dialog)?.focus();
}

/** Escape cancels; Tab and Shift+Tab wrap around the dialog's controls, as a modal's focus must not leave it. */
function onDialogKeydown(event: KeyboardEvent, state: ActionDialogState, ctx: ActionDialogContext): void {
  if (event.key === 'Escape') {
    event.preventDefault();
    if (!state.busy) ctx.cancel();
    return;
  }
  if (event.key !== 'Tab') return;
  const dialog = event.currentTarget as HTMLElement;
  const stops = [...dialog.querySelectorAll<HTMLElement>('select, textarea, button:not(:disabled)')];
  const active = (dialog.getRootNode() as ShadowRoot).activeElement;
  const [first, last] = [stops[0], stops[stops.length - 1]];
  if (event.shiftKey ? active === first || active === dialog : active === last) {
    event.preventDefault();
    (event.shiftKey ? last : first)?.focus();
  }
}

/**
 * The modal that asks for a reason (and a target) before an action. Not a native <dialog>:
 * Salesforce's HTML sanitizer removes that tag from Lit's templates. A role="dialog" element
 * over a backdrop keeps focus inside itself, closes on Escape and gives focus back on close
 * (`focusOpenedDialog`, `returnFocusFromDialog`).
 */
export function renderActionDialog(state: ActionDialogState, ctx: ActionDialogContext): TemplateResult {
  const t = ctx.labels;
  const fields = FIELDS[state.kind];
  const titles: Record<DialogKind, [title: string, description: string, confirm: string]> = {
    assign: [t.assignTitle, t.assignDescription, t.assignTitle],
    transfer: [t.transferTitle, t.transferDescription, t.transferTitle],
    close: [t.closeTitle, t.closeDescription, t.closeTitle],
    delete: [t.deleteTitle, format(t.deleteDescription, { name: state.attachmentName ?? '' }), t.deleteConfirm],
  };
  const [title, description, confirm] = titles[state.kind];
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    ctx.submit({ target: String(data.get('target') ?? ''), reason: String(data.get('reason') ?? '').trim() });
  };
  return html`<div class="dialog-backdrop"><div
    part="dialog"
    class="dialog"
    role="dialog"
    aria-modal="true"
    tabindex="-1"
    aria-labelledby="dialog-title"
    aria-describedby="dialog-description"
    @keydown=${(event: KeyboardEvent) => onDialogKeydown(event, state, ctx)}
  >
    <form part="dialog-form" class="dialog-form" @submit=${onSubmit} data-kind=${state.kind}>
      <h2 id="dialog-title" part="dialog-title" class="dialog-title">${title}</h2>
      <p id="dialog-description" part="dialog-description" class="muted">${isolated(description)}</p>
      ${
        fields.target === 'agent'
          ? html`<label part="dialog-label" for="dialog-target">${t.assignTo}</label>
            <select id="dialog-target" name="target" part="dialog-select" required>
              <option value="">${t.chooseAgent}</option>
              ${ctx.agents.map((a) => html`<option value=${a.id}>${plainText(a.name)}</option>`)}
            </select>`
          : nothing
      }
      ${
        fields.target === 'department'
          ? html`<label part="dialog-label" for="dialog-target">${t.transferTo}</label>
            <select id="dialog-target" name="target" part="dialog-select" required>
              <option value="">${t.chooseDepartment}</option>
              ${ctx.departments.map((d) => html`<option value=${d.id}>${plainText(d.name)}</option>`)}
            </select>`
          : nothing
      }
      <label part="dialog-label" for="dialog-reason">${fields.reasonRequired ? t.reason : t.reasonOptional}</label>
      <textarea id="dialog-reason" name="reason" part="dialog-reason" rows="3" maxlength=${LIMITS.reason} ?required=${fields.reasonRequired}></textarea>
      ${state.error ? html`<p part="dialog-error" class="inline-error" role="alert">${state.error}</p>` : nothing}
      <div part="dialog-actions" class="dialog-actions">
        <button part="dialog-cancel" class="button" type="button" ?disabled=${state.busy} @click=${() => ctx.cancel()}>${t.cancel}</button>
        <button part="dialog-confirm" class="button primary ${fields.danger ? 'danger' : ''}" type="submit" ?disabled=${state.busy}>
          ${state.busy ? t.working : confirm}
        </button>
      </div>
    </form>
  </div></div>`;
}
