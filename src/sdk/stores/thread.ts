import { byMessageOrder, messageOrder, type Conversation, type Message, type MessagePage, type Tombstone, type TypingActor } from '../../protocol/index.js';
import { isRingnityError, type RingnityError } from '../errors.js';
import type { LiveSource } from './live-source.js';
import { Store, isAbort } from './store.js';

/** A message this agent sent that the server has not confirmed yet, or that failed. */
export interface PendingMessage {
  readonly clientMessageId: string;
  readonly conversationId: string;
  readonly body: string;
  readonly note: boolean;
  readonly state: 'sending' | 'failed';
  readonly error: RingnityError | null;
  readonly createdAt: string;
}

/**
 * A change to the conversation, read from its system messages. `source` is `self` when this agent
 * made it (from this tab or another), `remote` when someone else did.
 */
export type ThreadChange =
  | {
      readonly type: 'assigned';
      readonly conversationId: string;
      readonly assignedAgentId: string;
      readonly reason: string | null;
      readonly source: 'self' | 'remote';
      readonly messageId: string;
      readonly at: string;
    }
  | {
      readonly type: 'transferred';
      readonly conversationId: string;
      readonly departmentId: string;
      readonly reason: string;
      readonly source: 'self' | 'remote';
      readonly messageId: string;
      readonly at: string;
    }
  | { readonly type: 'closed'; readonly conversationId: string; readonly reason: string; readonly source: 'self' | 'remote'; readonly messageId: string; readonly at: string };

export interface ThreadSnapshot {
  readonly conversationId: string;
  /** The conversation as last heard of; null until loaded. */
  readonly conversation: Conversation | null;
  /** Oldest first. */
  readonly messages: readonly Message[];
  /** This agent's sends not confirmed yet, and failed ones waiting for `retry` or `discard`. */
  readonly pending: readonly PendingMessage[];
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly hasOlder: boolean;
  readonly loadingOlder: boolean;
  readonly error: RingnityError | null;
  /** Who else is typing in this conversation now (the customer, other agents). */
  readonly typing: readonly TypingActor[];
  /** Changes made while the store was live, oldest first. */
  readonly changes: readonly ThreadChange[];
  /** False when a change took the conversation out of this agent's sight. */
  readonly visible: boolean;
}

export interface ThreadApi {
  get(conversationId: string, options: { signal: AbortSignal }): Promise<Conversation>;
  messages(conversationId: string, options: { cursor?: string; limit: number; signal: AbortSignal }): Promise<MessagePage>;
  reply(conversationId: string, options: { body: string; note: boolean; clientMessageId: string }): Promise<Message>;
  markRead(conversationId: string, messageId: string): Promise<Conversation>;
  typing(conversationId: string, isTyping: boolean): Promise<void>;
  newClientMessageId(): string;
}

/** A stop signal can be lost (a closed tab): an indicator nobody refreshes fades after this. */
const TYPING_TTL_MS = 8_000;
/** The agent counts as stopped after this long without a keystroke. */
const AGENT_IDLE_MS = 3_000;

/**
 * `agent.conversations.thread(id)`: one conversation's messages, live. Sends show at once as
 * pending and become the stored message (or a failure to retry with the same clientMessageId,
 * so the server never stores it twice).
 */
export class ThreadStore extends Store<ThreadSnapshot> {
  private nextCursor: string | null = null;
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private agentIdle: ReturnType<typeof setTimeout> | undefined;
  private markedUpTo: string | null = null;

  constructor(
    private readonly source: LiveSource,
    private readonly api: ThreadApi,
    private readonly agentId: string,
    readonly conversationId: string,
    private readonly pageSize = 30,
    conversation: Conversation | null = null,
  ) {
    super({
      conversationId,
      conversation,
      messages: Object.freeze([]),
      pending: Object.freeze([]),
      status: 'idle',
      hasOlder: false,
      loadingOlder: false,
      error: null,
      typing: Object.freeze([]),
      changes: Object.freeze([]),
      visible: true,
    });
  }

  /** Loads the conversation and the newest page again; messages that arrived meanwhile are kept. */
  reload(): Promise<void> {
    return this.load(true);
  }

  /** Replaces a message's content with its tombstone, as the answer to removing its attachments says. */
  tombstone(messageId: string, deleted: Tombstone): void {
    const messages = this.getSnapshot().messages;
    if (!messages.some((m) => m.messageId === messageId)) return;
    this.update({ messages: Object.freeze(messages.map((m) => (m.messageId === messageId ? Object.freeze({ ...m, body: '', attachments: [], deleted }) : m))) });
  }

  private async load(withConversation: boolean): Promise<void> {
    if (!this.active) return;
    this.abortInFlight();
    const signal = this.signal;
    this.update({ status: 'loading', error: null, loadingOlder: false });
    try {
      const [conversation, page] = await Promise.all([
        withConversation ? this.api.get(this.conversationId, { signal }) : this.getSnapshot().conversation,
        this.api.messages(this.conversationId, { limit: Math.min(100, Math.max(this.pageSize, this.getSnapshot().messages.length)), signal }),
      ]);
      if (signal.aborted) return;
      this.nextCursor = page.nextCursor;
      // The page's copies win: they carry removals made since (tombstones).
      this.update({ conversation, messages: merge(this.getSnapshot().messages, page.messages), status: 'ready', hasOlder: page.nextCursor !== null });
    } catch (error) {
      this.failed(error, signal, { status: 'error' });
    }
  }

  async loadOlder(): Promise<void> {
    const { status, loadingOlder } = this.getSnapshot();
    if (!this.active || !this.nextCursor || loadingOlder || status !== 'ready') return;
    const signal = this.signal;
    this.update({ loadingOlder: true });
    try {
      const page = await this.api.messages(this.conversationId, { cursor: this.nextCursor, limit: this.pageSize, signal });
      if (signal.aborted) return;
      this.nextCursor = page.nextCursor;
      this.update({ messages: merge(page.messages, this.getSnapshot().messages), hasOlder: page.nextCursor !== null, loadingOlder: false });
    } catch (error) {
      this.failed(error, signal, { loadingOlder: false });
    }
  }

  /**
   * Shows the message at once as pending, then as stored or failed. Resolves with the stored
   * message, or null when it failed (the failure is in `pending`, for `retry`).
   */
  send(body: string, options: { note?: boolean } = {}): Promise<Message | null> {
    this.stopTyping();
    const message: PendingMessage = Object.freeze({
      clientMessageId: this.api.newClientMessageId(),
      conversationId: this.conversationId,
      body,
      note: options.note ?? false,
      state: 'sending',
      error: null,
      createdAt: new Date().toISOString(),
    });
    this.update({ pending: Object.freeze([...this.getSnapshot().pending, message]) });
    return this.deliver(message);
  }

  /** Sends a failed message again, with the same clientMessageId. */
  retry(clientMessageId: string): Promise<Message | null> {
    const message = this.getSnapshot().pending.find((m) => m.clientMessageId === clientMessageId);
    if (!message || message.state !== 'failed') return Promise.resolve(null);
    this.patchPending(clientMessageId, { state: 'sending', error: null });
    return this.deliver(message);
  }

  /** Gives up on a failed message. */
  discard(clientMessageId: string): void {
    this.settle(clientMessageId);
  }

  /**
   * Marks messages up to `messageId` (the newest by default) as read. Does nothing when they
   * already are, so it can be called whenever messages come into view. Answers the updated
   * conversation, or null when there was nothing to mark.
   */
  async markRead(messageId?: string): Promise<Conversation | null> {
    const { messages, conversation } = this.getSnapshot();
    const target = messageId ? messages.find((m) => m.messageId === messageId) : messages.at(-1);
    if (!target || !conversation || conversation.unreadCount === 0) return null;
    const order = messageOrder(target);
    const lastRead = messages.find((m) => m.messageId === conversation.lastReadMessageId);
    if ((lastRead && order <= messageOrder(lastRead)) || (this.markedUpTo && order <= this.markedUpTo)) return null;
    this.markedUpTo = order;
    try {
      const updated = await this.api.markRead(this.conversationId, target.messageId);
      if (this.active) this.update({ conversation: updated });
      return updated;
    } catch (error) {
      this.markedUpTo = null;
      throw error;
    }
  }

  /**
   * Call on every keystroke of a reply with whether the box holds text: the customer is told
   * when the agent starts, and that they stopped after a pause, a send or an empty box.
   */
  typed(hasText: boolean): void {
    if (!hasText) return this.stopTyping();
    if (this.agentIdle === undefined) this.signalTyping(true);
    clearTimeout(this.agentIdle);
    this.agentIdle = setTimeout(() => this.stopTyping(), AGENT_IDLE_MS);
  }

  protected activate(): () => void {
    const offs = [
      this.source.on('chat.message.created', ({ message }) => {
        if (message.conversationId === this.conversationId) this.receive(message);
      }),
      this.source.on('conversation.updated', ({ conversation, change, visible }) => {
        if (conversation.conversationId !== this.conversationId) return;
        this.update({ conversation, visible });
        // Someone removed an attachment: only a reload brings the message's tombstone.
        if (change === 'attachment_deleted') void this.load(false);
      }),
      this.source.on('chat.typing.started', ({ conversationId, by }) => {
        if (conversationId === this.conversationId) this.setTyping(by, true);
      }),
      this.source.on('chat.typing.stopped', ({ conversationId, by }) => {
        if (conversationId === this.conversationId) this.setTyping(by, false);
      }),
      this.source.onResync(() => void this.reload()),
    ];
    // A conversation handed over at construction is not fetched again on the first load.
    void this.load(this.getSnapshot().conversation === null);
    return () => {
      for (const off of offs) off();
      this.stopTyping();
      for (const timer of this.typingTimers.values()) clearTimeout(timer);
      this.typingTimers.clear();
      this.markedUpTo = null;
      this.update({ status: 'idle', loadingOlder: false, typing: Object.freeze([]) });
    };
  }

  private async deliver(message: PendingMessage): Promise<Message | null> {
    try {
      const sent = await this.api.reply(this.conversationId, { body: message.body, note: message.note, clientMessageId: message.clientMessageId });
      this.receive(sent);
      return sent;
    } catch (error) {
      if (!isRingnityError(error)) throw error;
      this.patchPending(message.clientMessageId, { state: 'failed', error });
      return null;
    }
  }

  private receive(message: Message): void {
    const snapshot = this.getSnapshot();
    // The answer to our send and its realtime echo are the same message: the first copy stays.
    const added = !snapshot.messages.some((m) => m.messageId === message.messageId);
    const patch: Partial<{ -readonly [K in keyof ThreadSnapshot]: ThreadSnapshot[K] }> = {};
    if (added) patch.messages = merge(snapshot.messages, [message]);
    if (message.clientMessageId && snapshot.pending.some((m) => m.clientMessageId === message.clientMessageId)) {
      patch.pending = Object.freeze(snapshot.pending.filter((m) => m.clientMessageId !== message.clientMessageId));
    }
    // A message ends its author's typing, whether or not the stop signal arrives.
    const authorId = message.author.id;
    if (authorId !== null && snapshot.typing.some((t) => t.id === authorId)) {
      clearTimeout(this.typingTimers.get(authorId));
      this.typingTimers.delete(authorId);
      patch.typing = Object.freeze(snapshot.typing.filter((t) => t.id !== authorId));
    }
    const change = added ? changeOf(message, this.agentId) : null;
    if (change) patch.changes = Object.freeze([...snapshot.changes, change]);
    this.update(patch);
  }

  private setTyping(by: TypingActor, isTyping: boolean): void {
    if (by.type === 'agent' && by.id === this.agentId) return;
    clearTimeout(this.typingTimers.get(by.id));
    this.typingTimers.delete(by.id);
    const others = this.getSnapshot().typing.filter((t) => t.id !== by.id);
    if (isTyping)
      this.typingTimers.set(
        by.id,
        setTimeout(() => this.setTyping(by, false), TYPING_TTL_MS),
      );
    this.update({ typing: Object.freeze(isTyping ? [...others, by] : others) });
  }

  private stopTyping(): void {
    if (this.agentIdle === undefined) return;
    clearTimeout(this.agentIdle);
    this.agentIdle = undefined;
    this.signalTyping(false);
  }

  private signalTyping(isTyping: boolean): void {
    // Typing is a hint: a failure (offline, a token without messages:write) must not interrupt writing.
    this.api.typing(this.conversationId, isTyping).catch(() => {});
  }

  private patchPending(clientMessageId: string, patch: Partial<PendingMessage>): void {
    const pending = this.getSnapshot().pending;
    if (!pending.some((m) => m.clientMessageId === clientMessageId)) return;
    this.update({ pending: Object.freeze(pending.map((m) => (m.clientMessageId === clientMessageId ? Object.freeze({ ...m, ...patch }) : m))) });
  }

  private settle(clientMessageId: string): void {
    const pending = this.getSnapshot().pending;
    if (pending.some((m) => m.clientMessageId === clientMessageId)) this.update({ pending: Object.freeze(pending.filter((m) => m.clientMessageId !== clientMessageId)) });
  }

  private failed(error: unknown, signal: AbortSignal, patch: Partial<ThreadSnapshot>): void {
    if (signal.aborted || isAbort(error)) return;
    if (!isRingnityError(error)) throw error;
    this.update({ ...patch, error });
  }
}

/** What a system message changed, seen from `agentId`; null for messages that change nothing. */
export function changeOf(message: Message, agentId: string): ThreadChange | null {
  const event = message.system;
  if (message.kind !== 'system' || !event) return null;
  const base = { conversationId: message.conversationId, messageId: message.messageId, at: message.createdAt };
  const actor = event.type === 'accepted' ? event.agentId : event.byAgentId;
  const source = actor === agentId ? ('self' as const) : ('remote' as const);
  switch (event.type) {
    case 'accepted':
    case 'assigned':
      return Object.freeze({ ...base, type: 'assigned', assignedAgentId: event.agentId, reason: event.reason, source });
    case 'transferred':
      return Object.freeze({ ...base, type: 'transferred', departmentId: event.departmentId, reason: event.reason, source });
    case 'closed':
      return Object.freeze({ ...base, type: 'closed', reason: event.reason, source });
    default:
      return null;
  }
}

/** Union by messageId, the later copy winning, in server order. */
function merge(a: readonly Message[], b: readonly Message[]): readonly Message[] {
  const byId = new Map<string, Message>();
  for (const m of a) byId.set(m.messageId, m);
  for (const m of b) byId.set(m.messageId, m);
  const all = [...byId.values()];
  for (let i = 1; i < all.length; i++) {
    if (byMessageOrder(all[i - 1]!, all[i]!) > 0) return Object.freeze(all.sort(byMessageOrder));
  }
  return Object.freeze(all);
}
