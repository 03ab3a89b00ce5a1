/**
 * `@ringnity/agent-sdk/elements/presence`: registers `<ringnity-presence>` alone. It follows the
 * nearest `<ringnity-session>` (`@ringnity/agent-sdk/elements/session`), else the page's session.
 */
import { RingnityPresence } from './presence.js';

export { RingnityPresence } from './presence.js';
export { PRESENCE_LABELS, type PresenceLabels } from './labels.js';

RingnityPresence.define();

declare global {
  interface HTMLElementTagNameMap {
    'ringnity-presence': RingnityPresence;
  }
}
