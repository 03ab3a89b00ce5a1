import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isRingnityError, type Message, type RingnityAgent, type RingnityError, type Tombstone } from '../../index.js';
import { newClientMessageId } from '../../sdk/conversations.js';

/** A message the agent sent that the server has not confirmed yet, or that failed. */
export interface OutgoingMessage {
  clientMessageId: string;
  conversationId: string;
  body: string;
  note: boolean;
  state: 'sending' | 'failed';
  error: RingnityError | null;
  createdAt: string;
}

export interface ThreadCallbacks {
  sent(conversationId: string, message: Message): void;
  failed(error: RingnityError, action: string): void;
}

/** How the last change moved the thread, so the view can keep the agent's place. */
export type ThreadChange = 'open' | 'append' | 'prepend' | 'replace';

/**
 * The open conversation's messages: the newest page first, older pages on demand, realtime
 * messages merged in, and optimistic sends that turn into real messages (or failures to retry).
 */
export class ThreadController implements ReactiveController {
  conversationId: string | null = null;
  /** Oldest first. Replaced on change. */
  messages: readonly Message[] = [];
  nextCursor: string | null = null;
  loading = false;
  loadingOlder = false;
  error: RingnityError | null = null;
  lastChange: ThreadChange | null = null;

  private generation = 0;
  /** Outgoing messages by conversation, so a send survives switching to another conversation. */
  private readonly outgoing = new Map<string, OutgoingMessage[]>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly callbacks: ThreadCallbacks,
    private readonly pageSize = 30,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}
  hostDisconnected(): void {}

  async open(agent: RingnityAgent, conversationId: string): Promise<void> {
    const generation = ++this.generation;
    this.conversationId = conversationId;
    this.messages = [];
    this.nextCursor = null;
    this.error = null;
    this.loading = true;
    this.loadingOlder = false;
    this.host.requestUpdate();
    try {
      const page = await agent.conversations.messages(conversationId, { limit: this.pageSize });
      if (generation !== this.generation) return;
      // Realtime messages that arrived while the page was on its way are merged, not lost.
      this.messages = merge(page.messages, this.messages);
      this.nextCursor = page.nextCursor;
      this.lastChange = 'open';
    } catch (error) {
      if (generation !== this.generation) return;
      this.fail(error, 'conversations.messages');
    } finally {
      if (generation === this.generation) {
        this.loading = false;
        this.host.requestUpdate();
      }
    }
  }

  close(): void {
    this.generation++;
    this.conversationId = null;
    this.messages = [];
    this.nextCursor = null;
    this.loading = false;
    this.loadingOlder = false;
    this.error = null;
    this.host.requestUpdate();
  }

  async loadOlder(agent: RingnityAgent): Promise<void> {
    const conversationId = this.conversationId;
    if (!conversationId || !this.nextCursor || this.loadingOlder || this.loading) return;
    const generation = this.generation;
    this.loadingOlder = true;
    this.host.requestUpdate();
    try {
      const page = await agent.conversations.messages(conversationId, { cursor: this.nextCursor, limit: this.pageSize });
      if (generation !== this.generation) return;
      this.messages = merge(page.messages, this.messages);
      this.nextCursor = page.nextCursor;
      this.lastChange = 'prepend';
    } catch (error) {
      if (generation !== this.generation) return;
      this.fail(error, 'conversations.messages');
    } finally {
      if (generation === this.generation) {
        this.loadingOlder = false;
        this.host.requestUpdate();
      }
    }
  }

  /** Reloads what is shown, e.g. after someone else removed an attachment. */
  async refresh(agent: RingnityAgent): Promise<void> {
    const conversationId = this.conversationId;
    if (!conversationId) return;
    const generation = this.generation;
    try {
      const page = await agent.conversations.messages(conversationId, { limit: Math.min(100, Math.max(this.pageSize, this.messages.length)) });
      if (generation !== this.generation) return;
      this.messages = merge(this.messages, page.messages);
      this.lastChange = 'replace';
      this.host.requestUpdate();
    } catch (error) {
      if (generation === this.generation) this.fail(error, 'conversations.messages');
    }
  }

  /** A realtime message. Answers true when it joined the open thread. */
  receive(message: Message): boolean {
    if (message.clientMessageId) this.settle(message.conversationId, message.clientMessageId);
    if (message.conversationId !== this.conversationId) return false;
    const before = this.messages.length;
    this.messages = merge(this.messages, [message]);
    if (this.messages.length === before) return false;
    this.lastChange = 'append';
    this.host.requestUpdate();
    return true;
  }

  applyTombstone(messageId: string, tombstone: Tombstone): void {
    this.messages = this.messages.map((m) => (m.messageId === messageId ? { ...m, body: '', attachments: [], deleted: tombstone } : m));
    this.lastChange = 'replace';
    this.host.requestUpdate();
  }

  outgoingFor(conversationId: string | null): readonly OutgoingMessage[] {
    return conversationId ? this.outgoing.get(conversationId) ?? [] : [];
  }

  /** Shows the message at once as sending, then as sent or failed. */
  send(agent: RingnityAgent, conversationId: string, body: string, note: boolean): Promise<void> {
    const message: OutgoingMessage = {
      clientMessageId: newClientMessageId(),
      conversationId,
      body,
      note,
      state: 'sending',
      error: null,
      createdAt: new Date().toISOString(),
    };
    const list = this.outgoing.get(conversationId) ?? [];
    this.outgoing.set(conversationId, [...list, message]);
    if (conversationId === this.conversationId) this.lastChange = 'append';
    this.host.requestUpdate();
    return this.deliver(agent, message);
  }

  /** Sends a failed message again with the same clientMessageId, so the server never stores it twice. */
  retry(agent: RingnityAgent, clientMessageId: string): Promise<void> {
    const message = this.findOutgoing(clientMessageId);
    if (!message || message.state !== 'failed') return Promise.resolve();
    this.updateOutgoing(message, { state: 'sending', error: null });
    return this.deliver(agent, { ...message, state: 'sending', error: null });
  }

  discard(clientMessageId: string): void {
    const message = this.findOutgoing(clientMessageId);
    if (message) this.settle(message.conversationId, clientMessageId);
  }

  private async deliver(agent: RingnityAgent, message: OutgoingMessage): Promise<void> {
    try {
      const sent = await agent.conversations.reply(message.conversationId, {
        body: message.body,
        note: message.note,
        clientMessageId: message.clientMessageId,
      });
      this.settle(message.conversationId, message.clientMessageId);
      if (sent.conversationId === this.conversationId) {
        this.messages = merge(this.messages, [sent]);
        this.lastChange = 'append';
      }
      this.host.requestUpdate();
      this.callbacks.sent(message.conversationId, sent);
    } catch (error) {
      const current = this.findOutgoing(message.clientMessageId);
      if (!current) return;
      if (!isRingnityError(error)) throw error;
      this.updateOutgoing(current, { state: 'failed', error });
      this.callbacks.failed(error, message.note ? 'conversations.note' : 'conversations.reply');
    }
  }

  private findOutgoing(clientMessageId: string): OutgoingMessage | undefined {
    for (const list of this.outgoing.values()) {
      const found = list.find((m) => m.clientMessageId === clientMessageId);
      if (found) return found;
    }
    return undefined;
  }

  private updateOutgoing(message: OutgoingMessage, patch: Partial<OutgoingMessage>): void {
    const list = this.outgoing.get(message.conversationId) ?? [];
    this.outgoing.set(
      message.conversationId,
      list.map((m) => (m.clientMessageId === message.clientMessageId ? { ...m, ...patch } : m)),
    );
    this.host.requestUpdate();
  }

  /** The server has the message (or the agent gave up on it): it stops being outgoing. */
  private settle(conversationId: string, clientMessageId: string): void {
    const list = this.outgoing.get(conversationId);
    if (!list?.some((m) => m.clientMessageId === clientMessageId)) return;
    const rest = list.filter((m) => m.clientMessageId !== clientMessageId);
    if (rest.length) this.outgoing.set(conversationId, rest);
    else this.outgoing.delete(conversationId);
    this.host.requestUpdate();
  }

  private fail(error: unknown, action: string): void {
    if (!isRingnityError(error)) throw error;
    this.error = error;
    this.callbacks.failed(error, action);
  }
}

/** Union by messageId, the later copy winning, in server order (time, then id). */
function merge(a: readonly Message[], b: readonly Message[]): Message[] {
  const byId = new Map<string, Message>();
  for (const m of a) byId.set(m.messageId, m);
  for (const m of b) byId.set(m.messageId, m);
  const all = [...byId.values()];
  // Already in order in the common case (a page, then newer messages): skip the sort.
  for (let i = 1; i < all.length; i++) {
    if (all[i - 1]!.createdAt > all[i]!.createdAt) return all.sort((x, y) => (x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : 0));
  }
  return all;
}
