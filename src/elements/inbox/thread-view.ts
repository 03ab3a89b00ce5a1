import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { LIMITS, type Conversation } from '../../index.js';
import { isolated } from '../shared/isolated.js';
import { format } from '../shared/labels.js';
import type { ActionKind } from './action-dialog.js';
import type { InboxLabels } from './labels.js';
import type { ConversationPermissions } from './permissions.js';

const META_SEPARATOR = ' · ';

export interface ThreadHeaderContext {
  labels: InboxLabels;
  can: ConversationPermissions;
  /** Assign and transfer need someone to pick: offered once the directory is known. */
  canPickAgent: boolean;
  canPickDepartment: boolean;
  actionError: string | null;
  /** The conversation left the agent's sight (transferred away, for instance). */
  gone: boolean;
  agentName(id: string): string;
  departmentName(id: string | null): string;
  openAction(kind: ActionKind): void;
  back(): void;
  dismissError(): void;
}

/** Who the customer is, where the conversation stands, and the actions this agent may take. */
export function renderThreadHeader(c: Conversation, ctx: ThreadHeaderContext): TemplateResult {
  const t = ctx.labels;
  const can = ctx.can;
  const assignee = c.assignedAgentId ? format(t.assignedTo, { agent: ctx.agentName(c.assignedAgentId) }) : t.unassigned;
  const action = (kind: ActionKind, label: string, allowed: boolean) =>
    allowed ? html`<button part="action-button" class="button" type="button" data-action=${kind} @click=${() => ctx.openAction(kind)}>${label}</button>` : nothing;
  const assign = can.assign && ctx.canPickAgent;
  const transfer = can.transfer && ctx.canPickDepartment;
  return html`<header part="thread-header" class="thread-header">
      <button part="back-button" class="button back" type="button" @click=${() => ctx.back()}>
        <span class="back-arrow" aria-hidden="true">←</span> ${t.conversations}
      </button>
      <div class="customer">
        <h2 part="customer-name" class="customer-name">${isolated(c.customer.name)}</h2>
        <p part="conversation-meta" class="conversation-meta">
          ${[c.customer.email, c.subject, ctx.departmentName(c.departmentId), assignee]
            .filter((text): text is string => !!text)
            // The separator is a string, not template text: the bundle's HTML minifier trims the
            // whitespace at a template's edges, which once ran the e-mail into the subject.
            .map((text, i) => html`${i ? META_SEPARATOR : ''}${isolated(text)}`)}
          ${c.status === 'closed' ? [' ', html`<span part="closed-badge" class="closed-badge">${t.closedBadge}</span>`] : nothing}
        </p>
      </div>
      ${
        can.accept || assign || transfer || can.close
          ? html`<div part="actions" class="actions" role="group" aria-label=${t.actions}>
            ${action('accept', t.accept, can.accept)} ${action('assign', t.assign, assign)} ${action('transfer', t.transfer, transfer)}
            ${action('close', t.close, can.close)}
          </div>`
          : nothing
      }
    </header>
    ${
      ctx.actionError
        ? html`<p part="action-error" class="inline-error action-error" role="alert">
          ${ctx.actionError}
          <button class="button" type="button" @click=${() => ctx.dismissError()}>${t.dismiss}</button>
        </p>`
        : nothing
    }
    ${ctx.gone ? html`<p part="action-error" class="notice" role="status">${t.conversationGone}</p>` : nothing}`;
}

export interface ComposerContext {
  labels: InboxLabels;
  can: ConversationPermissions;
  hasWriteScope: boolean;
  gone: boolean;
  mode: 'reply' | 'note';
  draft: string;
  setMode(mode: 'reply' | 'note'): void;
  input(event: InputEvent): void;
  keydown(event: KeyboardEvent): void;
  send(): void;
}

/** The reply / internal-note form, or a line saying why the agent cannot write here. */
export function renderComposer(c: Conversation, ctx: ComposerContext): TemplateResult {
  const t = ctx.labels;
  if (ctx.gone) return html``;
  if (!ctx.can.reply) {
    const why = c.status === 'closed' ? t.composerClosed : !ctx.hasWriteScope ? t.composerNoScope : t.composerReadOnly;
    return html`<p part="composer-disabled" class="composer-disabled">${why}</p>`;
  }
  const note = ctx.mode === 'note';
  const replyLabel = format(t.replyPlaceholder, { customer: c.customer.name });
  return html`<form
    part="composer"
    class="composer ${note ? 'note' : ''}"
    @submit=${(event: Event) => {
      event.preventDefault();
      ctx.send();
    }}
  >
    <div part="composer-modes" class="modes" role="group" aria-label=${t.modeGroup}>
      <button part="mode-button" class="mode" type="button" aria-pressed=${note ? 'false' : 'true'} @click=${() => ctx.setMode('reply')}>
        ${t.modeReply}
      </button>
      <button part="mode-button" class="mode" type="button" aria-pressed=${note ? 'true' : 'false'} @click=${() => ctx.setMode('note')}>
        ${t.modeNote}
      </button>
    </div>
    <label for="draft" class="visually-hidden">${note ? t.modeNote : isolated(replyLabel)}</label>
    <textarea
      id="draft"
      part="composer-input"
      rows="3"
      maxlength=${LIMITS.body}
      placeholder=${note ? t.notePlaceholder : replyLabel}
      aria-describedby="composer-hint"
      .value=${live(ctx.draft)}
      @input=${(event: InputEvent) => ctx.input(event)}
      @keydown=${(event: KeyboardEvent) => ctx.keydown(event)}
    ></textarea>
    <div class="composer-footer">
      <span id="composer-hint" part="composer-hint" class="muted">${t.composerHint}</span>
      <button part="send-button" class="button primary" type="submit" ?disabled=${!ctx.draft.trim()}>${note ? t.addNote : t.send}</button>
    </div>
  </form>`;
}
