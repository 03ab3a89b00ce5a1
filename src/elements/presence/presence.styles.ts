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
`;
