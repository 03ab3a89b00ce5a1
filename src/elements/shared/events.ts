import type { Call, CallEndReason, Conversation, Message, PresenceStatus, RingnityError } from '../../index.js';
import type { SessionState } from '../../sdk/session/session.js';

/** Whether this agent did it in this page (`self`) or it happened elsewhere: another agent, tab or the server. */
export type ChangeSource = 'self' | 'remote';

/**
 * The `detail` of every `ringnity-*` event the elements send to the host page. An element module
 * that adds events declares them by augmenting this interface, and they reach
 * `HTMLElementEventMap` (and `emit()`) with their types:
 *
 *     declare module '../shared/events.js' {
 *       interface RingnityEventDetails { 'ringnity-call-ended': { callId: string } }
 *     }
 */
export interface RingnityEventDetails {
  /** The element has its session and first data. */
  'ringnity-ready': { agentId: string };
  /** Something failed; the element also shows it. `action` names what was being done. */
  'ringnity-error': { error: RingnityError; action: string };
  /** The session moved between connecting, connected, reconnecting and failed. */
  'ringnity-connection-change': { state: SessionState };
  'ringnity-presence-change': { status: PresenceStatus; previousStatus: PresenceStatus; source: ChangeSource };
  /** The agent opened a conversation; show the customer record. */
  'ringnity-conversation-select': { conversationId: string; conversation: Conversation };
  /** A message this agent did not write arrived (customer, another agent). */
  'ringnity-message-received': { conversationId: string; message: Message };
  /** Cancelable: call `preventDefault()` to keep the draft unsent. */
  'ringnity-before-send': { conversationId: string; body: string; note: boolean };
  'ringnity-message-sent': { conversationId: string; message: Message };
  'ringnity-conversation-assigned': { conversationId: string; assignedAgentId: string; reason: string | null; source: ChangeSource; conversation: Conversation | null };
  'ringnity-conversation-transferred': { conversationId: string; departmentId: string; reason: string; source: ChangeSource; conversation: Conversation | null };
  /** Cancelable: call `preventDefault()` to keep the conversation open. */
  'ringnity-before-close': { conversationId: string; reason: string };
  'ringnity-conversation-closed': { conversationId: string; reason: string; source: ChangeSource; conversation: Conversation | null };
  'ringnity-attachment-deleted': { conversationId: string; messageId: string; reason: string };
  /** Cancelable: call `preventDefault()` to show your own UI for `call`; the popup then stays hidden. */
  'ringnity-incoming-call': { call: Call };
  'ringnity-call-accepted': { call: Call };
  'ringnity-call-rejected': { call: Call; reason: string };
  'ringnity-call-ended': { call: Call; reason: CallEndReason; error: Error | null };
  'ringnity-call-held': { call: Call };
  'ringnity-call-resumed': { call: Call };
  'ringnity-call-transferred': { call: Call; departmentId: string; outcome: 'started' | 'completed' | 'returned' };
  'ringnity-call-muted': { call: Call; muted: boolean };
  'ringnity-call-video-changed': { call: Call; enabled: boolean };
  /** The browser blocked the ringtone until the agent interacts with the page. */
  'ringnity-sound-blocked': { call: Call };
}

export type RingnityEventName = keyof RingnityEventDetails;

/** Events whose default the host may prevent to veto the action. */
export const CANCELABLE_EVENTS: ReadonlySet<RingnityEventName> = new Set(['ringnity-before-send', 'ringnity-before-close', 'ringnity-incoming-call']);

export type RingnityEventMap = { [N in RingnityEventName]: CustomEvent<RingnityEventDetails[N]> };

// The events bubble out of every shadow root, so a page may listen on document or window too.
declare global {
  interface HTMLElementEventMap extends RingnityEventMap {}
  interface DocumentEventMap extends RingnityEventMap {}
  interface WindowEventMap extends RingnityEventMap {}
}
