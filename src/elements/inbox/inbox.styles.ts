import { css } from 'lit';

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
    border-right: 1px solid var(--_border);
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
    left: 0;
    right: 0;
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
    box-shadow: inset 3px 0 0 var(--_accent);
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
    padding: 12px;
    color: var(--_muted);
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
  .thread-header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_gap);
    padding: var(--_gap) 12px;
    border-bottom: 1px solid var(--_border);
  }
  .customer {
    flex: 1;
    min-width: 12em;
  }
  .customer-name {
    margin: 0;
    font-size: 1.1em;
  }
  .conversation-meta {
    margin: 2px 0 0;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .closed-badge {
    padding: 0 6px;
    border-radius: 4px;
    background: var(--_surface-strong);
    color: var(--_text);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .back {
    display: none;
  }
  .action-error,
  .notice {
    margin: 0;
    padding: 6px 12px;
    display: flex;
    gap: var(--_gap);
    align-items: center;
    border-bottom: 1px solid var(--_border);
  }
  .messages-wrap {
    position: relative;
    flex: 1;
    min-height: 0;
    display: flex;
  }
  .messages {
    flex: 1;
    overflow-y: auto;
    /* The thread keeps its place itself when older messages are prepended. */
    overflow-anchor: none;
    padding: 12px;
    background: var(--_surface);
  }
  .message-list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 10px;
  }
  .load-older {
    margin: 0 0 12px;
    text-align: center;
    color: var(--_muted);
  }
  .message {
    max-width: min(80%, 42em);
    padding: 8px 12px;
    border-radius: var(--_radius);
    background: var(--_bg);
    border: 1px solid var(--_border);
    align-self: flex-start;
  }
  .message.reply {
    align-self: flex-end;
    background: var(--_reply-bg);
    border-color: transparent;
  }
  .message.note {
    align-self: flex-end;
    background: var(--_note-bg);
    border: 1px dashed var(--_note-border);
  }
  .message.system {
    align-self: center;
    max-width: 90%;
    padding: 2px 8px;
    background: transparent;
    border: 0;
    color: var(--_muted);
    font-size: 0.9em;
    text-align: center;
  }
  .message.outgoing.sending {
    opacity: 0.75;
  }
  .message.outgoing.failed {
    border: 1px solid var(--_danger);
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    margin-bottom: 2px;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .author {
    font-weight: 600;
    color: var(--_text);
  }
  .note-badge {
    display: inline-flex;
    align-items: center;
    gap: 3px;
    padding: 0 6px;
    border-radius: 4px;
    border: 1px solid var(--_note-border);
    color: var(--_text);
    font-weight: 600;
  }
  .state {
    font-style: italic;
  }
  .failed .state {
    color: var(--_danger);
    font-style: normal;
  }
  .body {
    margin: 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .tombstone {
    margin: 0;
    font-style: italic;
    color: var(--_muted);
  }
  .attachments {
    list-style: none;
    margin: 6px 0 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  .attachment {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
  }
  .attachment a {
    color: var(--_accent);
  }
  .button.small {
    min-height: 22px;
    padding: 0 8px;
    font-size: 0.85em;
  }
  .message-actions {
    display: flex;
    gap: 6px;
    margin-top: 6px;
  }
  .new-below {
    position: absolute;
    bottom: 12px;
    left: 50%;
    transform: translateX(-50%);
    box-shadow: 0 2px 6px rgb(0 0 0 / 0.2);
  }
  .typing {
    margin: 0;
    min-height: 1.5em;
    padding: 2px 12px;
    color: var(--_muted);
    font-style: italic;
    background: var(--_surface);
  }

  /* ---- composer */
  .composer {
    display: flex;
    flex-direction: column;
    gap: 6px;
    padding: var(--_gap) 12px 12px;
    border-top: 1px solid var(--_border);
    background: var(--_bg);
  }
  .composer.note {
    background: var(--_note-bg);
  }
  .modes {
    display: flex;
    gap: 4px;
  }
  .mode {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 2px 10px;
    background: var(--_bg);
  }
  .mode[aria-pressed='true'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  textarea {
    width: 100%;
    resize: vertical;
    min-height: 3.5em;
    padding: 6px 8px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }
  .composer.note textarea {
    border-style: dashed;
    border-color: var(--_note-border);
  }
  .composer-footer {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: var(--_gap);
    font-size: 0.85em;
  }
  .composer-disabled {
    margin: 0;
    padding: 12px;
    border-top: 1px solid var(--_border);
    color: var(--_muted);
  }

  /* ---- dialog */
  .dialog {
    width: min(28em, calc(100vw - 32px));
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_text);
  }
  .dialog::backdrop {
    background: rgb(0 0 0 / 0.35);
  }
  .dialog-form {
    display: flex;
    flex-direction: column;
    gap: 6px;
    padding: 16px;
  }
  .dialog-title {
    margin: 0;
    font-size: 1.1em;
  }
  .dialog-form p {
    margin: 0 0 6px;
  }
  .dialog-form select {
    padding: 4px 6px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }
  .dialog-actions {
    display: flex;
    justify-content: flex-end;
    gap: var(--_gap);
    margin-top: 8px;
  }

  /* ---- narrow: one pane at a time */
  @container (max-width: 640px) {
    .panes {
      grid-template-columns: minmax(0, 1fr);
    }
    .list-pane {
      border-right: 0;
    }
    .base[data-open] .list-pane,
    .base:not([data-open]) .thread-pane {
      display: none;
    }
    .back {
      display: inline-flex;
    }
  }
`;
