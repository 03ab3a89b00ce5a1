/**
 * The inbox's thread half: what only an open conversation needs (the thread, read marks, the
 * composer and the action dialog). `<ringnity-inbox>` loads this module the first time a
 * conversation is opened, so that its first paint (the list) carries none of it; the no-build
 * bundle has it in a file of its own, `ringnity-agent-thread.js`.
 *
 * It imports Lit as any element module does. In the thread file, rollup.config.mjs points those
 * imports at the main bundle's copy (see `sharedLit()` there), handed over once the file has
 * loaded: nothing here may use Lit while the module is first evaluated.
 */
import { html, nothing, type CSSResult, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Attachment, Conversation, Directory, Message, RingnityAgent } from '../../index.js';
import type { RingnityEventDetails, RingnityEventName } from '../shared/events.js';
import { isolated } from '../shared/isolated.js';
import { format } from '../shared/labels.js';
import { focusOpenedDialog, renderActionDialog, returnFocusFromDialog, type ActionDialogState, type ActionKind } from './action-dialog.js';
import type { InboxLabels, InboxListLabels } from './labels.js';
import { renderMessage, renderOutgoing, type MessageViewContext } from './messages-view.js';
import { permissionsFor, type ConversationPermissions } from './permissions.js';
import { QuickAccept } from './quick-accept.js';
import { ReadTracker } from './read-tracker.js';
import { runAction, type ActionEffects } from './thread-actions.js';
import { INBOX_THREAD_LABELS } from './thread-labels.js';
import { threadPaneStyles } from './thread-pane.styles.js';
import { ThreadController } from './thread.js';
import { renderComposer, renderThreadHeader } from './thread-view.js';

/** Within this many pixels of the bottom, the thread follows new messages. */
const STICK_TO_BOTTOM_PX = 48;
/** Within this many pixels of the top, older messages load. */
const LOAD_OLDER_PX = 120;

/** What the pane needs of its element, which builds it (see `RingnityInbox`). */
export interface ThreadPaneHost {
  /** The element: updates, controllers, and the shadow root the pane renders into. */
  readonly element: ReactiveControllerHost & { readonly renderRoot: ParentNode };
  /** The element's labels: its own defaults with the page's replacements on top. */
  text(): InboxListLabels & Partial<InboxLabels>;
  /** The element's locale for dates; undefined is the browser's. */
  locale(): string | undefined;
  directory(): Directory | null;
  apiBaseUrl(): string;
  /** Back to the list (narrow layouts): the element's `conversation-id` is cleared. */
  back(): void;
  /** The conversation as the list holds it, if it does. */
  listed(conversationId: string): Conversation | undefined;
  /** A conversation an action or a read mark changed: the list takes it too. */
  applyConversation(conversation: Conversation): void;
  customerTyping(conversationId: string): string | null;
  agentName(id: string): string;
  departmentName(id: string | null): string;
  emit<N extends RingnityEventName>(name: N, detail: RingnityEventDetails[N]): boolean;
  /** Reports a failed call (`ringnity-error`) and answers what to show; anything but a RingnityError is thrown again. */
  report(error: unknown, action: string): string;
}

export class InboxThreadPane implements ReactiveController {
  /** Styles for the element to add to its own. */
  readonly styles: CSSResult = threadPaneStyles();
  /** The open conversation, once known. */
  selected: Conversation | null = null;

  private agent: RingnityAgent | null = null;
  private conversationId: string | null = null;
  private gone = false;
  private newBelow = false;
  private mode: 'reply' | 'note' = 'reply';
  private dialog: ActionDialogState | null = null;
  private actionError: string | null = null;
  private opening: AbortController | null = null;
  private readonly drafts = new Map<string, string>();
  private scrollMemo: { top: number; height: number; atBottom: boolean } | null = null;
  private followOwnMessage = false;
  private mergedText: { from: ReturnType<ThreadPaneHost['text']>; value: InboxLabels } | undefined;
  private readonly thread: ThreadController;
  private readonly reads: ReadTracker;
  private readonly effects: ActionEffects;
  private readonly quickAccept: QuickAccept;

  constructor(private readonly host: ThreadPaneHost) {
    const element = host.element;
    element.addController(this);
    this.effects = {
      emit: (name, detail) => host.emit(name, detail),
      applyConversation: (conversation) => this.apply(conversation),
      applyTombstone: (messageId, tombstone) => this.thread.applyTombstone(messageId, tombstone),
    };
    this.quickAccept = new QuickAccept({
      effects: this.effects,
      update: () => element.requestUpdate(),
      fail: (error, action) => {
        this.actionError = host.report(error, action);
      },
    });
    this.thread = new ThreadController(element, {
      sent: (conversationId, message) => host.emit('ringnity-message-sent', { conversationId, message }),
      failed: (error, action) => void host.report(error, action),
    });
    this.reads = new ReadTracker(element, (messageId) => this.onSeen(messageId));
  }

  /** The element's labels over the thread's English defaults. */
  private get text(): InboxLabels {
    const from = this.host.text();
    if (this.mergedText?.from !== from) this.mergedText = { from, value: { ...INBOX_THREAD_LABELS, ...from } };
    return this.mergedText.value;
  }

  /** Whether this agent has this conversation open already. */
  shows(agent: RingnityAgent, conversationId: string): boolean {
    return this.agent === agent && this.conversationId === conversationId;
  }

  /** Opens a conversation (again, after a resync): its thread, and the conversation itself when the list does not hold it. */
  open(agent: RingnityAgent, conversationId: string): void {
    this.close();
    const opening = (this.opening = new AbortController());
    this.agent = agent;
    this.conversationId = conversationId;
    this.selected = this.host.listed(conversationId) ?? (this.selected?.conversationId === conversationId ? this.selected : null);
    if (agent.hasScope('agent:messages:read')) this.thread.open(agent, conversationId, this.selected);
    if (this.selected) return void this.host.emit('ringnity-conversation-select', { conversationId, conversation: this.selected });
    agent.conversations.get(conversationId, { signal: opening.signal }).then(
      (conversation) => {
        this.selected = conversation;
        this.host.element.requestUpdate();
        this.host.emit('ringnity-conversation-select', { conversationId, conversation });
      },
      (error: unknown) => {
        if (opening.signal.aborted) return;
        this.actionError = this.host.report(error, 'conversations.get');
        this.host.element.requestUpdate();
      },
    );
  }

  close(): void {
    this.opening?.abort();
    this.opening = this.agent = this.conversationId = null;
    this.thread.typed(false);
    this.thread.close();
    this.gone = false;
    this.actionError = null;
    this.newBelow = false;
    this.mode = 'reply';
    this.dialog = null;
    this.quickAccept.dismiss();
    this.host.element.requestUpdate();
  }

  /** Forgets the conversation as well: nothing is open. */
  clear(): void {
    this.close();
    this.selected = null;
  }

  /** A realtime message (the thread store merges it itself). Answers true when it joins the open thread. */
  receive(message: Message): boolean {
    return this.thread.receive(message);
  }

  /** A conversation changed; the open one is kept current. */
  updated(conversation: Conversation, visible: boolean): void {
    if (conversation.conversationId !== this.conversationId) return;
    this.selected = conversation;
    if (!visible) this.gone = true;
    // The unread count may have risen after the message was already on screen.
    if (conversation.unreadCount > 0) this.reads.recheck();
    this.host.element.requestUpdate();
  }

  /** The thread store marks read only past what is already read or on its way. */
  private onSeen(messageId: string): void {
    const conversationId = this.thread.conversationId;
    if (!conversationId || this.selected?.conversationId !== conversationId) return;
    this.thread.markRead(messageId).then(
      (updated) => updated && this.apply(updated),
      (error: unknown) => void this.host.report(error, 'conversations.markRead'),
    );
  }

  private apply(conversation: Conversation): void {
    this.host.applyConversation(conversation);
    if (this.selected?.conversationId === conversation.conversationId) this.selected = conversation;
    this.host.element.requestUpdate();
  }

  /* ------------------------------------------------------------------ lifecycle */

  private get messagesElement(): HTMLElement | null {
    return this.host.element.renderRoot.querySelector<HTMLElement>('.messages');
  }

  hostUpdate(): void {
    // Reading scroll metrics forces a layout, so only when the thread is about to change.
    const el = this.thread.lastChange ? this.messagesElement : null;
    this.scrollMemo = el ? { top: el.scrollTop, height: el.scrollHeight, atBottom: el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_TO_BOTTOM_PX } : null;
  }

  hostUpdated(): void {
    if (this.thread.lastChange) {
      this.keepThreadPosition();
      const messages = this.messagesElement;
      this.reads.watch(messages, messages?.querySelectorAll('[data-message-id]') ?? []);
    }
    focusOpenedDialog(this.host.element.renderRoot as ShadowRoot);
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
      else this.setNewBelow(true);
      this.followOwnMessage = false;
    }
    // A first page shorter than the view cannot be scrolled up: fetch older ones until it fills.
    if (el.scrollHeight <= el.clientHeight && this.thread.snapshot?.hasOlder) void this.thread.loadOlder();
  }

  private setNewBelow(value: boolean): void {
    this.newBelow = value;
    this.host.element.requestUpdate();
  }

  /* ------------------------------------------------------------------ composer */

  private draftOf(conversationId: string): string {
    return this.drafts.get(conversationId) ?? '';
  }

  private onDraftInput(event: InputEvent): void {
    const conversationId = this.conversationId;
    if (!conversationId) return;
    const value = (event.target as HTMLTextAreaElement).value;
    this.drafts.set(conversationId, value);
    if (this.mode === 'reply') this.thread.typed(value.trim().length > 0);
    this.host.element.requestUpdate();
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
    this.host.element.requestUpdate();
    this.host.element.renderRoot.querySelector<HTMLElement>('#draft')?.focus();
  }

  private sendDraft(): void {
    const agent = this.agent;
    const conversationId = this.conversationId;
    if (!agent || !conversationId) return;
    const body = this.draftOf(conversationId).trim();
    if (!body) return;
    const note = this.mode === 'note';
    if (!this.host.emit('ringnity-before-send', { conversationId, body, note })) return;
    this.thread.typed(false);
    this.drafts.set(conversationId, '');
    this.followOwnMessage = true;
    this.setNewBelow(false);
    void this.thread.send(agent, conversationId, body, note);
  }

  /* ------------------------------------------------------------------ actions */

  private openAction(kind: ActionKind): void {
    const { agent, conversationId } = this;
    if (kind !== 'accept') return this.openDialog(kind);
    if (!agent || !conversationId) return;
    this.actionError = null;
    void this.quickAccept.accept(agent, conversationId);
  }

  private openDialog(kind: ActionDialogState['kind'], extra: Partial<ActionDialogState> = {}): void {
    const conversationId = this.conversationId;
    if (!conversationId) return;
    this.actionError = null;
    this.quickAccept.dismiss();
    this.dialog = { kind, conversationId, busy: false, error: null, ...extra };
    this.host.element.requestUpdate();
  }

  private closeDialog(): void {
    returnFocusFromDialog(this.host.element.renderRoot);
    this.dialog = null;
    this.host.element.requestUpdate();
  }

  private async submitDialog({ target, reason }: { target: string; reason: string }): Promise<void> {
    const dialog = this.dialog;
    const agent = this.agent;
    if (!dialog || !agent || dialog.busy) return;
    if (dialog.kind === 'close' && !this.host.emit('ringnity-before-close', { conversationId: dialog.conversationId, reason })) return this.closeDialog();
    this.dialog = { ...dialog, busy: true, error: null };
    this.host.element.requestUpdate();
    try {
      await runAction(agent, dialog, target, reason, this.effects);
      this.closeDialog();
    } catch (error) {
      const message = this.host.report(error, `conversations.${dialog.kind}`);
      if (this.dialog) this.dialog = { ...this.dialog, busy: false, error: message };
      this.host.element.requestUpdate();
    }
  }

  /* ------------------------------------------------------------------ render */

  /** The open conversation's pane; the element renders the states before it is known. */
  render(agent: RingnityAgent): TemplateResult {
    const t = this.text;
    const conversation = this.selected;
    if (!conversation || conversation.conversationId !== this.conversationId) {
      return html`${this.actionError ? html`<p part="action-error" class="inline-error" role="alert">${this.actionError}</p>` : nothing}
        <p part="empty" class="empty" role="status">${this.actionError ? '' : t.loadingMessages}</p>`;
    }
    const can = permissionsFor(agent, conversation);
    const directory = this.host.directory();
    const header = renderThreadHeader(conversation, {
      labels: t,
      can,
      canPickAgent: (directory?.agents.length ?? 0) > 0,
      canPickDepartment: (directory?.departments.length ?? 0) > 0,
      actionError: this.actionError,
      gone: this.gone,
      agentName: (id) => this.host.agentName(id),
      departmentName: (id) => this.host.departmentName(id),
      openAction: (kind) => this.openAction(kind),
      back: () => this.host.back(),
      dismissError: () => {
        this.actionError = null;
        this.host.element.requestUpdate();
      },
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
    const accepted = this.quickAccept.render(agent, conversation.conversationId, t);
    return html`${header} ${accepted} ${this.renderMessages(agent, conversation, can)} ${composer} ${this.dialog ? this.renderDialog(this.dialog) : nothing}`;
  }

  private renderMessages(agent: RingnityAgent, c: Conversation, can: ConversationPermissions): TemplateResult {
    const t = this.text;
    if (!can.readMessages) return html`<p part="empty" class="empty">${t.noMessageAccess}</p>`;
    const thread = this.thread.snapshot;
    const messages = thread?.messages ?? [];
    const ctx: MessageViewContext = {
      labels: t,
      locale: this.host.locale(),
      agentId: agent.id,
      apiBaseUrl: this.host.apiBaseUrl(),
      canDeleteAttachments: can.deleteAttachment,
      agentName: (id) => this.host.agentName(id),
      departmentName: (id) => this.host.departmentName(id),
      deleteAttachment: (message, attachment: Attachment) => this.openDialog('delete', { messageId: message.messageId, attachmentName: attachment.name }),
      retry: (message) => void this.thread.retry(message),
      discard: (message) => this.thread.discard(message),
    };
    const older =
      thread?.status === 'loading'
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
    const typingName = this.host.customerTyping(c.conversationId);
    return html`<div class="messages-wrap">
        <div part="messages" class="messages" role="region" aria-label=${t.messages} tabindex="0" @scroll=${() => this.onThreadScroll()}>
          ${older}
          ${thread?.error && !messages.length ? html`<p class="inline-error" role="alert">${format(t.errorOther, { detail: thread.error.message })}</p>` : nothing}
          <ol class="message-list">
            ${repeat(
              messages,
              (m) => m.messageId,
              (m) => renderMessage(m, ctx),
            )}
            ${repeat(
              thread?.pending ?? [],
              (m) => m.clientMessageId,
              (m) => renderOutgoing(m, ctx),
            )}
          </ol>
        </div>
        ${
          this.newBelow
            ? html`<button part="new-messages-button" class="button primary new-below" type="button" @click=${() => this.scrollThreadToBottom()}>
              ${t.newMessages} <span aria-hidden="true">↓</span>
            </button>`
            : nothing
        }
      </div>
      <p part="typing" class="typing" aria-live="polite">${typingName ? isolated(format(t.customerTyping, { name: typingName })) : ''}</p>`;
  }

  private onThreadScroll(): void {
    const el = this.messagesElement;
    if (!el) return;
    if (el.scrollTop < LOAD_OLDER_PX) void this.thread.loadOlder();
    if (this.newBelow && el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_TO_BOTTOM_PX) this.setNewBelow(false);
  }

  private scrollThreadToBottom(): void {
    const el = this.messagesElement;
    if (el) el.scrollTop = el.scrollHeight;
    this.setNewBelow(false);
  }

  private renderDialog(dialog: ActionDialogState): TemplateResult {
    const directory = this.host.directory();
    return renderActionDialog(dialog, {
      labels: this.text,
      agents: (directory?.agents ?? []).filter((a) => a.id !== this.selected?.assignedAgentId),
      departments: (directory?.departments ?? []).filter((d) => d.id !== this.selected?.departmentId),
      submit: (values) => void this.submitDialog(values),
      cancel: () => this.closeDialog(),
    });
  }
}
