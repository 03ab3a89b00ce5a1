import type { Message } from '../protocol/models.js';
import type { ConversationChange, RealtimeData } from '../protocol/socket.js';
import { conversationView, type ConversationRecord } from './conversation-record.js';
import type { EventHub } from './event-hub.js';

/**
 * A new message to its audience as one event that also carries each agent's list row, so the
 * inbox moves without a second frame. Agents who never marked the conversation read share one row;
 * only those with a read mark get their own.
 */
export function publishMessageWithRow(hub: EventHub, c: ConversationRecord, message: Message, audience: ReadonlySet<string>): void {
  const shared = { conversationId: c.id, message, conversation: conversationView(c, null) };
  hub.publish('chat.message.created', audience, shared, (id) => (c.readMarks.has(id) ? { ...shared, conversation: conversationView(c, id) } : undefined));
}

/** The list row to everyone in `audience`: one shared copy, their own for agents with a read mark, or what `otherwise` gives. */
export function publishConversation(
  hub: EventHub,
  c: ConversationRecord,
  change: ConversationChange,
  audience: ReadonlySet<string>,
  otherwise?: (agentId: string) => RealtimeData['conversation.updated'] | undefined,
): void {
  const shared = { conversation: conversationView(c, null), change, visible: true };
  hub.publish('conversation.updated', audience, shared, (id) => otherwise?.(id) ?? (c.readMarks.has(id) ? { ...shared, conversation: conversationView(c, id) } : undefined));
}

/** A management change to everyone who saw the conversation before it or sees it now; those who lost sight of it hear so with `visible: false`. */
export function publishChange(hub: EventHub, c: ConversationRecord, change: ConversationChange, before: ReadonlySet<string>, after: ReadonlySet<string>): void {
  const gone = { conversation: conversationView(c, null), change, visible: false };
  const everyone = before === after ? after : new Set([...before, ...after]);
  publishConversation(hub, c, change, everyone, (id) => (after.has(id) ? undefined : c.readMarks.has(id) ? { ...gone, conversation: conversationView(c, id) } : gone));
}
