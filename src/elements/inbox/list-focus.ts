import type { ReactiveControllerHost } from 'lit';
import type { RowRange } from './virtual-list.js';

/** How far PageUp and PageDown move. */
const PAGE_KEY_ROWS = 10;
/** The keys that move the active row by an offset; Home and End go to the ends. */
const KEY_OFFSETS: Readonly<Record<string, number>> = { ArrowDown: 1, ArrowUp: -1, PageDown: PAGE_KEY_ROWS, PageUp: -PAGE_KEY_ROWS };

export interface ListFocusOptions {
  /** How many rows the list has now. */
  count(): number;
  /** Enter or Space on the active row. */
  activate(index: number): void;
  /** Brings a row into view (scrolling, loading more) before it takes focus. */
  reveal(index: number): void;
}

/**
 * Keyboard access to a virtualized listbox, with a roving tabindex: one row is reachable with
 * Tab, the arrow keys, Home, End, PageUp and PageDown move between rows, and Enter or Space opens
 * one. Only rendered rows exist in the DOM, so the row to focus is brought into view first and
 * focused once it has been rendered. It follows no lifecycle of its own; it asks the host to
 * update when the tabbable row changes.
 */
export class ListFocusController {
  private active = 0;
  private rendered = { first: 0, last: -1 };

  constructor(
    private readonly host: ReactiveControllerHost & { readonly renderRoot: ParentNode },
    private readonly options: ListFocusOptions,
  ) {}

  /** The row the keys move from: the one last focused, clicked or moved to. */
  get activeIndex(): number {
    return this.active;
  }

  set activeIndex(index: number) {
    if (index === this.active) return;
    this.active = index;
    this.host.requestUpdate();
  }

  /**
   * Tell it which rows the list is rendering, while it renders them: the tabbable row follows
   * in the same update. (Reported after the update, it would need a second one.)
   */
  renderedRange({ first, end }: RowRange): void {
    this.rendered = { first, last: end - 1 };
  }

  /** The one row reachable with Tab: the active one if rendered, else the nearest rendered. */
  tabbableIndex(): number {
    const { first, last } = this.rendered;
    if (last < first) return this.active;
    return Math.min(Math.max(this.active, first), last);
  }

  readonly onKeydown = (event: KeyboardEvent): void => {
    const count = this.options.count();
    if (count === 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      if (this.active < count) this.options.activate(this.active);
      return;
    }
    const next = targetRow(event.key, this.active, count);
    if (next === null) return;
    event.preventDefault();
    void this.focusRow(next);
  };

  private async focusRow(index: number): Promise<void> {
    this.activeIndex = index;
    this.options.reveal(index);
    // The row exists once the list has rendered the range around it.
    for (let attempt = 0; attempt < 5; attempt++) {
      await this.host.updateComplete;
      const row = this.host.renderRoot.querySelector<HTMLElement>(`[data-index="${index}"]`);
      if (row) return row.focus({ preventScroll: true });
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  }
}

/** Where a navigation key moves from row `current` of `count`, or null for any other key. */
function targetRow(key: string, current: number, count: number): number | null {
  let next: number;
  if (key === 'Home') next = 0;
  else if (key === 'End') next = count - 1;
  else if (Object.hasOwn(KEY_OFFSETS, key)) next = current + KEY_OFFSETS[key]!;
  else return null;
  return Math.min(Math.max(next, 0), count - 1);
}
