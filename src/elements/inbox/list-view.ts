import { html, nothing, type TemplateResult } from 'lit';
import type { Conversation, Department } from '../../index.js';
import { isolated } from '../shared/isolated.js';
import { plural } from '../shared/labels.js';
import { plainText } from '../shared/plain-text.js';
import { styleProps } from '../shared/style-props.js';
import { fullTime, shortTime } from './format.js';
import type { InboxListLabels } from './labels.js';

export interface ViewsContext {
  labels: InboxListLabels;
  view: 'open' | 'closed';
  departmentId: string | null;
  departments: readonly Department[];
  disabled: boolean;
  setView(view: 'open' | 'closed'): void;
  setDepartment(departmentId: string | null): void;
}

/** Open / Closed, and the department filter once departments are known. */
export function renderViews(ctx: ViewsContext): TemplateResult {
  const t = ctx.labels;
  return html`<div part="views" class="views">
    <div class="view-buttons" role="group" aria-label=${t.views}>
      ${(['open', 'closed'] as const).map(
        (view) => html`<button
          part="view-button"
          class="view-button"
          type="button"
          aria-pressed=${ctx.view === view ? 'true' : 'false'}
          ?disabled=${ctx.disabled}
          @click=${() => ctx.setView(view)}
        >
          ${view === 'open' ? t.viewOpen : t.viewClosed}
        </button>`,
      )}
    </div>
    ${
      ctx.departments.length
        ? html`<label class="department">
          <span class="visually-hidden">${t.department}</span>
          <select
            part="department-select"
            .value=${ctx.departmentId ?? ''}
            @change=${(event: Event) => ctx.setDepartment((event.target as HTMLSelectElement).value || null)}
          >
            <option value="" ?selected=${!ctx.departmentId}>${t.allDepartments}</option>
            ${ctx.departments.map((d) => html`<option value=${d.id} ?selected=${d.id === ctx.departmentId}>${plainText(d.name)}</option>`)}
          </select>
        </label>`
        : nothing
    }
  </div>`;
}

export interface RowContext {
  labels: InboxListLabels;
  /** For dates and plurals; undefined is the browser's. */
  locale: string | undefined;
  selectedId: string | null;
  /** The one row reachable with Tab (roving tabindex). */
  tabbableIndex: number;
  /** Rows in the list so far, or null while more pages may come (aria-setsize -1). */
  knownCount: number | null;
  rowHeight: number;
  customerTyping(conversationId: string): string | null;
  agentName(id: string): string;
  activate(index: number, conversation: Conversation): void;
  focused(index: number): void;
}

/** One conversation: customer, time, preview (or "typing…"), assignee and unread count. */
export function renderRow(c: Conversation, index: number, ctx: RowContext): TemplateResult {
  const t = ctx.labels;
  const selected = c.conversationId === ctx.selectedId;
  const typingName = ctx.customerTyping(c.conversationId);
  const last = c.lastMessage;
  const preview = typingName ? t.typingShort : last ? (last.kind === 'note' ? t.previewNote : '') + last.preview : c.subject;
  const assignee = c.assignedAgentId ? ctx.agentName(c.assignedAgentId) : t.unassigned;
  const time = last?.createdAt ?? c.updatedAt;
  const parts = ['row', selected ? 'row-selected' : '', c.unreadCount ? 'row-unread' : ''].filter(Boolean).join(' ');
  return html`<div
    part=${parts}
    class="row ${selected ? 'selected' : ''} ${c.unreadCount ? 'unread' : ''}"
    role="option"
    data-index=${index}
    tabindex=${index === ctx.tabbableIndex ? 0 : -1}
    aria-selected=${selected ? 'true' : 'false'}
    aria-posinset=${index + 1}
    aria-setsize=${ctx.knownCount ?? -1}
    style=${styleProps({ transform: `translateY(${index * ctx.rowHeight}px)` })}
    @click=${() => ctx.activate(index, c)}
    @focus=${() => ctx.focused(index)}
  >
    <div class="row-line">
      <span part="row-customer" class="row-customer">${isolated(c.customer.name)}</span>
      <time part="row-time" class="row-time" datetime=${time} title=${fullTime(time, ctx.locale)}>${shortTime(time, ctx.locale)}</time>
    </div>
    <div part="row-preview" class="row-preview ${typingName ? 'typing' : ''}">${isolated(preview)}</div>
    <div class="row-line">
      <span part="row-assignee" class="row-assignee">${isolated(assignee)}${c.status === 'closed' ? ` · ${t.closedBadge}` : ''}</span>
      ${
        c.unreadCount
          ? html`<span part="row-unread-count" class="unread-count"
            ><span aria-hidden="true">${c.unreadCount}</span><span class="visually-hidden">${plural(t, 'unread', c.unreadCount, ctx.locale)}</span></span
          >`
          : nothing
      }
    </div>
  </div>`;
}
