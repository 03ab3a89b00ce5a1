import type { Conversation, ConversationPage } from '../protocol/index.js';
import type { Unsubscribe } from './emitter.js';
import type { Lifecycle } from './lifecycle.js';
import type { RealtimeSync } from './realtime.js';

/** The first page an inbox asks for: open conversations, every department, the default size. */
export const FIRST_PAGE_LIMIT = 50;
/** A page nobody asked for within this long is let go, with the changes kept for it. */
const KEEP_MS = 30_000;

interface Change {
  conversation: Conversation;
  visible: boolean;
  seq: number;
}

/**
 * The first list page, fetched while the socket connects rather than after it: on a slow network
 * that saves the socket's round trips before the first rows. The page carries the realtime
 * position it was read at; the stream is primed with it, so the socket's first connect catches up
 * from there, and the changes that arrive before a live list takes the page are kept for it. A
 * page the stream had already passed (the socket won the race) is dropped, and the list fetches
 * its own as before.
 */
export class FirstListPage {
  private readonly changes = new Map<string, Change>();
  private readonly page: Promise<ConversationPage | null>;
  private off: Unsubscribe | null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(fetchPage: () => Promise<ConversationPage>, realtime: RealtimeSync, lifecycle: Lifecycle) {
    this.off = realtime.on('conversation.updated', ({ conversation, visible }, envelope) =>
      this.changes.set(conversation.conversationId, { conversation, visible, seq: envelope.seq }),
    );
    this.page = fetchPage().then(
      async (page) => (page.lastSeq !== undefined && page.streamId !== undefined && (await realtime.prime(page.lastSeq, page.streamId)) ? page : null),
      () => null,
    );
    void this.page.then((page) => {
      if (!page) this.drop();
      else if (this.off) this.timer = setTimeout(() => this.drop(), KEEP_MS);
    });
    lifecycle.onDestroy(() => this.drop());
  }

  /**
   * For the first live list asking exactly this query: the page and the changes since it was read
   * (null when the page could not be used). Null at once for any other query, or once taken, so
   * that such a list sends its own request without delay.
   */
  take(query: { status?: string; departmentId?: string; cursor?: string; limit: number }): Promise<{ page: ConversationPage; changes: Change[] } | null> | null {
    const first = query.status === 'open' && !query.departmentId && !query.cursor && query.limit === FIRST_PAGE_LIMIT;
    if (!first || !this.waiting) return null;
    return this.page.then((page) => {
      // Another list may have taken it meanwhile, or it may have been let go.
      const usable = page !== null && this.waiting;
      const changes = usable ? [...this.changes.values()].filter((change) => change.seq > page.lastSeq!) : [];
      this.drop();
      return usable ? { page, changes } : null;
    });
  }

  private get waiting(): boolean {
    return this.off !== null;
  }

  private drop(): void {
    clearTimeout(this.timer);
    this.off?.();
    this.off = null;
    this.changes.clear();
  }
}
