import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Rows rendered beyond each edge of the view, so a fast scroll does not show blank space first. */
const OVERSCAN_ROWS = 4;
const DEFAULT_ROW_HEIGHT = 76;

export interface RowRange {
  /** First rendered row. */
  first: number;
  /** One past the last rendered row. */
  end: number;
}

/**
 * Windowing for a list whose rows all have one height (the inbox rows do, by design): only the
 * rows in view, plus a few, are in the DOM, placed by arithmetic. Nothing is measured per row, so
 * a list of 10,000 costs the same to render as a list of 20, and a burst of updates never waits
 * on layout. The row height is read once from a rendered row, so CSS stays in charge of it.
 */
export class VirtualListController implements ReactiveController {
  rowHeight = DEFAULT_ROW_HEIGHT;
  private scroller: HTMLElement | null = null;
  private viewportHeight = 0;
  private scrollTop = 0;
  private frame = 0;
  private rendered: RowRange = { first: 0, end: 0 };
  private measured = false;
  private readonly resizeObserver = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => this.onViewportChange());
  private readonly onScroll = () => {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.onViewportChange();
    });
  };

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Called after a render with the rows now in the DOM. */
    private readonly rangeChanged: (range: RowRange) => void,
  ) {
    host.addController(this);
  }

  /** Back in the page (moved, or re-added): the next render finds the scroller again. */
  hostConnected(): void {
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.attach(null);
  }

  /** Call from the host's `updated()` with the element that scrolls (null when none is rendered). */
  attach(next: HTMLElement | null): void {
    if (next === this.scroller) return;
    if (this.scroller) {
      this.scroller.removeEventListener('scroll', this.onScroll);
      this.resizeObserver?.unobserve(this.scroller);
    }
    this.scroller = next;
    this.measured = false;
    if (next) {
      next.addEventListener('scroll', this.onScroll, { passive: true });
      this.resizeObserver?.observe(next);
      this.viewportHeight = next.clientHeight;
      this.scrollTop = next.scrollTop;
    }
  }

  /** Which rows to render for a list of `count`. */
  range(count: number): RowRange {
    const height = this.rowHeight;
    const visible = Math.ceil((this.viewportHeight || height * 10) / height);
    const first = Math.max(0, Math.min(Math.floor(this.scrollTop / height), count - 1) - OVERSCAN_ROWS);
    const end = Math.min(count, Math.floor(this.scrollTop / height) + visible + 1 + OVERSCAN_ROWS);
    return { first: Math.max(0, first), end: Math.max(first, end) };
  }

  /** Call from the host's `updated()`: learns the row height and reports the rendered range. */
  afterRender(range: RowRange, sampleRow: () => HTMLElement | null): void {
    const row = this.measured ? null : sampleRow();
    if (row) {
      this.measured = true;
      const height = row.getBoundingClientRect().height;
      if (height > 0 && Math.abs(height - this.rowHeight) > 0.5) {
        this.rowHeight = height;
        // Measured after an update: lay the rows out again once it is done.
        void this.host.updateComplete.then(() => this.host.requestUpdate());
      }
    }
    if (range.first !== this.rendered.first || range.end !== this.rendered.end) {
      this.rendered = range;
      this.rangeChanged(range);
    }
  }

  /** Back to the first row, e.g. for a new view. */
  scrollToTop(): void {
    if (this.scroller) this.scroller.scrollTop = 0;
    this.scrollTop = 0;
  }

  /** Scrolls the least needed to bring a row fully into view. */
  scrollToIndex(index: number): void {
    const scroller = this.scroller;
    if (!scroller) return;
    const top = index * this.rowHeight;
    const bottom = top + this.rowHeight;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (bottom > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = bottom - scroller.clientHeight;
    this.onViewportChange();
  }

  private onViewportChange(): void {
    const scroller = this.scroller;
    if (!scroller) return;
    const before = this.range(Number.MAX_SAFE_INTEGER);
    this.viewportHeight = scroller.clientHeight;
    this.scrollTop = scroller.scrollTop;
    const after = this.range(Number.MAX_SAFE_INTEGER);
    if (before.first !== after.first || before.end !== after.end) this.host.requestUpdate();
  }
}
