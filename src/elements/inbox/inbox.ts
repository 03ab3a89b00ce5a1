import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import {
  changeOf,
  isRingnityError,
  type Attachment,
  type Conversation,
  type Directory,
  type Message,
  type RingnityAgent,
} from '../../index.js';
import type { RingnitySession } from '../../sdk/session/session.js';
import { isolated } from '../shared/isolated.js';
import { format } from '../shared/labels.js';
import { RingnityElement } from '../shared/ringnity-element.js';
import { styleProps } from '../shared/style-props.js';
import { themeStyles } from '../shared/theme.styles.js';
import { renderActionDialog, type ActionDialogState, type ActionKind } from './action-dialog.js';
import { ConversationListController } from './conversation-list.js';
import { inboxStyles } from './inbox.styles.js';
import { INBOX_LABELS, type InboxLabels } from './labels.js';
import { renderMessage, renderOutgoing, type MessageViewContext } from './messages-view.js';
import { permissionsFor, type ConversationPermissions } from './permissions.js';
import { ReadTracker } from './read-tracker.js';
import { ThreadController, type OutgoingMessage } from './thread.js';
import { renderRow, renderViews, type RowContext } from './list-view.js';
import { renderComposer, renderThreadHeader } from './thread-view.js';
import { TypingController } from './typing.js';
import { ListFocusController } from './list-focus.js';
import { VirtualListController, type RowRange } from './virtual-list.js';

/** Within this many pixels of the bottom, the thread follows new messages. */
const STICK_TO_BOTTOM_PX = 48;
/** Within this many pixels of the top, older messages load. */
const LOAD_OLDER_PX = 120;
/** Rows from the end of the loaded list at which the next page loads. */
const LOAD_MORE_ROWS = 15;

/**
 * The agent's inbox: a virtualized conversation list (open, closed, by department), the thread
 * of the selected conversation, a composer for replies and internal notes, and the actions
 * accept, assign, transfer, close and attachment removal. Everything updates live, and controls
 * the token's scopes or the conversation's rules do not allow are not offered.
 *
 * Events: the rows of `ELEMENT_EVENTS` (src/protocol/element-events.ts) sent from `<ringnity-inbox>`; the
 * manifest lists them.
 *
 * @csspart base - The wrapper of the whole inbox.
 * @csspart list-pane - The column with the views and the list.
 * @csspart views - View switcher and department filter.
 * @csspart view-button - One view (Open, Closed).
 * @csspart department-select - The department filter.
 * @csspart list - The scrolling, virtualized list (role listbox).
 * @csspart row - A conversation row; also `row-selected`, `row-unread`.
 * @csspart row-customer - Customer name in a row.
 * @csspart row-time - Time of the last activity.
 * @csspart row-preview - Last message preview.
 * @csspart row-assignee - Assignee in a row.
 * @csspart row-unread-count - Unread badge.
 * @csspart list-status - Loading, empty and error messages of the list.
 * @csspart thread-pane - The column with the open conversation.
 * @csspart thread-header - Customer and actions.
 * @csspart back-button - Back to the list, in narrow layouts.
 * @csspart customer-name - Customer name in the header.
 * @csspart conversation-meta - Subject, department, assignee.
 * @csspart closed-badge - Shown on closed conversations.
 * @csspart actions - The action buttons.
 * @csspart action-button - One action button.
 * @csspart action-error - An inline error from an action.
 * @csspart messages - The scrolling thread.
 * @csspart message - Any message; also `message-customer`, `message-reply`, `message-note`, `message-system`, `message-pending`, `message-failed`.
 * @csspart message-meta - Author and time.
 * @csspart message-author - Author name.
 * @csspart message-time - Message time.
 * @csspart message-body - Message text.
 * @csspart message-state - Sending / not sent.
 * @csspart message-actions - Retry and discard of a failed message.
 * @csspart retry-send-button - Sends a failed message again.
 * @csspart discard-button - Drops a failed message.
 * @csspart note-badge - The "Internal note" label.
 * @csspart system-text - Text of a system event.
 * @csspart attachments - Attachment list; `attachment`, `attachment-link`, `attachment-name`, `attachment-size`.
 * @csspart delete-attachment-button - Starts attachment removal.
 * @csspart tombstone - What remains of a removed attachment.
 * @csspart load-older - Button and status for earlier messages.
 * @csspart new-messages-button - Jumps to messages that arrived below.
 * @csspart typing - "… is typing".
 * @csspart composer - The reply / note form; `composer-modes`, `mode-button`, `composer-input`, `composer-hint`, `send-button`.
 * @csspart composer-disabled - Why the agent cannot write here.
 * @csspart dialog - The action dialog; `dialog-form`, `dialog-title`, `dialog-description`, `dialog-label`, `dialog-select`, `dialog-reason`, `dialog-error`, `dialog-actions`, `dialog-cancel`, `dialog-confirm`.
 * @csspart empty - Shown when no conversation is selected.
 * @csspart session-status - The connecting / reconnecting / failed banner; `session-message`, `retry-button`.
 *
 * @cssproperty --ringnity-color-background - Background.
 * @cssproperty --ringnity-color-surface - Panels and customer messages.
 * @cssproperty --ringnity-color-text - Text.
 * @cssproperty --ringnity-color-text-muted - Secondary text.
 * @cssproperty --ringnity-color-border - Borders.
 * @cssproperty --ringnity-color-accent - Buttons, selection, focus.
 * @cssproperty --ringnity-color-reply - Background of agent replies.
 * @cssproperty --ringnity-color-note - Background of internal notes.
 * @cssproperty --ringnity-color-note-border - Border of internal notes.
 * @cssproperty --ringnity-color-danger - Errors and destructive actions.
 * @cssproperty --ringnity-radius - Corner radius.
 * @cssproperty --ringnity-inbox-list-width - Width of the list column.
 * @cssproperty --ringnity-inbox-row-height - Height of a list row.
 */
export class RingnityInbox extends RingnityElement<InboxLabels> {
  static override readonly tag = 'ringnity-inbox';
  static override styles = [themeStyles, inboxStyles];

  protected readonly defaultLabels = INBOX_LABELS;

  /** Which conversations the list shows. */
  @property({ reflect: true }) view: 'open' | 'closed' = 'open';

  /** Only conversations of this department; null for all. */
  @property({ attribute: 'department-id' }) departmentId: string | null = null;

  /** The open conversation. Set it to open one from the page. */
  @property({ attribute: 'conversation-id' }) conversationId: string | null = null;

  /** Conversations per page. */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 50;

  @state() private selected: Conversation | null = null;
  @state() private directory: Directory | null = null;
  @state() private mode: 'reply' | 'note' = 'reply';
  @state() private dialog: ActionDialogState | null = null;
  @state() private actionError: string | null = null;
  @state() private listError: string | null = null;
  @state() private gone = false;
  @state() private newBelow = false;
  @state() private announcement = '';

  private readonly drafts = new Map<string, string>();
  private scrollMemo: { top: number; height: number; atBottom: boolean } | null = null;
  private followOwnMessage = false;
  private openedFor: { agent: RingnityAgent; conversationId: string } | null = null;

  private readonly list = new ConversationListController(this);
  private readonly thread = new ThreadController(this, {
    sent: (conversationId, message) => this.emit('ringnity-message-sent', { conversationId, message }),
    failed: (error, action) => void this.reportError(error, action),
  });
  private readonly typing = new TypingController(this);
  private readonly reads = new ReadTracker(this, (messageId) => this.onSeen(messageId));
  private readonly virtual = new VirtualListController(this, (range) => this.onRangeChanged(range));
  private readonly listFocus = new ListFocusController(this, {
    count: () => this.list.items.length,
    activate: (index) => this.select(this.list.items[index]!.conversationId),
    reveal: (index) => {
      if (index >= this.list.items.length - LOAD_MORE_ROWS) this.loadMore();
      this.virtual.scrollToIndex(index);
    },
  });
  private renderedRange: RowRange = { first: 0, end: 0 };
  @query('.messages') private messagesElement!: HTMLElement | null;
  @query('dialog') private dialogElement!: HTMLDialogElement | null;
  @query('#draft') private draftElement!: HTMLTextAreaElement | null;

  /** Opens a conversation, as clicking its row does. */
  select(conversationId: string): void {
    this.conversationId = conversationId;
  }

  /* ------------------------------------------------------------------ session */

  protected override bindAgent(agent: RingnityAgent, session: RingnitySession): () => void {
    this.selected = null;
    this.openedFor = null;
    this.gone = false;
    const offs = [
      agent.on('conversation.updated', ({ conversation, visible }) => this.onConversationUpdated(conversation, visible)),
      agent.conversations.onMessage((message) => this.onMessage(agent, message)),
      agent.conversations.onTyping((change) => this.typing.receive(change)),
      // Events were lost for good: what is shown may be stale, so load it again.
      agent.on('resync', () => this.reload(agent)),
    ];
    if (agent.hasScope('agent:profile:read')) {
      session
        .directory()
        .then((directory) => {
          if (this.agent === agent) this.directory = directory;
        })
        .catch((error: unknown) => {
          if (isRingnityError(error)) this.reportError(error, 'directory.get');
        });
    }
    void this.reload(agent).then(() => this.emit('ringnity-ready', { agentId: agent.id }));
    return () => {
      for (const off of offs) off();
      this.thread.typed(false);
      this.list.clear();
      this.thread.close();
    };
  }

  private async reload(agent: RingnityAgent): Promise<void> {
    if (this.conversationId) void this.openConversation(agent, this.conversationId);
    await this.resetList(agent);
  }

  private async resetList(agent: RingnityAgent): Promise<void> {
    this.listError = null;
    this.listFocus.activeIndex = 0;
    this.virtual.scrollToTop();
    if (!agent.hasScope('agent:conversations:read')) return this.list.clear();
    this.list.pageSize = this.pageSize;
    try {
      await this.list.reset(agent, { status: this.view, departmentId: this.departmentId });
    } catch (error) {
      if (isRingnityError(error)) this.listError = this.reportError(error, 'conversations.list');
    }
  }

  private loadMore(): void {
    const agent = this.agent;
    if (!agent || this.list.loading || !this.list.hasMore || this.listError) return;
    this.list.pageSize = this.pageSize;
    this.list.loadMore(agent).catch((error: unknown) => {
      if (isRingnityError(error)) this.listError = this.reportError(error, 'conversations.list');
    });
  }

  private async openConversation(agent: RingnityAgent, conversationId: string): Promise<void> {
    this.thread.typed(false);
    this.openedFor = { agent, conversationId };
    this.gone = false;
    this.actionError = null;
    this.newBelow = false;
    this.mode = 'reply';
    this.selected = this.list.get(conversationId) ?? (this.selected?.conversationId === conversationId ? this.selected : null);
    if (agent.hasScope('agent:messages:read')) this.thread.open(agent, conversationId, this.selected);
    else this.thread.close();
    if (!this.selected) {
      try {
        const conversation = await agent.conversations.get(conversationId);
        if (this.conversationId !== conversationId) return;
        this.selected = conversation;
      } catch (error) {
        if (this.conversationId === conversationId && isRingnityError(error)) this.actionError = this.reportError(error, 'conversations.get');
        return;
      }
    }
    this.emit('ringnity-conversation-select', { conversationId, conversation: this.selected });
  }

  /* ------------------------------------------------------------------ realtime */

  /** The list and the thread follow the event themselves; the element keeps its selection current. */
  private onConversationUpdated(conversation: Conversation, visible: boolean): void {
    if (conversation.conversationId !== this.conversationId) return;
    this.selected = conversation;
    if (!visible) this.gone = true;
    // The unread count may have risen after the message was already on screen.
    if (conversation.unreadCount > 0) this.reads.recheck();
  }

  private onMessage(agent: RingnityAgent, message: Message): void {
    const joined = this.thread.receive(message);
    if (message.kind === 'customer') this.typing.clearCustomer(message.conversationId);
    if (message.kind === 'system') return this.onSystemMessage(agent, message);
    const mine = message.author.type === 'agent' && message.author.id === agent.id;
    if (mine) return;
    this.emit('ringnity-message-received', { conversationId: message.conversationId, message });
    if (joined) this.announcement = format(this.text.newMessageFrom, { name: message.author.name, body: message.body.slice(0, 200) });
  }

  /** Changes made by someone else reach the page as events too; our own were emitted when made. */
  private onSystemMessage(agent: RingnityAgent, message: Message): void {
    const change = changeOf(message, agent.id);
    if (!change || change.source === 'self') return;
    const { conversationId, source } = change;
    const conversation = this.list.get(conversationId) ?? (this.selected?.conversationId === conversationId ? this.selected : null);
    if (change.type === 'assigned') this.emit('ringnity-conversation-assigned', { conversationId, assignedAgentId: change.assignedAgentId, reason: change.reason, source, conversation });
    else if (change.type === 'transferred') this.emit('ringnity-conversation-transferred', { conversationId, departmentId: change.departmentId, reason: change.reason, source, conversation });
    else this.emit('ringnity-conversation-closed', { conversationId, reason: change.reason, source, conversation });
  }

  /** The thread store marks read only past what is already read or on its way. */
  private onSeen(messageId: string): void {
    const conversationId = this.thread.conversationId;
    if (!conversationId || this.selected?.conversationId !== conversationId) return;
    this.thread.markRead(messageId).then(
      (updated) => {
        if (!updated) return;
        this.list.receive(updated);
        if (this.selected?.conversationId === conversationId) this.selected = updated;
      },
      (error: unknown) => {
        if (isRingnityError(error)) this.reportError(error, 'conversations.markRead');
      },
    );
  }

  /* ------------------------------------------------------------------ lifecycle */

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Reading scroll metrics forces a layout, so only when the thread is about to change.
    const el = this.thread.lastChange ? this.messagesElement : null;
    this.scrollMemo = el ? { top: el.scrollTop, height: el.scrollHeight, atBottom: el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_TO_BOTTOM_PX } : null;
    const agent = this.agent;
    if (!agent) return;
    const filter = this.list.currentFilter;
    if ((changed.has('view') || changed.has('departmentId')) && this.list.loaded && (filter.status !== this.view || filter.departmentId !== this.departmentId)) {
      void this.resetList(agent);
    }
    if (changed.has('conversationId')) {
      if (!this.conversationId) {
        this.selected = null;
        this.openedFor = null;
        this.thread.close();
      } else if (this.openedFor?.agent !== agent || this.openedFor.conversationId !== this.conversationId) {
        void this.openConversation(agent, this.conversationId);
      }
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.virtual.attach(this.renderRoot.querySelector<HTMLElement>('.list'));
    this.virtual.afterRender(this.renderedRange, () => this.renderRoot.querySelector<HTMLElement>('.row'));
    if (this.thread.lastChange) {
      this.keepThreadPosition();
      const messages = this.messagesElement;
      this.reads.watch(messages, messages?.querySelectorAll('[data-message-id]') ?? []);
    }
    const dialog = this.dialogElement;
    if (dialog && !dialog.open) {
      dialog.showModal();
      dialog.querySelector<HTMLElement>('select, textarea')?.focus();
    }
  }

  private keepThreadPosition(): void {
    const el = this.messagesElement;
    const change = this.thread.lastChange;
    if (!el || !change) return;
    this.thread.lastChange = null;
    const memo = this.scrollMemo;
    if (change === 'open') {
      el.scrollTop = el.scrollHeight;
    } else if (change === 'prepend' && memo) {
      el.scrollTop = memo.top + (el.scrollHeight - memo.height);
    } else if (change === 'append') {
      if (this.followOwnMessage || !memo || memo.atBottom) el.scrollTop = el.scrollHeight;
      else this.newBelow = true;
      this.followOwnMessage = false;
    }
    // A first page shorter than the view cannot be scrolled up: fetch older ones until it fills.
    if (el.scrollHeight <= el.clientHeight && this.thread.snapshot?.hasOlder) void this.thread.loadOlder();
  }

  /* ------------------------------------------------------------------ list */

  private onRangeChanged(range: RowRange): void {
    this.listFocus.renderedRange(range);
    const { end } = range;
    if (end > 0 && end >= this.list.items.length - LOAD_MORE_ROWS) this.loadMore();
  }

  /* ------------------------------------------------------------------ composer */

  private draftOf(conversationId: string): string {
    return this.drafts.get(conversationId) ?? '';
  }

  private onDraftInput(event: InputEvent): void {
    const conversationId = this.conversationId;
    const agent = this.agent;
    if (!conversationId || !agent) return;
    const value = (event.target as HTMLTextAreaElement).value;
    this.drafts.set(conversationId, value);
    if (this.mode === 'reply') this.thread.typed(value.trim().length > 0);
    this.requestUpdate();
  }

  private onDraftKeydown(event: KeyboardEvent): void {
    // Enter sends; Shift+Enter is a new line; Enter that confirms an IME composition is neither.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    this.sendDraft();
  }

  private setMode(mode: 'reply' | 'note'): void {
    if (mode === 'note') this.thread.typed(false);
    this.mode = mode;
    this.draftElement?.focus();
  }

  private sendDraft(): void {
    const agent = this.agent;
    const conversationId = this.conversationId;
    if (!agent || !conversationId) return;
    const body = this.draftOf(conversationId).trim();
    if (!body) return;
    const note = this.mode === 'note';
    if (!this.emit('ringnity-before-send', { conversationId, body, note })) return;
    this.thread.typed(false);
    this.drafts.set(conversationId, '');
    this.followOwnMessage = true;
    this.newBelow = false;
    void this.thread.send(agent, conversationId, body, note);
  }

  /* ------------------------------------------------------------------ actions */

  private openDialog(kind: ActionKind, extra: Partial<ActionDialogState> = {}): void {
    if (!this.conversationId) return;
    this.actionError = null;
    this.dialog = { kind, conversationId: this.conversationId, busy: false, error: null, ...extra };
  }

  private closeDialog(): void {
    this.dialogElement?.close();
    this.dialog = null;
  }

  private async submitDialog({ target, reason }: { target: string; reason: string }): Promise<void> {
    const dialog = this.dialog;
    const agent = this.agent;
    if (!dialog || !agent || dialog.busy) return;
    const { conversationId } = dialog;
    if (dialog.kind === 'close' && !this.emit('ringnity-before-close', { conversationId, reason })) {
      this.closeDialog();
      return;
    }
    this.dialog = { ...dialog, busy: true, error: null };
    try {
      await this.runAction(agent, dialog, target, reason);
      this.closeDialog();
    } catch (error) {
      if (!isRingnityError(error)) throw error;
      const message = this.reportError(error, `conversations.${dialog.kind}`);
      if (this.dialog) this.dialog = { ...this.dialog, busy: false, error: message };
    }
  }

  private async runAction(agent: RingnityAgent, dialog: ActionDialogState, target: string, reason: string): Promise<void> {
    const { conversationId } = dialog;
    const source = 'self' as const;
    switch (dialog.kind) {
      case 'accept': {
        const conversation = await agent.conversations.accept(conversationId, reason ? { reason } : {});
        this.applyConversation(conversation);
        this.emit('ringnity-conversation-assigned', { conversationId, assignedAgentId: agent.id, reason: reason || null, source, conversation });
        return;
      }
      case 'assign': {
        const conversation = await agent.conversations.assign(conversationId, { assignedAgentId: target, reason });
        this.applyConversation(conversation);
        this.emit('ringnity-conversation-assigned', { conversationId, assignedAgentId: target, reason, source, conversation });
        return;
      }
      case 'transfer': {
        const conversation = await agent.conversations.transfer(conversationId, { departmentId: target, reason });
        this.applyConversation(conversation);
        this.emit('ringnity-conversation-transferred', { conversationId, departmentId: target, reason, source, conversation });
        return;
      }
      case 'close': {
        const conversation = await agent.conversations.close(conversationId, { reason });
        this.applyConversation(conversation);
        this.emit('ringnity-conversation-closed', { conversationId, reason, source, conversation });
        return;
      }
      case 'delete': {
        const messageId = dialog.messageId!;
        const deletion = await agent.media.deleteAttachment(conversationId, messageId, { reason });
        this.thread.applyTombstone(messageId, { deletedAt: deletion.deletedAt, deletedBy: deletion.deletedBy, reason: deletion.reason });
        this.emit('ringnity-attachment-deleted', { conversationId, messageId, reason });
        return;
      }
    }
  }

  private applyConversation(conversation: Conversation): void {
    this.list.receive(conversation);
    if (this.selected?.conversationId === conversation.conversationId) this.selected = conversation;
  }

  /* ------------------------------------------------------------------ names */

  private agentName(id: string): string {
    if (id === this.agent?.id) return this.text.you;
    return this.directory?.agents.find((a) => a.id === id)?.name ?? id;
  }

  private departmentName(id: string | null): string {
    if (!id) return this.text.noDepartment;
    return this.directory?.departments.find((d) => d.id === id)?.name ?? id;
  }

  /* ------------------------------------------------------------------ render */

  protected override render() {
    const agent = this.agent;
    const banner = this.renderSessionStatus();
    if (!agent) return html`<div part="base" class="base">${banner}</div>`;
    return html`<div part="base" class="base" ?data-open=${this.conversationId !== null}>
      ${banner}
      <div class="panes">
        <section part="list-pane" class="list-pane" aria-label=${this.text.conversations}>
          ${renderViews({
            labels: this.text,
            view: this.view,
            departmentId: this.departmentId,
            departments: this.directory?.departments ?? [],
            disabled: !agent.hasScope('agent:conversations:read'),
            setView: (view) => (this.view = view),
            setDepartment: (departmentId) => (this.departmentId = departmentId),
          })}
          ${this.renderList(agent)}
        </section>
        <section part="thread-pane" class="thread-pane" aria-label=${this.selected ? format(this.text.conversationWith, { customer: this.selected.customer.name }) : this.text.messages}>
          ${this.renderThread(agent)}
        </section>
      </div>
      ${this.dialog ? this.renderDialog() : nothing}
      <div class="visually-hidden" aria-live="polite" aria-atomic="true">${this.announcement}</div>
    </div>`;
  }

  private renderList(agent: RingnityAgent): TemplateResult {
    const t = this.text;
    if (!agent.hasScope('agent:conversations:read')) return html`<p part="list-status" class="list-status">${t.noConversationAccess}</p>`;
    const items = this.list.items;
    const status = this.listError
      ? html`<p part="list-status" class="list-status inline-error" role="alert">
          ${this.listError}
          <button class="button" type="button" @click=${() => this.resetList(agent)}>${t.retry}</button>
        </p>`
      : !this.list.loaded
        ? html`<p part="list-status" class="list-status" role="status">${t.loadingConversations}</p>`
        : items.length === 0
          ? html`<p part="list-status" class="list-status">${this.view === 'open' ? t.emptyOpen : t.emptyClosed}</p>`
          : this.list.loading
            ? html`<p part="list-status" class="list-status more" role="status">${t.loadingMore}</p>`
            : nothing;
    // The list stays mounted while empty or loading, so that it keeps its scroll position and
    // size; it is a listbox only while it has options.
    const count = items.length;
    const range = (this.renderedRange = this.virtual.range(count));
    const rowHeight = this.virtual.rowHeight;
    const row: RowContext = {
      labels: t,
      selectedId: this.conversationId,
      tabbableIndex: this.listFocus.tabbableIndex(),
      knownCount: this.list.nextCursor ? null : count,
      rowHeight,
      customerTyping: (id) => this.typing.customerTyping(id),
      agentName: (id) => this.agentName(id),
      activate: (index, c) => {
        this.listFocus.activeIndex = index;
        this.select(c.conversationId);
      },
      focused: (index) => (this.listFocus.activeIndex = index),
    };
    return html`<div
        part="list"
        class="list"
        role=${count ? 'listbox' : nothing}
        aria-label=${count ? t.conversations : nothing}
        @keydown=${this.listFocus.onKeydown}
      >
        <div class="list-spacer" role="none" style=${styleProps({ height: `${count * rowHeight}px` })}>
          ${repeat(
            items.slice(range.first, range.end),
            (c) => c.conversationId,
            (c, offset) => renderRow(c, range.first + offset, row),
          )}
        </div>
      </div>
      ${status}`;
  }

  private renderThread(agent: RingnityAgent): TemplateResult {
    const t = this.text;
    const conversation = this.selected;
    if (!this.conversationId) return html`<p part="empty" class="empty">${t.selectPrompt}</p>`;
    if (!conversation) {
      return html`${this.actionError ? html`<p part="action-error" class="inline-error" role="alert">${this.actionError}</p>` : nothing}
        <p part="empty" class="empty" role="status">${this.actionError ? '' : t.loadingMessages}</p>`;
    }
    const can = permissionsFor(agent, conversation);
    const header = renderThreadHeader(conversation, {
      labels: t,
      can,
      canPickAgent: (this.directory?.agents.length ?? 0) > 0,
      canPickDepartment: (this.directory?.departments.length ?? 0) > 0,
      actionError: this.actionError,
      gone: this.gone,
      agentName: (id) => this.agentName(id),
      departmentName: (id) => this.departmentName(id),
      openAction: (kind) => this.openDialog(kind),
      back: () => (this.conversationId = null),
      dismissError: () => (this.actionError = null),
    });
    const composer = renderComposer(conversation, {
      labels: t,
      can,
      hasWriteScope: agent.hasScope('agent:messages:write'),
      gone: this.gone,
      mode: this.mode,
      draft: this.draftOf(conversation.conversationId),
      setMode: (mode) => this.setMode(mode),
      input: (event) => this.onDraftInput(event),
      keydown: (event) => this.onDraftKeydown(event),
      send: () => this.sendDraft(),
    });
    return html`${header} ${this.renderMessages(agent, conversation, can)} ${composer}`;
  }

  private renderMessages(agent: RingnityAgent, c: Conversation, can: ConversationPermissions): TemplateResult {
    const t = this.text;
    if (!can.readMessages) return html`<p part="empty" class="empty">${t.noMessageAccess}</p>`;
    const thread = this.thread.snapshot;
    const messages = thread?.messages ?? [];
    const session = this.sessionController.session;
    const ctx: MessageViewContext = {
      labels: t,
      agentId: agent.id,
      apiBaseUrl: session?.apiBaseUrl ?? '',
      canDeleteAttachments: can.deleteAttachment,
      agentName: (id) => this.agentName(id),
      departmentName: (id) => this.departmentName(id),
      deleteAttachment: (message, attachment: Attachment) =>
        this.openDialog('delete', { messageId: message.messageId, attachmentName: attachment.name }),
      retry: (message: OutgoingMessage) => void this.thread.retry(message),
      discard: (message: OutgoingMessage) => this.thread.discard(message),
    };
    const older = thread?.status === 'loading'
      ? html`<p part="load-older" class="load-older" role="status">${t.loadingMessages}</p>`
      : thread?.loadingOlder
        ? html`<p part="load-older" class="load-older" role="status">${t.loadingOlder}</p>`
        : thread?.hasOlder
          ? html`<p part="load-older" class="load-older">
              <button class="button" type="button" @click=${() => this.thread.loadOlder()}>${t.loadOlder}</button>
            </p>`
          : messages.length
            ? html`<p part="load-older" class="load-older muted">${t.beginning}</p>`
            : nothing;
    const typingName = this.typing.customerTyping(c.conversationId);
    return html`<div class="messages-wrap">
        <div
          part="messages"
          class="messages"
          role="region"
          aria-label=${t.messages}
          tabindex="0"
          @scroll=${this.onThreadScroll}
        >
          ${older}
          ${thread?.error && !messages.length
            ? html`<p class="inline-error" role="alert">${this.text.errorOther.replace('{detail}', thread.error.message)}</p>`
            : nothing}
          <ol class="message-list">
            ${repeat(messages, (m) => m.messageId, (m) => renderMessage(m, ctx))}
            ${repeat(thread?.pending ?? [], (m) => m.clientMessageId, (m) => renderOutgoing(m, ctx))}
          </ol>
        </div>
        ${this.newBelow
          ? html`<button part="new-messages-button" class="button primary new-below" type="button" @click=${this.scrollThreadToBottom}>
              ${t.newMessages} <span aria-hidden="true">↓</span>
            </button>`
          : nothing}
      </div>
      <p part="typing" class="typing" aria-live="polite">${typingName ? isolated(format(t.customerTyping, { name: typingName })) : ''}</p>`;
  }

  private onThreadScroll(): void {
    const el = this.messagesElement;
    const agent = this.agent;
    if (!el || !agent) return;
    if (el.scrollTop < LOAD_OLDER_PX) void this.thread.loadOlder();
    if (this.newBelow && el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_TO_BOTTOM_PX) this.newBelow = false;
  }

  private scrollThreadToBottom(): void {
    const el = this.messagesElement;
    if (el) el.scrollTop = el.scrollHeight;
    this.newBelow = false;
  }

  private renderDialog(): TemplateResult {
    const dialog = this.dialog!;
    const agents = (this.directory?.agents ?? []).filter((a) => a.id !== this.selected?.assignedAgentId);
    const departments = (this.directory?.departments ?? []).filter((d) => d.id !== this.selected?.departmentId);
    return renderActionDialog(dialog, {
      labels: this.text,
      agents,
      departments,
      submit: (values) => void this.submitDialog(values),
      cancel: () => this.closeDialog(),
    });
  }
}
