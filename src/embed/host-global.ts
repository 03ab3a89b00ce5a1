/**
 * Entry of `dist/ringnity-host.js`, the small classic script a CRM page loads to embed the
 * Ringnity panel in an iframe. It defines one global, `RingnityEmbed`, and only if no other copy
 * already did. `events` names what the iframe element re-emits (the panel's bridged element
 * events, from protocol/), so a page without a bundler can listen for each.
 */
import { BRIDGED_ELEMENT_EVENTS } from '../protocol/element-events.js';
import { embedRingnityPanel } from './host.js';
import { BRIDGE_COMMANDS } from './messages.js';

const api = Object.freeze({ embedPanel: embedRingnityPanel, commands: BRIDGE_COMMANDS, events: BRIDGED_ELEMENT_EVENTS });

declare global {
  interface Window {
    RingnityEmbed?: typeof api;
  }
}

if (typeof window !== 'undefined' && !window.RingnityEmbed) window.RingnityEmbed = api;
