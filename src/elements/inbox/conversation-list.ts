import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isRingnityError, type Conversation, type RingnityAgent, type RingnityError } from '../../index.js';
import { byActivity } from './format.js';

export interface ListFilter {
  status: 'open' | 'closed';
  departmentId: string | null;
}

/** Live updates are folded into the list at most this often: often enough to feel instant. */
const FLUSH_INTERVAL_MS = 120;
/** A hidden tab runs no animation frames; its list still catches up this often. */
const HIDDEN_FLUSH_MS = 1_000;

/**
 * The conversation list of one view: pages loaded on demand and live updates folded in.
 * Updates are batched (one frame after they arrive, then at most every FLUSH_INTERVAL_MS), so a
 * burst of hundreds of messages costs a few passes over the list and a few renders, not one each.
 */
export class ConversationListController implements ReactiveController {
  /** Sorted newest activity first. Replaced (never mutated) on change, so renders see a new array. */
  items: readonly Conversation[] = [];
  nextCursor: string | null = null;
  loading = false;
  /** The first page has arrived. */
  loaded = false;
  error: RingnityError | null = null;

  private filter: ListFilter = { status: 'open', departmentId: null };
  private generation = 0;
  private readonly pending = new Map<string, { conversation: Conversation; visible: boolean }>();
  private frame = 0;
  private delayTimer: ReturnType<typeof setTimeout> | undefined;
  private fallbackTimer: ReturnType<typeof setTimeout> | undefined;
  private lastFlush = -Infinity;

  /** Conversations per page request. */
  pageSize = 50;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.cancelFlush();
  }

  get currentFilter(): ListFilter {
    return this.filter;
  }

  /** Starts the view over with its first page. */
  async reset(agent: RingnityAgent, filter: ListFilter): Promise<void> {
    this.forget();
    this.filter = filter;
    await this.loadMore(agent);
  }

  /** Empties the list without loading, e.g. when the agent went away. */
  clear(): void {
    this.forget();
    this.host.requestUpdate();
  }

  /** Drops everything loaded; the new generation makes answers still in flight land nowhere. */
  private forget(): void {
    this.generation++;
    this.items = [];
    this.nextCursor = null;
    this.loaded = false;
    this.loading = false;
    this.error = null;
    this.pending.clear();
    this.cancelFlush();
  }

  get hasMore(): boolean {
    return !this.loaded || this.nextCursor !== null;
  }

  /** Fetches the next page, if there is one and none is on its way. */
  async loadMore(agent: RingnityAgent): Promise<void> {
    if (this.loading || !this.hasMore) return;
    const generation = this.generation;
    this.loading = true;
    this.error = null;
    this.host.requestUpdate();
    try {
      const page = await agent.conversations.list({
        status: this.filter.status,
        ...(this.filter.departmentId ? { departmentId: this.filter.departmentId } : {}),
        ...(this.nextCursor ? { cursor: this.nextCursor } : {}),
        limit: this.pageSize,
      });
      if (generation !== this.generation) return;
      // A live update may already have brought a newer copy of a conversation on this page.
      const known = new Set(this.items.map((c) => c.conversationId));
      const fresh = page.conversations.filter((c) => !known.has(c.conversationId));
      this.items = this.items.concat(fresh);
      this.nextCursor = page.nextCursor;
      this.loaded = true;
    } catch (error) {
      if (generation !== this.generation) return;
      if (!isRingnityError(error)) throw error;
      this.error = error;
      throw error;
    } finally {
      if (generation === this.generation) {
        this.loading = false;
        this.host.requestUpdate();
      }
    }
  }

  /** A conversation changed (realtime or an answer to our own action). `visible: false` removes it. */
  receive(conversation: Conversation, visible = true): void {
    this.pending.set(conversation.conversationId, { conversation, visible });
    this.scheduleFlush();
  }

  get(conversationId: string): Conversation | undefined {
    return this.pending.get(conversationId)?.conversation ?? this.items.find((c) => c.conversationId === conversationId);
  }

  private matches(c: Conversation): boolean {
    return c.status === this.filter.status && (this.filter.departmentId === null || c.departmentId === this.filter.departmentId);
  }

  private scheduleFlush(): void {
    if (this.frame || this.delayTimer !== undefined) return;
    const wait = this.lastFlush + FLUSH_INTERVAL_MS - performance.now();
    const inFrame = () => {
      this.delayTimer = undefined;
      this.frame = requestAnimationFrame(() => this.flush());
    };
    if (wait > 0) this.delayTimer = setTimeout(inFrame, wait);
    else inFrame();
    this.fallbackTimer ??= setTimeout(() => this.flush(), HIDDEN_FLUSH_MS);
  }

  private cancelFlush(): void {
    cancelAnimationFrame(this.frame);
    clearTimeout(this.delayTimer);
    clearTimeout(this.fallbackTimer);
    this.frame = 0;
    this.delayTimer = undefined;
    this.fallbackTimer = undefined;
  }

  private flush(): void {
    this.cancelFlush();
    this.lastFlush = performance.now();
    if (this.pending.size === 0) return;
    const changes = [...this.pending.values()];
    this.pending.clear();
    const changed = new Set(changes.map((c) => c.conversation.conversationId));
    const kept = this.items.filter((c) => !changed.has(c.conversationId));
    const lastKept = kept.at(-1);
    const incoming = changes
      .filter(({ conversation, visible }) => visible && this.matches(conversation))
      .map(({ conversation }) => conversation)
      // Past the last loaded row it belongs to a page not fetched yet: paging will bring it.
      .filter((c) => !this.hasMore || !lastKept || byActivity(c, lastKept) < 0)
      .sort(byActivity);
    this.items = mergeSorted(kept, incoming);
    this.host.requestUpdate();
  }
}

/** Merges two lists sorted by activity in one pass. */
function mergeSorted(a: readonly Conversation[], b: readonly Conversation[]): Conversation[] {
  if (b.length === 0) return a.slice();
  const out: Conversation[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = byActivity(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}
