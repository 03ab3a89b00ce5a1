import { css } from 'lit';

export const presenceStyles = css`
  :host {
    display: inline-block;
    --_online: var(--ringnity-presence-online, var(--_success));
    --_busy: var(--ringnity-presence-busy, var(--_warning));
    --_offline: var(--ringnity-presence-offline, var(--_muted));
    --_in-call: var(--ringnity-presence-in-call, var(--_danger));
  }
  .base {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    flex-wrap: wrap;
  }
  .indicator {
    width: 10px;
    height: 10px;
    border-radius: 50%;
    flex: none;
    background: var(--_offline);
  }
  .base[data-status='online'] .indicator {
    background: var(--_online);
  }
  .base[data-status='busy'] .indicator {
    background: var(--_busy);
  }
  .base[data-status='in_call'] .indicator {
    background: var(--_in-call);
    box-shadow: 0 0 0 3px color-mix(in srgb, var(--_in-call) 25%, transparent);
  }
  .base[data-connection='reconnecting'] .indicator {
    background: var(--_offline);
    box-shadow: none;
  }
  select {
    padding: 3px 6px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }
  .hint,
  .readonly {
    color: var(--_muted);
  }
  .status-banner {
    padding: 2px 8px;
  }
  .compact-status {
    position: relative;
    display: inline-flex;
    align-items: center;
    gap: 6px;
    color: var(--_danger);
  }
  .icon {
    display: inline-grid;
    place-items: center;
    width: 1.2em;
    height: 1.2em;
    margin-inline-end: 4px;
    border-radius: 50%;
    background: var(--_danger);
    color: var(--_bg);
    font-weight: 700;
    font-size: 0.85em;
  }
  .details-button {
    min-height: 24px;
    padding: 0 8px;
    color: var(--_text);
  }
  /* Over the page, under the widget: opening the details does not move the header around it. */
  .details {
    position: absolute;
    top: calc(100% + 4px);
    inset-inline-end: 0;
    z-index: 1;
    width: max-content;
    max-width: min(24rem, 90vw);
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: var(--_gap);
    padding: 8px 10px;
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_text);
    overflow-wrap: anywhere;
  }
  .details[hidden] {
    display: none;
  }
`;
