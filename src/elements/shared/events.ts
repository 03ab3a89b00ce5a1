import type { Conversation, Message, PresenceStatus, RingnityError } from '../../index.js';
import type { SessionState } from '../../context/session.js';

/** Whether this agent did it in this page (`self`) or it happened elsewhere: another agent, tab or the server. */
export type ChangeSource = 'self' | 'remote';

/** The `detail` of every `ringnity-*` event the elements send to the host page. */
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
}

export type RingnityEventName = keyof RingnityEventDetails;

/** Events whose default the host may prevent to veto the action. */
export const CANCELABLE_EVENTS: ReadonlySet<RingnityEventName> = new Set(['ringnity-before-send', 'ringnity-before-close']);

export type RingnityEventMap = { [N in RingnityEventName]: CustomEvent<RingnityEventDetails[N]> };

declare global {
  interface HTMLElementEventMap extends RingnityEventMap {}
}
