/**
 * `@ringnity/agent-sdk/elements`: registers every Ringnity element. A page that uses only some
 * imports their own entries instead (`@ringnity/agent-sdk/elements/inbox`, `/presence`,
 * `/call-popup`, `/session`). Importing both, twice, or next to another copy of the package is
 * harmless: see `RingnityElement.define()`.
 */
// The session first: when the tags are upgraded, providers are in place before their consumers ask.
export { RingnitySessionElement } from './session/define.js';
export { RingnityPresence, PRESENCE_LABELS, type PresenceLabels } from './presence/define.js';
export { RingnityInbox, INBOX_LABELS, type InboxLabels } from './inbox/define.js';
export { RingnityCallPopup, type CallPopupLabels } from './call-popup/define.js';
export { RingnityElement } from './shared/ringnity-element.js';
export { configureElements, currentShadowMode, type ElementConfig } from './shared/element-config.js';
export type { RingnityEventDetails, RingnityEventName, RingnityEventMap, ChangeSource } from './shared/events.js';
export { COMMON_LABELS, type CommonLabels } from './shared/labels.js';
export { SessionController, sessionContext } from '../context/index.js';
// The session is headless (`@ringnity/agent-sdk`); re-exported here so that imports from `/elements` keep working.
export { RingnitySession, pageSession, providePageSession, type SessionState } from '../index.js';
