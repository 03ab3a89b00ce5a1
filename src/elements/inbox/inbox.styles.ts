import { css } from 'lit';

/** The frame, the list and the empty thread pane: what the first paint needs. */
export const inboxStyles = css`
  :host {
    display: block;
    height: 100%;
    min-height: 320px;
    --_list-width: var(--ringnity-inbox-list-width, 320px);
    --_row-height: var(--ringnity-inbox-row-height, 76px);
    container-type: inline-size;
  }
  .base {
    display: flex;
    flex-direction: column;
    height: 100%;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  .base > .status-banner {
    margin: var(--_gap);
  }
  .panes {
    flex: 1;
    display: grid;
    grid-template-columns: var(--_list-width) minmax(0, 1fr);
    min-height: 0;
  }
  .list-pane {
    display: flex;
    flex-direction: column;
    min-height: 0;
    border-inline-end: 1px solid var(--_border);
    background: var(--_bg);
  }
  .thread-pane {
    display: flex;
    flex-direction: column;
    min-height: 0;
    min-width: 0;
  }
  .muted {
    color: var(--_muted);
  }

  /* ---- views */
  .views {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_gap);
    padding: var(--_gap);
    border-bottom: 1px solid var(--_border);
  }
  .view-buttons {
    display: inline-flex;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  .view-button {
    border: 0;
    padding: 4px 12px;
    background: var(--_bg);
  }
  .view-button[aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .department select {
    padding: 3px 6px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    max-width: 100%;
  }

  /* ---- list */
  .list {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    overflow-x: hidden;
    contain: strict;
  }
  .list-spacer {
    position: relative;
  }
  .row {
    position: absolute;
    top: 0;
    inset-inline: 0;
    height: var(--_row-height);
    padding: 8px 12px;
    display: flex;
    flex-direction: column;
    justify-content: center;
    gap: 2px;
    border-bottom: 1px solid var(--_border);
    background: var(--_bg);
    cursor: pointer;
    overflow: hidden;
  }
  .row:hover {
    background: var(--_surface);
  }
  .row.selected {
    background: var(--_selected);
    /* On the side the text starts from: the left, or the right in a right-to-left page. */
    border-inline-start: 3px solid var(--_accent);
    padding-inline-start: 9px;
  }
  .row:focus-visible {
    outline-offset: -2px;
  }
  .row-line {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_gap);
    min-width: 0;
  }
  .row-customer {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .row.unread .row-customer,
  .row.unread .row-preview {
    font-weight: 700;
  }
  .row-time,
  .row-assignee {
    color: var(--_muted);
    font-size: 0.85em;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .row-preview {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    color: var(--_text);
  }
  .row-preview.typing {
    font-style: italic;
    color: var(--_muted);
  }
  .unread-count {
    min-width: 20px;
    padding: 0 6px;
    border-radius: 10px;
    background: var(--_accent);
    color: var(--_on-accent);
    font-size: 0.8em;
    font-weight: 700;
    text-align: center;
  }
  .list-status {
    margin: 0;
    padding: 24px 12px;
    color: var(--_muted);
    text-align: center;
  }
  /* An empty list gives its room to the message above it. */
  .list-status:not(.more) + .list {
    flex: 0 0 0;
  }
  .list-status.more {
    padding: 6px 12px;
    border-top: 1px solid var(--_border);
  }

  /* ---- thread */
  .empty {
    margin: auto;
    padding: 24px;
    color: var(--_muted);
    text-align: center;
  }
  /* ---- narrow: one pane at a time */
  @container (max-width: 640px) {
    .panes {
      grid-template-columns: minmax(0, 1fr);
    }
    .list-pane {
      border-inline-end: 0;
    }
    .base[data-open] .list-pane,
    .base:not([data-open]) .thread-pane {
      display: none;
    }
  }
`;
