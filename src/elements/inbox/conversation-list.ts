import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Conversation, ConversationListSnapshot, ConversationListStore, RingnityAgent, RingnityError } from '../../index.js';

export interface ListFilter {
  status: 'open' | 'closed';
  departmentId: string | null;
}

/**
 * The conversation list of one view, rendered from the SDK's live list
 * (`agent.conversations.live`): one store per filter, replaced when the filter changes.
 */
export class ConversationListController implements ReactiveController {
  private filter: ListFilter = { status: 'open', departmentId: null };
  private store: ConversationListStore | null = null;
  private off: (() => void) | null = null;
  private waiting: { resolve: () => void; reject: (error: RingnityError) => void } | null = null;

  /** Conversations per page request. */
  pageSize = 50;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {}

  private get snapshot(): ConversationListSnapshot | null {
    return this.store?.getSnapshot() ?? null;
  }

  /** Sorted newest activity first. Replaced (never mutated) on change, so renders see a new array. */
  get items(): readonly Conversation[] {
    return this.snapshot?.conversations ?? [];
  }

  get loading(): boolean {
    const s = this.snapshot;
    return s !== null && (s.status === 'loading' || s.loadingMore);
  }

  /** The first page has arrived. */
  get loaded(): boolean {
    const s = this.snapshot;
    return s !== null && (s.status === 'ready' || (s.status === 'error' && s.conversations.length > 0));
  }

  get error(): RingnityError | null {
    return this.snapshot?.error ?? null;
  }

  get hasMore(): boolean {
    return this.snapshot?.hasMore ?? true;
  }

  /** Null once every page is loaded. */
  get nextCursor(): boolean | null {
    return this.loaded && this.hasMore ? true : null;
  }

  get currentFilter(): ListFilter {
    return this.filter;
  }

  /** Starts the view over with its first page; rejects with the error the list shows. */
  reset(agent: RingnityAgent, filter: ListFilter): Promise<void> {
    this.clear();
    this.filter = filter;
    const store = agent.conversations.live({ status: filter.status, departmentId: filter.departmentId, pageSize: this.pageSize });
    this.store = store;
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.off = store.subscribe((s) => {
        this.settle(s);
        this.host.requestUpdate();
      });
    });
  }

  /** Empties the list without loading, e.g. when the agent went away. */
  clear(): void {
    this.off?.();
    this.off = null;
    this.store = null;
    this.waiting?.resolve();
    this.waiting = null;
    this.host.requestUpdate();
  }

  /** Fetches the next page, if there is one and none is on its way. */
  async loadMore(_agent?: RingnityAgent): Promise<void> {
    const store = this.store;
    if (!store) return;
    const before = store.getSnapshot().error;
    await store.loadMore();
    const error = store.getSnapshot().error;
    if (error && error !== before) throw error;
  }

  /** A conversation changed (an answer to our own action, before its event). `visible: false` removes it. */
  receive(conversation: Conversation, visible = true): void {
    this.store?.receive(conversation, visible);
  }

  get(conversationId: string): Conversation | undefined {
    return this.store?.get(conversationId);
  }

  /** Answers the caller of `reset` once the first page arrived, or failed. */
  private settle(s: ConversationListSnapshot): void {
    const waiting = this.waiting;
    if (!waiting || (s.status !== 'ready' && s.status !== 'error')) return;
    this.waiting = null;
    if (s.error) waiting.reject(s.error);
    else waiting.resolve();
  }
}
