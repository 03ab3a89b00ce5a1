/**
 * Entry of `dist/ringnity-host.js`, the small classic script a CRM page loads to embed the
 * Ringnity panel in an iframe. It defines one global, `RingnityEmbed`, and only if no other copy
 * already did.
 */
import { embedRingnityPanel } from './host.js';
import { BRIDGE_COMMANDS } from './messages.js';

const api = Object.freeze({ embedPanel: embedRingnityPanel, commands: BRIDGE_COMMANDS });

declare global {
  interface Window {
    RingnityEmbed?: typeof api;
  }
}

if (typeof window !== 'undefined' && !window.RingnityEmbed) window.RingnityEmbed = api;
