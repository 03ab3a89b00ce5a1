import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Conversation, Message, PendingMessage, RingnityAgent, RingnityError, ThreadSnapshot, ThreadStore, Tombstone } from '../../index.js';

/** A message the agent sent that the server has not confirmed yet, or that failed. */
export type OutgoingMessage = PendingMessage;

export interface ThreadCallbacks {
  sent(conversationId: string, message: Message): void;
  failed(error: RingnityError, action: string): void;
}

/** How the last change moved the thread, so the view can keep the agent's place. */
export type ThreadChange = 'open' | 'append' | 'prepend' | 'replace';

/**
 * The open conversation, rendered from the SDK's thread store (`agent.conversations.thread`).
 * What this adds is the view's side: how the last change moved the thread, and the stores of
 * conversations left with sends still pending, so that a send survives switching away.
 */
export class ThreadController implements ReactiveController {
  conversationId: string | null = null;
  lastChange: ThreadChange | null = null;

  private store: ThreadStore | null = null;
  private off: (() => void) | null = null;
  private readonly stores = new Map<string, ThreadStore>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly callbacks: ThreadCallbacks,
    private readonly pageSize = 30,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}
  hostDisconnected(): void {}

  private get snapshot(): ThreadSnapshot | null {
    return this.store?.getSnapshot() ?? null;
  }

  /** Oldest first. */
  get messages(): readonly Message[] {
    return this.snapshot?.messages ?? [];
  }

  get nextCursor(): boolean {
    return this.snapshot?.hasOlder ?? false;
  }

  get loading(): boolean {
    return this.snapshot?.status === 'loading';
  }

  get loadingOlder(): boolean {
    return this.snapshot?.loadingOlder ?? false;
  }

  get error(): RingnityError | null {
    return this.snapshot?.error ?? null;
  }

  open(agent: RingnityAgent, conversationId: string, conversation?: Conversation | null): void {
    this.close();
    this.conversationId = conversationId;
    const store = this.storeFor(agent, conversationId, conversation ?? null);
    this.store = store;
    let previous = store.getSnapshot();
    let opened = false;
    this.off = store.subscribe((next) => {
      this.lastChange = !opened && next.status === 'ready' ? ((opened = true), 'open') : moveOf(previous, next) ?? this.lastChange;
      if (next.error && next.error !== previous.error) this.callbacks.failed(next.error, 'conversations.messages');
      previous = next;
      this.host.requestUpdate();
    });
    this.host.requestUpdate();
  }

  close(): void {
    this.off?.();
    this.off = null;
    this.store = null;
    this.conversationId = null;
    this.forgetSettled();
    this.host.requestUpdate();
  }

  loadOlder(_agent?: RingnityAgent): Promise<void> {
    return this.store?.loadOlder() ?? Promise.resolve();
  }

  /** A realtime message (the store merges it itself). Answers true when it joins the open thread. */
  receive(message: Message): boolean {
    return message.conversationId === this.conversationId && !this.messages.some((m) => m.messageId === message.messageId);
  }

  /** Marks read up to this message; answers the updated conversation, or null when nothing was to mark. */
  markRead(messageId: string): Promise<Conversation | null> {
    return this.store?.markRead(messageId) ?? Promise.resolve(null);
  }

  /**
   * Tells the customer whether the agent is writing a reply (never a note): call on every
   * keystroke with whether the box holds text, and with false on a send, a switch or note mode.
   */
  typed(hasText: boolean): void {
    this.store?.typed(hasText);
  }

  applyTombstone(messageId: string, tombstone: Tombstone): void {
    this.store?.tombstone(messageId, tombstone);
  }

  outgoingFor(conversationId: string | null): readonly OutgoingMessage[] {
    return conversationId ? this.stores.get(conversationId)?.getSnapshot().pending ?? [] : [];
  }

  /** Shows the message at once as sending, then as sent or failed. */
  async send(agent: RingnityAgent, conversationId: string, body: string, note: boolean): Promise<void> {
    const store = this.storeFor(agent, conversationId, null);
    const sending = store.send(body, { note });
    this.host.requestUpdate();
    this.settled(conversationId, note, await sending, store, store.getSnapshot().pending.at(-1));
  }

  /** Sends a failed message again with the same clientMessageId, so the server never stores it twice. */
  async retry(_agent: RingnityAgent, clientMessageId: string): Promise<void> {
    for (const [conversationId, store] of this.stores) {
      const message = store.getSnapshot().pending.find((m) => m.clientMessageId === clientMessageId);
      if (!message) continue;
      const retrying = store.retry(clientMessageId);
      this.host.requestUpdate();
      return this.settled(conversationId, message.note, await retrying, store, message);
    }
  }

  discard(clientMessageId: string): void {
    for (const store of this.stores.values()) store.discard(clientMessageId);
    this.forgetSettled();
    this.host.requestUpdate();
  }

  private settled(conversationId: string, note: boolean, sent: Message | null, store: ThreadStore, message: PendingMessage | undefined): void {
    this.host.requestUpdate();
    if (sent) this.callbacks.sent(conversationId, sent);
    const failed = message && store.getSnapshot().pending.find((m) => m.clientMessageId === message.clientMessageId);
    if (!sent && failed?.error) this.callbacks.failed(failed.error, note ? 'conversations.note' : 'conversations.reply');
    this.forgetSettled();
  }

  private storeFor(agent: RingnityAgent, conversationId: string, conversation: Conversation | null): ThreadStore {
    let store = this.stores.get(conversationId);
    if (!store) {
      store = agent.conversations.thread(conversationId, { pageSize: this.pageSize, ...(conversation ? { conversation } : {}) });
      this.stores.set(conversationId, store);
    }
    return store;
  }

  /** Only the open conversation's store and those with sends outstanding are worth keeping. */
  private forgetSettled(): void {
    for (const [id, store] of this.stores) {
      if (store !== this.store && store.getSnapshot().pending.length === 0) this.stores.delete(id);
    }
  }
}

/** How the thread moved between two snapshots, if its messages or pending sends changed. */
function moveOf(before: ThreadSnapshot, after: ThreadSnapshot): ThreadChange | null {
  if (after.messages !== before.messages) {
    if (after.messages[0] !== before.messages[0] && before.messages.length > 0 && after.messages.length > before.messages.length) {
      return after.messages.at(-1) === before.messages.at(-1) ? 'prepend' : 'replace';
    }
    return after.messages.length > before.messages.length ? 'append' : 'replace';
  }
  return after.pending.length > before.pending.length ? 'append' : null;
}
