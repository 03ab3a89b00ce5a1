/**
 * `@ringnity/agent-sdk/elements/inbox`: registers `<ringnity-inbox>` alone. It follows the
 * nearest `<ringnity-session>` (`@ringnity/agent-sdk/elements/session`), else the page's session.
 */
import { RingnityInbox } from './inbox.js';

export { RingnityInbox } from './inbox.js';
export { INBOX_LABELS, type InboxLabels } from './labels.js';

RingnityInbox.define();

declare global {
  interface HTMLElementTagNameMap {
    'ringnity-inbox': RingnityInbox;
  }
}
