import type { Conversation, ConversationPage, ConversationStatus, Message, MessagePage, RealtimeData, RealtimeEnvelope, TypingActor } from '../protocol/index.js';
import { FIRST_PAGE_LIMIT, FirstListPage } from './first-page.js';
import type { Unsubscribe } from './emitter.js';
import { isRingnityError } from './errors.js';
import { backoffDelay, type Lifecycle } from './lifecycle.js';
import type { RealtimeSync } from './realtime.js';
import type { RestClient } from './rest.js';
import type { AgentTransport } from './transport.js';
import { ConversationListStore, type LiveListOptions } from './stores/conversation-list.js';
import { ThreadStore, type ThreadApi } from './stores/thread.js';

export interface ConversationListOptions {
  /** Defaults to `open` on the server. */
  status?: ConversationStatus | 'all';
  departmentId?: string;
  cursor?: string;
  limit?: number;
  /** Aborts the request; it then rejects with ABORTED. */
  signal?: AbortSignal;
}

export interface MessageListOptions {
  cursor?: string;
  limit?: number;
  /** Aborts the request; it then rejects with ABORTED. */
  signal?: AbortSignal;
}

export interface ReplyOptions {
  body: string;
  /** An internal note: agents see it, the customer never does. */
  note?: boolean;
  /** Makes the reply idempotent; generated when absent. */
  clientMessageId?: string;
}

export type ConversationUpdate = RealtimeData['conversation.updated'];

export interface TypingChange {
  conversationId: string;
  by: TypingActor;
  isTyping: boolean;
}

/** Network failures while the socket says we are online: past this many, the reply gives up. */
const MAX_REPLY_FAILURES_WHILE_ONLINE = 5;
const REPLY_RETRY_BASE_MS = 500;
const REPLY_RETRY_MAX_MS = 10_000;
/** Conversations whose customer id we remember for typing; old ones are forgotten first. */
const CUSTOMER_CACHE_SIZE = 500;
/**
 * While the agent keeps typing, a start goes out at most this often. Repeating it now and then
 * lets a receiver that joined late (or lost a packet) still see it; more often is only noise.
 */
export const TYPING_START_EVERY_MS = 4_000;

/** `agent.conversations`: the inbox, threads, replies and conversation actions. */
export class ConversationsApi {
  private readonly customerIds = new Map<string, string>();
  /** Thread stores still in use, by conversation; see `thread`. */
  private readonly threads = new Map<string, ThreadStore>();
  /** When a typing start last went out, per conversation, until the matching stop. */
  private readonly typingSince = new Map<string, number>();
  private firstPage: FirstListPage | null = null;

  constructor(
    private readonly rest: RestClient,
    private readonly socket: AgentTransport,
    private readonly realtime: RealtimeSync,
    private readonly lifecycle: Lifecycle,
    private readonly agentId: string,
  ) {
    realtime.on('conversation.updated', ({ conversation }) => this.remember(conversation));
  }

  /**
   * A live list: `subscribe` starts it (first page, then realtime updates), the last unsubscribe
   * stops it. Build one per view and keep it; see "Build your own UI" in the README.
   */
  live(options: LiveListOptions = {}): ConversationListStore {
    const store: ConversationListStore = new ConversationListStore(
      this.realtime,
      async (query) => {
        const taking = this.firstPage?.take(query);
        const early = taking && (await taking);
        if (!early) return this.list(query);
        for (const conversation of early.page.conversations) this.remember(conversation);
        // Newer than the page: they were read after it.
        for (const { conversation, visible } of early.changes) store.receive(conversation, visible);
        return early.page;
      },
      options,
    );
    return store;
  }

  /** Fetches the first list page while the socket connects (RingnityAgent.create calls it); see FirstListPage. */
  prefetchFirstPage(): void {
    try {
      this.rest.assertAllowed('listConversations');
    } catch {
      return;
    }
    this.firstPage = new FirstListPage(() => this.rest.call('listConversations', { query: { status: 'open', limit: FIRST_PAGE_LIMIT } }), this.realtime, this.lifecycle);
  }

  /**
   * One conversation's messages, sends, typing and read marks, live; see `ThreadStore`. While a
   * conversation's store has listeners or sends outstanding, asking again answers that same store
   * (the options then change nothing), so a send survives its view going away and coming back.
   */
  thread(conversationId: string, options: { pageSize?: number; conversation?: Conversation } = {}): ThreadStore {
    for (const [id, kept] of this.threads) {
      if (kept.active || kept.getSnapshot().pending.length) {
        if (id === conversationId) return kept;
      } else this.threads.delete(id);
    }
    const api: ThreadApi = {
      get: (id, o) => this.get(id, o),
      messages: (id, o) => this.messages(id, o),
      reply: (id, o) => this.reply(id, o),
      markRead: (id, messageId) => this.markRead(id, messageId),
      typing: (id, isTyping) => this.typing(id, isTyping),
      newClientMessageId,
    };
    const store = new ThreadStore(this.realtime, api, this.agentId, conversationId, options.pageSize, options.conversation ?? null);
    this.threads.set(conversationId, store);
    return store;
  }

  async list(options: ConversationListOptions = {}): Promise<ConversationPage> {
    const page = await this.rest.call('listConversations', {
      query: { status: options.status, departmentId: options.departmentId, cursor: options.cursor, limit: options.limit },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    for (const conversation of page.conversations) this.remember(conversation);
    return page;
  }

  async get(conversationId: string, options: { signal?: AbortSignal } = {}): Promise<Conversation> {
    const conversation = await this.rest.call('getConversation', { params: { conversationId }, ...(options.signal ? { signal: options.signal } : {}) });
    this.remember(conversation);
    return conversation;
  }

  /** The thread, oldest first; `nextCursor` pages to older messages. */
  messages(conversationId: string, options: MessageListOptions = {}): Promise<MessagePage> {
    return this.rest.call('listMessages', {
      params: { conversationId },
      query: { cursor: options.cursor, limit: options.limit },
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /**
   * Sends a reply or a note. The server stores one message per clientMessageId, so the reply can
   * safely be retried: while offline it waits for the connection to come back, and a request that
   * failed in transit (stored or not) is sent again with the same id.
   */
  async reply(conversationId: string, options: ReplyOptions): Promise<Message> {
    this.rest.assertAllowed('reply');
    const body = {
      body: options.body,
      ...(options.note === undefined ? {} : { note: options.note }),
      clientMessageId: options.clientMessageId ?? newClientMessageId(),
    };
    let failures = 0;
    let failuresWhileOnline = 0;
    for (;;) {
      await this.socket.whenConnected();
      try {
        return await this.rest.call('reply', { params: { conversationId }, body });
      } catch (error) {
        if (!isRingnityError(error, 'NETWORK_ERROR')) throw error;
        // Failures while we look online may be something the network will not fix (a proxy, CORS):
        // those are bounded so the caller eventually hears about them.
        if (this.looksOnline() && ++failuresWhileOnline >= MAX_REPLY_FAILURES_WHILE_ONLINE) throw error;
        await this.lifecycle.sleep(backoffDelay(failures++, REPLY_RETRY_BASE_MS, REPLY_RETRY_MAX_MS));
      }
    }
  }

  /** Marks messages up to and including `messageId` as read by this agent. */
  markRead(conversationId: string, messageId: string): Promise<Conversation> {
    return this.rest.call('markRead', { params: { conversationId }, body: { messageId } });
  }

  accept(conversationId: string, options: { reason?: string } = {}): Promise<Conversation> {
    return this.rest.call('accept', {
      params: { conversationId },
      body: options.reason === undefined ? {} : { reason: options.reason },
    });
  }

  assign(conversationId: string, options: { assignedAgentId: string; reason: string }): Promise<Conversation> {
    return this.rest.call('assign', {
      params: { conversationId },
      body: { assignedAgentId: options?.assignedAgentId, reason: options?.reason },
    });
  }

  transfer(conversationId: string, options: { departmentId: string; reason: string }): Promise<Conversation> {
    return this.rest.call('transfer', {
      params: { conversationId },
      body: { departmentId: options?.departmentId, reason: options?.reason },
    });
  }

  close(conversationId: string, options: { reason: string }): Promise<Conversation> {
    return this.rest.call('close', { params: { conversationId }, body: { reason: options?.reason } });
  }

  /**
   * Tells the customer this agent is (or stopped) typing. Sent only while connected: a typing
   * signal delivered late would be wrong, so it is dropped rather than queued.
   */
  async typing(conversationId: string, isTyping: boolean): Promise<void> {
    // Typing is part of writing to the customer, so it needs what a reply needs.
    this.rest.assertAllowed('reply');
    // Call it on every keystroke: only a first start, a start every few seconds and a stop after a start are sent.
    const since = this.typingSince.get(conversationId);
    if (isTyping ? since !== undefined && Date.now() - since < TYPING_START_EVERY_MS : since === undefined) return;
    if (isTyping) this.typingSince.set(conversationId, Date.now());
    else this.typingSince.delete(conversationId);
    if (this.typingSince.size > CUSTOMER_CACHE_SIZE) this.typingSince.delete(this.typingSince.keys().next().value!);
    try {
      const visitorId = this.customerIds.get(conversationId) ?? (await this.get(conversationId)).customer.id;
      // Not sent (offline): the next call tries again instead of waiting out the interval.
      if (!this.socket.sendTyping({ chatId: conversationId, visitorId, typing: { is: isTyping } }) && isTyping) this.typingSince.delete(conversationId);
    } catch (error) {
      if (isTyping) this.typingSince.delete(conversationId);
      throw error;
    }
  }

  onMessage(listener: (message: Message, envelope: RealtimeEnvelope<'chat.message.created'>) => void): Unsubscribe {
    return this.realtime.on('chat.message.created', (data, envelope) => listener(data.message, envelope));
  }

  onTyping(listener: (typing: TypingChange) => void): Unsubscribe {
    const offStarted = this.realtime.on('chat.typing.started', ({ conversationId, by }) => listener({ conversationId, by, isTyping: true }));
    const offStopped = this.realtime.on('chat.typing.stopped', ({ conversationId, by }) => listener({ conversationId, by, isTyping: false }));
    return () => {
      offStarted();
      offStopped();
    };
  }

  /**
   * Every change to a conversation this agent sees. `update.visible` is false when the change took
   * it out of this agent's sight (transferred away, assigned to someone else): drop it from lists.
   */
  onUpdate(listener: (update: ConversationUpdate, envelope: RealtimeEnvelope<'conversation.updated'>) => void): Unsubscribe {
    return this.realtime.on('conversation.updated', listener);
  }

  private looksOnline(): boolean {
    return this.socket.state === 'connected' && (typeof navigator === 'undefined' || navigator.onLine !== false);
  }

  private remember(conversation: Conversation): void {
    this.customerIds.delete(conversation.conversationId);
    this.customerIds.set(conversation.conversationId, conversation.customer.id);
    if (this.customerIds.size > CUSTOMER_CACHE_SIZE) {
      const oldest = this.customerIds.keys().next().value;
      if (oldest !== undefined) this.customerIds.delete(oldest);
    }
  }
}

/** An id the server accepts ([A-Za-z0-9_-]); random enough that two tabs never collide. */
function newClientMessageId(): string {
  const cryptoApi = globalThis.crypto;
  // randomUUID needs a secure context; getRandomValues also works on plain-http intranet pages.
  if (typeof cryptoApi.randomUUID === 'function') return cryptoApi.randomUUID();
  const bytes = cryptoApi.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
