import { css, type CSSResult } from 'lit';

/**
 * The styles of an open conversation: header, messages, composer and action dialog. They come
 * with the thread code and are added to the element's own when it loads. A function, not a
 * constant: in the thread file of the no-build bundle, Lit is the main bundle's, handed over
 * only once the file has loaded (see `sharedLit()` in rollup.config.mjs).
 */
export function threadPaneStyles(): CSSResult {
  return css`
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
    /* "Back" points to where the list is, the start side: it turns round in a right-to-left page.
       Icons without a direction of reading (the note's lock, the paperclip) stay as they are. */
    .back-arrow {
      display: inline-block;
    }
    .back-arrow:dir(rtl) {
      transform: scaleX(-1);
    }
    .action-error,
    .accept-status,
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
      color: var(--_accent-text);
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
    .dialog-backdrop {
      position: fixed;
      inset: 0;
      z-index: 2147483000;
      display: grid;
      place-items: center;
      background: rgb(0 0 0 / 0.35);
    }
    .dialog {
      width: min(28em, calc(100vw - 32px));
      max-height: calc(100vh - 32px);
      overflow: auto;
      padding: 0;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      color: var(--_text);
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

    /* ---- narrow: the list pane gives way to the thread, which offers a way back */
    @container (max-width: 640px) {
      .back {
        display: inline-flex;
      }
    }
  `;
}
