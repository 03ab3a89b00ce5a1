import { html, nothing, type TemplateResult } from 'lit';
import { messageOrder, type Attachment, type Message } from '../../index.js';
import { isolated } from '../shared/isolated.js';
import { describeError, format } from '../shared/labels.js';
import { fileSize, fullTime, safeAttachmentUrl, shortTime } from './format.js';
import type { InboxLabels } from './labels.js';
import type { OutgoingMessage } from './thread.js';

export interface MessageViewContext {
  labels: InboxLabels;
  /** For dates and sizes; undefined is the browser's. */
  locale: string | undefined;
  agentId: string;
  apiBaseUrl: string;
  canDeleteAttachments: boolean;
  agentName(id: string): string;
  departmentName(id: string): string;
  deleteAttachment(message: Message, attachment: Attachment): void;
  retry(message: OutgoingMessage): void;
  discard(message: OutgoingMessage): void;
}

/**
 * One message of the thread. Customer messages, replies, internal notes and system events each
 * look different, and notes carry a label as well as a colour, so that they are never taken for
 * replies. Bodies and names go through text bindings only.
 */
export function renderMessage(message: Message, ctx: MessageViewContext): TemplateResult {
  const t = ctx.labels;
  const time = html`<time part="message-time" class="time" datetime=${message.createdAt} title=${fullTime(message.createdAt, ctx.locale)}
    >${shortTime(message.createdAt, ctx.locale)}</time
  >`;
  if (message.kind === 'system') {
    return html`<li part="message message-system" class="message system" data-message-id=${message.messageId} data-order=${messageOrder(message)}>
      <span part="system-text">${isolated(systemText(message, ctx))}</span> ${time}
    </li>`;
  }
  const mine = message.author.type === 'agent' && message.author.id === ctx.agentId;
  const author = mine ? t.you : message.author.name;
  return html`<li
    part="message message-${message.kind}"
    class="message ${message.kind} ${mine ? 'mine' : ''}"
    data-message-id=${message.messageId}
    data-order=${messageOrder(message)}
  >
    <div part="message-meta" class="meta">
      ${message.kind === 'note' ? noteBadge(t) : nothing}
      <span part="message-author" class="author">${isolated(author)}</span>
      ${time}
    </div>
    ${
      message.deleted
        ? html`<p part="tombstone" class="tombstone">
          ${isolated(format(t.attachmentRemoved, { agent: ctx.agentName(message.deleted.deletedBy), reason: message.deleted.reason }))}
        </p>`
        : html`${message.body ? html`<p part="message-body" class="body">${isolated(message.body)}</p>` : nothing}
        ${message.attachments.length ? renderAttachments(message, ctx) : nothing}`
    }
  </li>`;
}

/** A message on its way, or one that failed and can be retried. */
export function renderOutgoing(message: OutgoingMessage, ctx: MessageViewContext): TemplateResult {
  const t = ctx.labels;
  const kind = message.note ? 'note' : 'reply';
  const failed = message.state === 'failed';
  return html`<li
    part="message message-${kind} message-${failed ? 'failed' : 'pending'}"
    class="message ${kind} mine outgoing ${message.state}"
    data-client-message-id=${message.clientMessageId}
    aria-busy=${failed ? 'false' : 'true'}
  >
    <div part="message-meta" class="meta">
      ${message.note ? noteBadge(t) : nothing}
      <span part="message-author" class="author">${t.you}</span>
      <span part="message-state" class="state">
        ${failed ? format(t.notSent, { reason: message.error ? describeError(message.error, t) : '' }) : t.sending}
      </span>
    </div>
    <p part="message-body" class="body">${isolated(message.body)}</p>
    ${
      failed
        ? html`<div part="message-actions" class="message-actions">
          <button part="retry-send-button" class="button" type="button" @click=${() => ctx.retry(message)}>${t.retrySend}</button>
          <button part="discard-button" class="button" type="button" @click=${() => ctx.discard(message)}>${t.discard}</button>
        </div>`
        : nothing
    }
  </li>`;
}

function noteBadge(t: InboxLabels): TemplateResult {
  return html`<span part="note-badge" class="note-badge" title=${t.internalNoteHint}
    ><svg aria-hidden="true" viewBox="0 0 16 16" width="12" height="12"><path fill="currentColor" d="M5 7V5a3 3 0 1 1 6 0v2h1v7H4V7zm1.5 0h3V5a1.5 1.5 0 0 0-3 0z" /></svg
    >${t.internalNote}<span class="visually-hidden">, ${t.internalNoteHint}</span></span
  >`;
}

function renderAttachments(message: Message, ctx: MessageViewContext): TemplateResult {
  const t = ctx.labels;
  return html`<ul part="attachments" class="attachments" aria-label=${t.attachments}>
    ${message.attachments.map((attachment) => {
      const href = safeAttachmentUrl(attachment, ctx.apiBaseUrl);
      return html`<li part="attachment" class="attachment">
        <svg aria-hidden="true" viewBox="0 0 16 16" width="14" height="14"
          ><path fill="currentColor" d="M10.5 2a3 3 0 0 1 2.1 5.1l-5 5a2 2 0 0 1-2.8-2.8l4.6-4.6.7.7-4.6 4.6a1 1 0 0 0 1.4 1.4l5-5a2 2 0 1 0-2.8-2.8l-5 5a3 3 0 0 0 4.2 4.2l4.3-4.3.7.7-4.3 4.3A4 4 0 0 1 3.3 8L8.4 2.9A3 3 0 0 1 10.5 2z"
        /></svg>
        ${
          href
            ? html`<a part="attachment-link" href=${href} target="_blank" rel="noopener noreferrer">${isolated(attachment.name)}</a>`
            : html`<span part="attachment-name">${isolated(attachment.name)}</span>`
        }
        <span part="attachment-size" class="muted">${fileSize(attachment.size, ctx.locale)}</span>
        ${
          ctx.canDeleteAttachments
            ? html`<button
              part="delete-attachment-button"
              class="button danger small"
              type="button"
              aria-label=${format(t.deleteAttachmentOf, { name: attachment.name })}
              @click=${() => ctx.deleteAttachment(message, attachment)}
            >
              ${t.deleteAttachment}
            </button>`
            : nothing
        }
      </li>`;
    })}
  </ul>`;
}

/** System events are worded from their structured data, so they follow the labels' language. */
function systemText(message: Message, ctx: MessageViewContext): string {
  const t = ctx.labels;
  const event = message.system;
  if (!event) return message.body;
  switch (event.type) {
    case 'accepted':
      return format(t.systemAccepted, { agent: ctx.agentName(event.agentId) });
    case 'assigned':
      return format(t.systemAssigned, { by: ctx.agentName(event.byAgentId), agent: ctx.agentName(event.agentId), reason: event.reason });
    case 'transferred':
      return format(t.systemTransferred, { by: ctx.agentName(event.byAgentId), department: ctx.departmentName(event.departmentId), reason: event.reason });
    case 'closed':
      return format(t.systemClosed, { by: ctx.agentName(event.byAgentId), reason: event.reason });
  }
}
