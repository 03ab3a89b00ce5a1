import { css, type CSSResult } from 'lit';

/**
 * The styles of the popup's view: the cards, the controls, the media and the transfer picker.
 * Built when the view is, not when its module is evaluated: in the call file, Lit is the main
 * bundle's, handed over only after the file has loaded (see `call-popup-view.ts`). Added to the
 * element's own styles when the view loads.
 */
export function callPopupViewStyles(): CSSResult {
  return css`
    .card {
      background: var(--_bg);
      color: var(--_text);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      box-shadow: var(--_shadow);
      padding: calc(var(--_gap) * 1.5);
      display: grid;
      gap: var(--_gap);
    }
    .caller {
      unicode-bidi: isolate;
      margin: 0;
      font-weight: 600;
      font-size: 1.1em;
    }
    .call-type,
    .hint {
      margin: 0;
      color: var(--_muted);
    }
    .actions,
    .controls {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_gap);
    }
    .header {
      display: flex;
      align-items: baseline;
      gap: var(--_gap);
    }
    .header .caller {
      flex: 1;
    }
    .status[data-state='held'],
    .status[data-state='reconnecting'],
    .status[data-state='transferring'] {
      color: var(--_warning);
    }
    .timer {
      font-variant-numeric: tabular-nums;
    }
    .media {
      position: relative;
      background: #000;
      border-radius: var(--_radius);
      overflow: hidden;
      aspect-ratio: 16 / 9;
    }
    .remote,
    .remote video,
    .remote ::slotted(video) {
      width: 100%;
      height: 100%;
      object-fit: cover;
    }
    .local {
      position: absolute;
      inset-inline-end: 6px;
      bottom: 6px;
      width: 30%;
      aspect-ratio: 16 / 9;
      border: 1px solid var(--_border);
      border-radius: 4px;
      overflow: hidden;
    }
    .local video,
    .local ::slotted(video) {
      width: 100%;
      height: 100%;
      object-fit: cover;
    }
    /* The shared hover colour is meant for plain buttons; a filled one keeps its contrast. */
    .button.primary:hover:not(:disabled) {
      background: color-mix(in srgb, var(--_accent) 85%, black);
    }
    .button.danger:hover:not(:disabled) {
      background: color-mix(in srgb, var(--_danger) 12%, var(--_bg));
    }
    .sound-prompt {
      display: flex;
      align-items: center;
      gap: var(--_gap);
      padding: var(--_gap);
      border-radius: var(--_radius);
      background: var(--_surface-strong);
    }
    .transfer {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_gap);
    }
    select {
      padding: 3px 6px;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      color: var(--_text);
    }
    .notice {
      margin: 0;
      padding: var(--_gap);
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      box-shadow: var(--_shadow);
    }
    /* Other calls (other-calls.ts): one that rings during a call, or the one on hold. */
    .others-list {
      display: grid;
      gap: var(--_gap);
    }
    .other {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_gap);
    }
    .other .actions {
      margin-inline-start: auto;
    }
    /* Device pickers, level meter and the network indicator (call-devices.ts). */
    .call-health {
      display: flex;
      align-items: center;
      gap: var(--_gap);
      color: var(--_muted);
    }
    .quality-dot {
      display: inline-block;
      width: 0.6em;
      height: 0.6em;
      margin-inline-end: 0.4em;
      border-radius: 50%;
      background: var(--_muted);
    }
    [data-quality='good'] .quality-dot {
      background: var(--_success);
    }
    [data-quality='fair'] .quality-dot {
      background: var(--_warning);
    }
    [data-quality='poor'] .quality-dot {
      background: var(--_danger);
    }
    .level {
      flex: 1;
      min-width: 4em;
    }
    .devices {
      display: grid;
      gap: 4px;
      margin: 0;
      padding: var(--_gap);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    .device {
      display: grid;
      grid-template-columns: 7em 1fr;
      align-items: center;
      gap: var(--_gap);
    }
  `;
}
