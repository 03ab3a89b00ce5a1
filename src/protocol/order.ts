/**
 * The server's orderings, for clients that merge live updates into what they loaded: a list or a
 * thread kept in these orders matches what the next page request would answer.
 */
import type { Conversation, Message } from './models.js';

/**
 * Conversation lists: newest activity (`updatedAt`) first, ties by id, descending. Takes the
 * parts rather than the objects so that the server's own records, which name the id `id`, sort
 * by the very same rule.
 */
export function compareActivity(aUpdatedAt: string, aId: string, bUpdatedAt: string, bId: string): number {
  if (aUpdatedAt !== bUpdatedAt) return aUpdatedAt < bUpdatedAt ? 1 : -1;
  return aId < bId ? 1 : aId > bId ? -1 : 0;
}

/** `compareActivity` for conversations as the API gives them out. */
export function byActivity(a: Pick<Conversation, 'updatedAt' | 'conversationId'>, b: Pick<Conversation, 'updatedAt' | 'conversationId'>): number {
  return compareActivity(a.updatedAt, a.conversationId, b.updatedAt, b.conversationId);
}

/** A message's place in its thread as a string: later messages compare greater. */
export function messageOrder(message: Pick<Message, 'createdAt' | 'messageId'>): string {
  return `${message.createdAt}|${message.messageId}`;
}

/** Threads: oldest first, by time, then id. */
export function byMessageOrder(a: Message, b: Message): number {
  const x = messageOrder(a);
  const y = messageOrder(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
