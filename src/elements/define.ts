/**
 * Registers every Ringnity element. Importing it twice, or next to another copy of the package
 * (the CDN bundle beside an npm build), is harmless: a tag that is already defined is left as
 * it is, with one warning, because `customElements.define` would throw.
 */
import { RingnityCallPopup } from './call-popup/call-popup.js';
import { RingnityInbox } from './inbox/inbox.js';
import { RingnityPresence } from './presence/presence.js';
import { RingnitySessionElement } from './session/session.js';

export { RingnityCallPopup } from './call-popup/call-popup.js';
export type { CallPopupLabels } from './call-popup/labels.js';
export { RingnityInbox } from './inbox/inbox.js';
export { RingnityPresence } from './presence/presence.js';
export { RingnitySessionElement } from './session/session.js';
export { RingnityElement } from './shared/ringnity-element.js';
export { configureElements, currentShadowMode, type ElementConfig } from './shared/element-config.js';
export type { RingnityEventDetails, RingnityEventName, RingnityEventMap, ChangeSource } from './shared/events.js';
export { COMMON_LABELS, type CommonLabels } from './shared/labels.js';
export { INBOX_LABELS, type InboxLabels } from './inbox/labels.js';
export { PRESENCE_LABELS, type PresenceLabels } from './presence/presence.js';
export { SessionController, sessionContext } from '../context/index.js';
// The session is headless (`@ringnity/agent-sdk`); re-exported here so that existing imports from `/elements` keep working.
export { RingnitySession, pageSession, providePageSession, type SessionState } from '../index.js';

declare global {
  interface HTMLElementTagNameMap {
    'ringnity-session': RingnitySessionElement;
    'ringnity-presence': RingnityPresence;
    'ringnity-inbox': RingnityInbox;
    'ringnity-call-popup': RingnityCallPopup;
  }
}

const WARNED = Symbol.for('@ringnity/agent-sdk/define-warned');

/** Defines a tag unless the page already has it. Other element modules (the call popup) register through here too. */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  if (typeof customElements === 'undefined') return;
  if (customElements.get(tag)) {
    const flags = globalThis as unknown as Record<symbol, boolean | undefined>;
    if (!flags[WARNED]) {
      flags[WARNED] = true;
      console.warn(`[ringnity] <${tag}> is already defined, probably by another copy of @ringnity/agent-sdk on this page; keeping that one.`);
    }
    return;
  }
  customElements.define(tag, element);
}

// The session first: when the tags are upgraded, providers are in place before their consumers ask.
defineElement('ringnity-session', RingnitySessionElement);
defineElement('ringnity-presence', RingnityPresence);
defineElement('ringnity-inbox', RingnityInbox);
defineElement('ringnity-call-popup', RingnityCallPopup);
