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

/**
 * The modal that asks for a reason (and a target) before an action. A native <dialog> opened
 * with showModal() keeps focus inside, closes on Escape and gives focus back on close.
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
  return html`<dialog
    part="dialog"
    class="dialog"
    aria-labelledby="dialog-title"
    aria-describedby="dialog-description"
    @cancel=${(event: Event) => {
      event.preventDefault();
      if (!state.busy) ctx.cancel();
    }}
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
  </dialog>`;
}
