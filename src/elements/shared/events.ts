import type { Call, CallEndReason, Conversation, Message, PresenceStatus, RingnityError } from '../../index.js';
import type { SessionState } from '../../sdk/session/session.js';
import type { ELEMENT_EVENTS, ElementEventName } from '../../protocol/element-events.js';

/** Whether this agent did it in this page (`self`) or it happened elsewhere: another agent, tab or the server. */
export type ChangeSource = 'self' | 'remote';

/**
 * The value types of each event's `detail`. Names, detail keys, cancelability and which events
 * the iframe bridge mirrors are declared in one table, `ELEMENT_EVENTS` (protocol/element-events.ts);
 * this interface adds only what protocol/ cannot name (the SDK's call and error objects), and
 * `RingnityEventDetails` below fails to compile when the two disagree.
 */
interface DetailTypes {
  'ringnity-ready': { agentId: string };
  /** `action` names what was being done. */
  'ringnity-error': { error: RingnityError; action: string };
  'ringnity-connection-change': { state: SessionState };
  'ringnity-presence-change': { status: PresenceStatus; previousStatus: PresenceStatus; source: ChangeSource };
  'ringnity-conversation-select': { conversationId: string; conversation: Conversation };
  'ringnity-message-received': { conversationId: string; message: Message };
  'ringnity-before-send': { conversationId: string; body: string; note: boolean };
  'ringnity-message-sent': { conversationId: string; message: Message };
  'ringnity-conversation-assigned': { conversationId: string; assignedAgentId: string; reason: string | null; source: ChangeSource; conversation: Conversation | null };
  'ringnity-conversation-transferred': { conversationId: string; departmentId: string; reason: string; source: ChangeSource; conversation: Conversation | null };
  'ringnity-before-close': { conversationId: string; reason: string };
  'ringnity-conversation-closed': { conversationId: string; reason: string; source: ChangeSource; conversation: Conversation | null };
  'ringnity-attachment-deleted': { conversationId: string; messageId: string; reason: string };
  'ringnity-incoming-call': { call: Call };
  'ringnity-call-accepted': { call: Call };
  'ringnity-call-rejected': { call: Call; reason: string };
  'ringnity-call-ended': { call: Call; reason: CallEndReason; error: Error | null };
  'ringnity-call-held': { call: Call };
  'ringnity-call-resumed': { call: Call };
  'ringnity-call-transferred': { call: Call; departmentId: string; outcome: 'started' | 'completed' | 'returned' };
  'ringnity-call-muted': { call: Call; muted: boolean };
  'ringnity-call-video-changed': { call: Call; enabled: boolean };
  'ringnity-sound-blocked': { call: Call };
}

type DeclaredKeys<N extends ElementEventName> = (typeof ELEMENT_EVENTS)[N]['detail'][number];
type SameKeys<T, Keys> = [keyof T] extends [Keys] ? ([Keys] extends [keyof T] ? true : false) : false;

/**
 * The `detail` of every `ringnity-*` event. A name in the table without a type here fails to
 * compile (the index below); a type whose keys differ from the table's turns into `never`, so
 * that every `emit()` of that event fails to compile.
 */
export type RingnityEventDetails = {
  [N in ElementEventName]: SameKeys<DetailTypes[N], DeclaredKeys<N>> extends true ? DetailTypes[N] : never;
};

export type RingnityEventName = ElementEventName;

export type RingnityEventMap = { [N in RingnityEventName]: CustomEvent<RingnityEventDetails[N]> };

// The events bubble out of every shadow root, so a page may listen on document or window too.
declare global {
  interface HTMLElementEventMap extends RingnityEventMap {}
  interface DocumentEventMap extends RingnityEventMap {}
  interface WindowEventMap extends RingnityEventMap {}
}
