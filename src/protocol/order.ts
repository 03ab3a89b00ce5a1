/**
 * The server's orderings, for clients that merge live updates into what they loaded: a list or a
 * thread kept in these orders matches what the next page request would answer.
 */
import type { Conversation, Message } from './models.js';

/** Conversation lists: newest activity (`updatedAt`) first, ties by id, descending. */
export function byActivity(a: Conversation, b: Conversation): number {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt ? 1 : -1;
  return a.conversationId < b.conversationId ? 1 : a.conversationId > b.conversationId ? -1 : 0;
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
