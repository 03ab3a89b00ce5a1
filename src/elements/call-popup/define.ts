/**
 * `@ringnity/agent-sdk/elements/call-popup`: registers `<ringnity-call-popup>` alone. It follows
 * the nearest `<ringnity-session>` (`@ringnity/agent-sdk/elements/session`), else the page's
 * session. Its call view and the call engine still load only when a call first rings.
 */
import { RingnityCallPopup } from './call-popup.js';

export { RingnityCallPopup } from './call-popup.js';
export type { CallPopupLabels } from './labels.js';

RingnityCallPopup.define();

declare global {
  interface HTMLElementTagNameMap {
    'ringnity-call-popup': RingnityCallPopup;
  }
}
