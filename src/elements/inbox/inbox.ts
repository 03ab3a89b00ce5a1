import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from '../shared/tidy-repeat.js';
import { changeOf, isRingnityError, type Directory, type Message, type RingnityAgent } from '../../index.js';
import type { RingnitySession } from '../../sdk/session/session.js';
import { format } from '../shared/labels.js';
import { RingnityElement } from '../shared/ringnity-element.js';
import type { Translation } from '../shared/translation.js';
import { styleProps } from '../shared/style-props.js';
import { themeStyles } from '../shared/theme.styles.js';
import { ConversationListController } from './conversation-list.js';
import { inboxStyles } from './inbox.styles.js';
import { INBOX_LIST_LABELS, type InboxLabels, type InboxListLabels } from './labels.js';
import { renderRow, renderViews, type RowContext } from './list-view.js';
import { ListFocusController } from './list-focus.js';
import { ThreadLoader } from './thread-loader.js';
import type { ThreadPaneHost } from './thread-pane.js';
import { TypingController } from './typing.js';
import { VirtualListController, type RowRange } from './virtual-list.js';

/** Rows from the end of the loaded list at which the next page loads. */
const LOAD_MORE_ROWS = 15;

/**
 * The agent's inbox: a virtualized conversation list (open, closed, by department), the thread
 * of the selected conversation, a composer for replies and internal notes, and the actions
 * accept, assign, transfer, close and attachment removal. Everything updates live, and controls
 * the token's scopes or the conversation's rules do not allow are not offered.
 *
 * The element renders the SDK's stores and turns input into calls. What only an open
 * conversation needs (the thread, the composer, the actions) is loaded the first time one is
 * opened (`thread-pane.ts`), so that the list paints without it.
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
 * @csspart row - A conversation row.
 * @csspart row-selected - Added to the selected row.
 * @csspart row-unread - Added to a row with unread messages.
 * @csspart row-customer - Customer name in a row.
 * @csspart row-time - Time of the last activity.
 * @csspart row-preview - Last message preview.
 * @csspart row-assignee - Assignee in a row.
 * @csspart row-unread-count - Unread badge.
 * @csspart list-status - Loading, empty and error messages of the list.
 * @csspart thread-pane - The column with the open conversation (`aria-busy` while the thread code loads).
 * @csspart thread-header - Customer and actions.
 * @csspart back-button - Back to the list, in narrow layouts.
 * @csspart customer-name - Customer name in the header.
 * @csspart conversation-meta - Subject, department, assignee.
 * @csspart closed-badge - Shown on closed conversations.
 * @csspart actions - The action buttons.
 * @csspart action-button - One action button.
 * @csspart action-error - An inline error from an action.
 * @csspart accept-status - "You accepted this conversation", shown for a short while after Accept.
 * @csspart undo-button - Takes the accept back: the conversation returns to its department's queue.
 * @csspart messages - The scrolling thread.
 * @csspart message - Any message.
 * @csspart message-customer - Added to a customer's message.
 * @csspart message-reply - Added to an agent's reply.
 * @csspart message-note - Added to an internal note.
 * @csspart message-system - Added to a system event (assigned, transferred, closed).
 * @csspart message-pending - Added to a message of this agent while it is being sent.
 * @csspart message-failed - Added to a message of this agent that was not sent.
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
 * @csspart attachments - The attachment list of a message.
 * @csspart attachment - One attachment.
 * @csspart attachment-link - The attachment's download link.
 * @csspart attachment-name - The file name.
 * @csspart attachment-size - The file size.
 * @csspart delete-attachment-button - Starts attachment removal.
 * @csspart tombstone - What remains of a removed attachment.
 * @csspart load-older - Button and status for earlier messages.
 * @csspart new-messages-button - Jumps to messages that arrived below.
 * @csspart typing - "… is typing".
 * @csspart composer - The reply / note form.
 * @csspart composer-modes - The reply / note switch.
 * @csspart mode-button - One mode of that switch (Reply, Internal note).
 * @csspart composer-input - The text area.
 * @csspart composer-hint - The keyboard hint under the text area.
 * @csspart send-button - Sends the reply or note.
 * @csspart composer-disabled - Why the agent cannot write here.
 * @csspart dialog - The action dialog (assign, transfer, close, remove an attachment; accept takes one click).
 * @csspart dialog-form - Its form.
 * @csspart dialog-title - Its title.
 * @csspart dialog-description - What the action will do.
 * @csspart dialog-label - The label of a field.
 * @csspart dialog-select - The agent or department picker.
 * @csspart dialog-reason - The reason field.
 * @csspart dialog-error - An error from the action.
 * @csspart dialog-actions - The row of dialog buttons.
 * @csspart dialog-cancel - Cancel.
 * @csspart dialog-confirm - Confirms the action.
 * @csspart empty - Shown when no conversation is selected.
 * @csspart session-status - The connecting / reconnecting / failed banner.
 * @csspart session-message - The text of that banner.
 * @csspart retry-button - Signs in again after a failure.
 *
 * @cssproperty --ringnity-inbox-list-width - Width of the list column.
 * @cssproperty --ringnity-inbox-row-height - Height of a list row.
 */
export class RingnityInbox extends RingnityElement<InboxListLabels> {
  static override readonly tag = 'ringnity-inbox';
  static override styles = [themeStyles, inboxStyles];

  /** Replacement strings, merged over the defaults of the element's language (see `lang`). */
  declare labels: Partial<InboxLabels>;

  // The thread's defaults come with the thread code (thread-pane.ts): the list never needs them.
  protected readonly defaultLabels = INBOX_LIST_LABELS;

  // A translation carries the thread's words as well: the thread pane lays its English under these.
  protected override translatedLabels(translation: Translation): Partial<InboxLabels> {
    return translation.inbox;
  }

  /** Which conversations the list shows. */
  @property({ reflect: true }) view: 'open' | 'closed' = 'open';

  /** Only conversations of this department; null for all. */
  @property({ attribute: 'department-id' }) departmentId: string | null = null;

  /** The open conversation. Set it to open one from the page. */
  @property({ attribute: 'conversation-id' }) conversationId: string | null = null;

  /** Conversations per page. */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 50;

  @state() private directory: Directory | null = null;
  @state() private listError: string | null = null;
  @state() private announcement = '';

  private readonly list = new ConversationListController(this);
  private readonly typing = new TypingController(this);
  private readonly virtual = new VirtualListController(this, (range) => this.onRangeChanged(range));
  private readonly listFocus = new ListFocusController(this, {
    count: () => this.list.items.length,
    activate: (index) => this.select(this.list.items[index]!.conversationId),
    reveal: (index) => {
      if (index >= this.list.items.length - LOAD_MORE_ROWS) this.loadMore();
      this.virtual.scrollToIndex(index);
    },
  });
  private readonly thread = new ThreadLoader(this, {
    paneHost: () => this.paneHost(),
    agent: () => this.agent,
    failed: (error) => this.reportError(error, 'inbox.load'),
  });
  private renderedRange: RowRange = { first: 0, end: 0 };

  /** Opens a conversation, as clicking its row does. */
  select(conversationId: string): void {
    this.conversationId = conversationId;
  }

  /* ------------------------------------------------------------------ session */

  protected override bindAgent(agent: RingnityAgent, session: RingnitySession): () => void {
    const offs = [
      agent.on('conversation.updated', ({ conversation, visible }) => this.thread.pane?.updated(conversation, visible)),
      agent.conversations.onMessage((message) => this.onMessage(agent, message)),
      agent.conversations.onTyping((change) => this.typing.receive(change)),
      // Events were lost for good: what is shown may be stale, so load it again.
      agent.on('resync', () => this.reload(agent)),
    ];
    if (agent.hasScope('agent:profile:read')) {
      session.directory().then(
        (directory) => {
          if (this.agent === agent) this.directory = directory;
        },
        (error: unknown) => {
          if (isRingnityError(error)) this.reportError(error, 'directory.get');
        },
      );
    }
    void this.reload(agent).then(() => this.emit('ringnity-ready', { agentId: agent.id }));
    return () => {
      for (const off of offs) off();
      this.list.clear();
      this.thread.pane?.clear();
    };
  }

  private async reload(agent: RingnityAgent): Promise<void> {
    this.thread.show(agent, true);
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

  private paneHost(): ThreadPaneHost {
    return {
      element: this,
      text: () => this.text,
      locale: () => this.locale,
      directory: () => this.directory,
      apiBaseUrl: () => this.sessionController.session?.apiBaseUrl ?? '',
      back: () => (this.conversationId = null),
      listed: (conversationId) => this.list.get(conversationId),
      applyConversation: (conversation) => this.list.receive(conversation),
      customerTyping: (conversationId) => this.typing.customerTyping(conversationId),
      agentName: (id) => this.agentName(id),
      departmentName: (id) => this.departmentName(id),
      emit: (name, detail) => this.emit(name, detail),
      report: (error, action) => {
        if (!isRingnityError(error)) throw error;
        return this.reportError(error, action);
      },
    };
  }

  /* ------------------------------------------------------------------ realtime */

  private onMessage(agent: RingnityAgent, message: Message): void {
    const joined = this.thread.pane?.receive(message) ?? false;
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
    const selected = this.thread.pane?.selected;
    const conversation = this.list.get(conversationId) ?? (selected?.conversationId === conversationId ? selected : null);
    if (change.type === 'assigned')
      this.emit('ringnity-conversation-assigned', { conversationId, assignedAgentId: change.assignedAgentId, reason: change.reason, source, conversation });
    else if (change.type === 'transferred')
      this.emit('ringnity-conversation-transferred', { conversationId, departmentId: change.departmentId, reason: change.reason, source, conversation });
    else this.emit('ringnity-conversation-closed', { conversationId, reason: change.reason, source, conversation });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const agent = this.agent;
    if (!agent) return;
    const filter = this.list.currentFilter;
    if ((changed.has('view') || changed.has('departmentId')) && this.list.loaded && (filter.status !== this.view || filter.departmentId !== this.departmentId)) {
      void this.resetList(agent);
    }
    if (changed.has('conversationId')) this.thread.show(agent);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.virtual.attach(this.renderRoot.querySelector<HTMLElement>('.list'));
    this.virtual.afterRender(this.renderedRange, () => this.renderRoot.querySelector<HTMLElement>('.row'));
  }

  private onRangeChanged(range: RowRange): void {
    const { end } = range;
    // Reported from updated(): the fetch starts once this update is done, so that the loading
    // state it sets makes an update of its own instead of one inside this update's aftermath.
    if (end > 0 && end >= this.list.items.length - LOAD_MORE_ROWS) void this.updateComplete.then(() => this.loadMore());
  }

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
    const t = this.text;
    const selected = this.thread.pane?.selected;
    return html`<div part="base" class="base" ?data-open=${this.conversationId !== null}>
      ${banner}
      <div class="panes">
        <section part="list-pane" class="list-pane" aria-label=${t.conversations}>
          ${renderViews({
            labels: t,
            view: this.view,
            departmentId: this.departmentId,
            departments: this.directory?.departments ?? [],
            disabled: !agent.hasScope('agent:conversations:read'),
            setView: (view) => (this.view = view),
            setDepartment: (departmentId) => (this.departmentId = departmentId),
          })}
          ${this.renderList(agent)}
        </section>
        <section
          part="thread-pane"
          class="thread-pane"
          aria-label=${selected && this.conversationId ? format(t.conversationWith, { customer: selected.customer.name }) : t.messages}
          aria-busy=${this.thread.busy ? 'true' : nothing}
        >
          ${this.thread.render(agent, t)}
        </section>
      </div>
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
    this.listFocus.renderedRange(range);
    const rowHeight = this.virtual.rowHeight;
    const row: RowContext = {
      labels: t,
      locale: this.locale,
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
    // With no rows, the message takes the list's place at the top; with rows, it follows them.
    return html`${count ? nothing : status}<div
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
      ${count ? status : nothing}`;
  }
}
