import { byActivity, type Conversation, type ConversationPage, type ConversationStatus } from '../../protocol/index.js';
import type { RingnityError } from '../errors.js';
import { isRingnityError } from '../errors.js';
import type { LiveSource } from './live-source.js';
import { Store, isAbort } from './store.js';

export interface LiveListOptions {
  /** `open` by default; `all` keeps open and closed conversations. */
  status?: ConversationStatus | 'all';
  /** Only this department's conversations. */
  departmentId?: string | null;
  /** Conversations per page request. Default 50. */
  pageSize?: number;
}

export interface ConversationListSnapshot {
  /** Newest activity first, as the server orders the list. */
  readonly conversations: readonly Conversation[];
  /** `loading` until the first page arrived (again, after a resync); `error` when it could not. */
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  /** More pages wait on the server: `loadMore()` fetches the next. */
  readonly hasMore: boolean;
  readonly loadingMore: boolean;
  readonly error: RingnityError | null;
}

type ListPage = (query: { status?: ConversationStatus | 'all'; departmentId?: string; cursor?: string; limit: number; signal: AbortSignal }) => Promise<ConversationPage>;

/**
 * `agent.conversations.live()`: the conversation list, kept in the server's order as
 * `conversation.updated` events arrive. Rows that change within one task are folded in together.
 * A conversation that sorts past the last loaded row is left to the page that will bring it.
 */
export class ConversationListStore extends Store<ConversationListSnapshot> {
  readonly options: Readonly<Required<Omit<LiveListOptions, 'departmentId'>> & { departmentId: string | null }>;
  private nextCursor: string | null = null;
  private readonly pending = new Map<string, { conversation: Conversation; visible: boolean }>();
  private flushQueued = false;
  private loadingPage: Promise<void> | null = null;

  constructor(
    private readonly source: LiveSource,
    private readonly listPage: ListPage,
    options: LiveListOptions = {},
  ) {
    super({ conversations: Object.freeze([]), status: 'idle', hasMore: true, loadingMore: false, error: null });
    this.options = Object.freeze({ status: options.status ?? 'open', departmentId: options.departmentId ?? null, pageSize: options.pageSize ?? 50 });
  }

  /** The loaded copy of one conversation, if the list holds it. */
  get(conversationId: string): Conversation | undefined {
    return this.pending.get(conversationId)?.conversation ?? this.getSnapshot().conversations.find((c) => c.conversationId === conversationId);
  }

  /** Fetches the next page, if there is one and none is on its way. Rejects only for the caller's own use; the snapshot carries the error. */
  loadMore(): Promise<void> {
    const { hasMore, status } = this.getSnapshot();
    if (!this.active || !hasMore || status === 'error') return Promise.resolve();
    return (this.loadingPage ??= this.fetchPage());
  }

  /** Starts over from the first page, e.g. after an error. */
  reload(): Promise<void> {
    if (!this.active) return Promise.resolve();
    this.abortInFlight();
    this.loadingPage = null;
    this.nextCursor = null;
    this.pending.clear();
    this.update({ conversations: Object.freeze([]), status: 'loading', hasMore: true, loadingMore: false, error: null });
    return this.loadMore();
  }

  /** Folds in a conversation the caller got from an action (accept, close…) before its event comes. */
  receive(conversation: Conversation, visible = true): void {
    if (!this.active) return;
    this.pending.set(conversation.conversationId, { conversation, visible });
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => this.flush());
  }

  protected activate(): () => void {
    const offs = [
      this.source.on('conversation.updated', ({ conversation, visible }) => this.receive(conversation, visible)),
      // Events were lost for good: what the list shows may be stale.
      this.source.onResync(() => void this.reload()),
    ];
    void this.reload();
    return () => {
      for (const off of offs) off();
      this.pending.clear();
      this.loadingPage = null;
      this.update({ status: 'idle', loadingMore: false });
    };
  }

  private async fetchPage(): Promise<void> {
    const signal = this.signal;
    const first = this.getSnapshot().status !== 'ready';
    this.update(first ? { status: 'loading', error: null } : { loadingMore: true, error: null });
    try {
      const { status, departmentId, pageSize } = this.options;
      const page = await this.listPage({
        status,
        ...(departmentId ? { departmentId } : {}),
        ...(this.nextCursor ? { cursor: this.nextCursor } : {}),
        limit: pageSize,
        signal,
      });
      if (signal.aborted) return;
      // Cleared before listeners hear of the page, so that one asking for the next is heard.
      this.loadingPage = null;
      // A live update may already have brought a newer copy of a row on this page.
      const current = this.getSnapshot().conversations;
      const known = new Set(current.map((c) => c.conversationId));
      this.nextCursor = page.nextCursor;
      this.update({
        conversations: Object.freeze(
          mergeSorted(
            current,
            page.conversations.filter((c) => !known.has(c.conversationId) && this.matches(c)),
          ),
        ),
        status: 'ready',
        hasMore: page.nextCursor !== null,
        loadingMore: false,
      });
    } catch (error) {
      if (signal.aborted || isAbort(error)) return;
      this.loadingPage = null;
      if (!isRingnityError(error)) throw error;
      this.update({ status: first ? 'error' : 'ready', loadingMore: false, error });
    }
  }

  private matches(c: Conversation): boolean {
    const { status, departmentId } = this.options;
    return (status === 'all' || c.status === status) && (departmentId === null || c.departmentId === departmentId);
  }

  private flush(): void {
    this.flushQueued = false;
    if (this.pending.size === 0 || !this.active) return;
    const changes = [...this.pending.values()];
    this.pending.clear();
    const { conversations, hasMore } = this.getSnapshot();
    const changed = new Set(changes.map((c) => c.conversation.conversationId));
    const kept = conversations.filter((c) => !changed.has(c.conversationId));
    const lastKept = kept.at(-1);
    const incoming = changes
      .filter(({ conversation, visible }) => visible && this.matches(conversation))
      .map(({ conversation }) => conversation)
      .filter((c) => !hasMore || !lastKept || byActivity(c, lastKept) < 0)
      .sort(byActivity);
    const merged = mergeSorted(kept, incoming);
    if (merged.length === conversations.length && merged.every((c, i) => c === conversations[i])) return;
    this.update({ conversations: Object.freeze(merged) });
  }
}

/** Merges two lists sorted by activity in one pass. */
function mergeSorted(a: readonly Conversation[], b: readonly Conversation[]): Conversation[] {
  const out: Conversation[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(byActivity(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}
