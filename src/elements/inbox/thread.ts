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
 * The open conversation, rendered from the SDK's thread store (`agent.conversations.thread`,
 * which hands back the same store, pending sends included, when the agent comes back to a
 * conversation). What this adds is the view's side: how the last change moved the thread.
 */
export class ThreadController implements ReactiveController {
  conversationId: string | null = null;
  lastChange: ThreadChange | null = null;
  /** The open thread; null when none is. */
  snapshot: ThreadSnapshot | null = null;

  private store: ThreadStore | null = null;
  private off: (() => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly callbacks: ThreadCallbacks,
    private readonly pageSize = 30,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}
  hostDisconnected(): void {}

  /** Oldest first. */
  get messages(): readonly Message[] {
    return this.snapshot?.messages ?? [];
  }

  open(agent: RingnityAgent, conversationId: string, conversation?: Conversation | null): void {
    this.close();
    const store = agent.conversations.thread(conversationId, { pageSize: this.pageSize, ...(conversation ? { conversation } : {}) });
    this.conversationId = conversationId;
    this.store = store;
    this.off = store.subscribe((next) => {
      const previous = this.snapshot ?? next;
      this.lastChange = previous.status !== 'ready' && next.status === 'ready' ? 'open' : (moveOf(previous, next) ?? this.lastChange);
      if (next.error && next.error !== previous.error) this.callbacks.failed(next.error, 'conversations.messages');
      this.snapshot = next;
      this.host.requestUpdate();
    });
    this.snapshot = store.getSnapshot();
    this.host.requestUpdate();
  }

  close(): void {
    this.off?.();
    this.off = this.store = this.snapshot = this.conversationId = null;
    this.host.requestUpdate();
  }

  loadOlder(): Promise<void> {
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

  /** Shows the message at once as sending, then as sent or failed. */
  send(agent: RingnityAgent, conversationId: string, body: string, note: boolean): Promise<void> {
    // Without the messages:read scope no thread is open, yet replies may still be allowed.
    const store = this.store?.conversationId === conversationId ? this.store : agent.conversations.thread(conversationId);
    return this.settled(store, store.send(body, { note }), note);
  }

  /** Sends a failed message again with the same clientMessageId, so the server never stores it twice. */
  retry(message: PendingMessage): Promise<void> {
    const store = this.store;
    return store ? this.settled(store, store.retry(message.clientMessageId), message.note) : Promise.resolve();
  }

  discard(message: PendingMessage): void {
    this.store?.discard(message.clientMessageId);
  }

  private async settled(store: ThreadStore, sending: Promise<Message | null>, note: boolean): Promise<void> {
    const sent = await sending;
    if (sent) return this.callbacks.sent(store.conversationId, sent);
    const error = store.getSnapshot().pending.find((m) => m.state === 'failed')?.error;
    if (error) this.callbacks.failed(error, note ? 'conversations.note' : 'conversations.reply');
  }
}

/** How the thread moved between two snapshots, if its messages or pending sends changed. */
function moveOf(before: ThreadSnapshot, after: ThreadSnapshot): ThreadChange | null {
  const [a, b] = [before.messages, after.messages];
  if (a !== b) {
    if (a.length && b.length > a.length && b[0] !== a[0]) return b.at(-1) === a.at(-1) ? 'prepend' : 'replace';
    return b.length > a.length ? 'append' : 'replace';
  }
  return after.pending.length > before.pending.length ? 'append' : null;
}
