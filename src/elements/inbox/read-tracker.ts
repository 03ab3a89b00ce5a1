import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How much of a message must be on screen to count as seen. */
const SEEN_RATIO = 0.6;
/** Scrolling past many messages marks once, not once per message. */
const MARK_DELAY_MS = 300;

/**
 * Reports the newest message the agent has actually seen: on screen in the thread, in a tab
 * that is visible. Messages carry `data-message-id` and `data-order` (sortable: later messages
 * compare greater), which stays right when older messages are prepended.
 */
export class ReadTracker implements ReactiveController {
  private observer: IntersectionObserver | null = null;
  private root: Element | null = null;
  private readonly onScreen = new Map<Element, string>();
  /** An IntersectionObserver keeps every element it watches alive: those the thread dropped go. */
  private readonly watched = new Set<Element>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onVisibility = () => this.schedule();

  constructor(
    host: ReactiveControllerHost,
    private readonly seen: (messageId: string, order: string) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.disconnect();
  }

  /** Watches these message elements inside `root`; call after every render of the thread. */
  watch(root: Element | null, elements: Iterable<Element>): void {
    if (root !== this.root) {
      this.disconnect();
      this.root = root;
      if (root) this.observer = new IntersectionObserver((entries) => this.onEntries(entries), { root, threshold: SEEN_RATIO });
    }
    if (!this.observer) return;
    const current = new Set(elements);
    for (const element of this.watched) {
      if (current.has(element)) continue;
      this.observer.unobserve(element);
      this.watched.delete(element);
      this.onScreen.delete(element);
    }
    for (const element of current) {
      if (this.watched.has(element)) continue;
      this.observer.observe(element);
      this.watched.add(element);
    }
  }

  /** Reports again what is on screen now, e.g. when the unread count rose after a message was seen. */
  recheck(): void {
    this.schedule();
  }

  private onEntries(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      const order = (entry.target as HTMLElement).dataset.order ?? '';
      if (entry.isIntersecting && entry.intersectionRatio >= SEEN_RATIO) this.onScreen.set(entry.target, order);
      else this.onScreen.delete(entry.target);
    }
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.report(), MARK_DELAY_MS);
  }

  private report(): void {
    if (document.visibilityState !== 'visible') return;
    let newest: { element: Element; order: string } | null = null;
    for (const [element, order] of this.onScreen) {
      if (!element.isConnected) {
        this.onScreen.delete(element);
        continue;
      }
      if (!newest || order > newest.order) newest = { element, order };
    }
    const messageId = (newest?.element as HTMLElement | undefined)?.dataset.messageId;
    if (newest && messageId) this.seen(messageId, newest.order);
  }

  private disconnect(): void {
    clearTimeout(this.timer);
    this.observer?.disconnect();
    this.observer = null;
    this.root = null;
    this.onScreen.clear();
    this.watched.clear();
  }
}
