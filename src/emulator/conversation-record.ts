import type { Conversation, Message, MessagePage, SystemEvent } from '../protocol/models.js';
import type { WriteAction } from '../protocol/rules.js';
import { byMessageOrder, compareActivity } from '../protocol/order.js';
import { ApiError } from './api-error.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { TenantSeed } from './seed-schema.js';

/** A conversation as the emulator holds it; agents see it through `conversationView`. */
export interface ConversationRecord {
  id: string;
  status: 'open' | 'closed';
  subject: string;
  customer: { id: string; name: string; email: string | null };
  departmentId: string | null;
  assignedAgentId: string | null;
  participantAgentIds: string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closeReason: string | null;
  messages: Message[];
  /** Index into `messages` of the last message each agent marked read. */
  readMarks: Map<string, number>;
  /** How many customer messages each agent's read mark covers, so unread counts cost nothing to answer. */
  customersRead: Map<string, number>;
  customerCount: number;
}

export const ACTION_VERBS: Record<WriteAction, string> = {
  reply: 'reply to it',
  note: 'add notes to it',
  accept: 'accept it',
  assign: 'assign it to that agent',
  transfer: 'transfer it',
  close: 'close it',
  deleteAttachment: 'delete its attachments',
};

/** A seeded conversation as a record; `agentName` names the agents who wrote its replies. */
export function recordFromSeed(c: TenantSeed['conversations'][number], agentName: (id: string | undefined) => string): ConversationRecord {
  const messages: Message[] = c.messages.map((m) => ({
    messageId: m.id,
    conversationId: c.id,
    kind: m.kind,
    author: m.kind === 'customer' ? { type: 'customer', id: c.customer.id, name: c.customer.name } : { type: 'agent', id: m.agentId ?? null, name: agentName(m.agentId) },
    body: m.body,
    createdAt: m.createdAt,
    clientMessageId: null,
    attachments: m.attachments.map((a) => ({ ...a })),
    deleted: null,
    system: null,
  }));
  // A seed may list a thread in any order; the store keeps the protocol's.
  messages.sort(byMessageOrder);
  return {
    id: c.id,
    status: c.status,
    subject: c.subject,
    customer: { ...c.customer },
    departmentId: c.departmentId,
    assignedAgentId: c.assignedAgentId,
    participantAgentIds: [...c.participantAgentIds],
    createdAt: c.createdAt,
    updatedAt: messages.at(-1)?.createdAt ?? c.createdAt,
    closedAt: c.closedAt,
    closeReason: c.closeReason,
    messages,
    readMarks: new Map(),
    customersRead: new Map(),
    customerCount: messages.filter((m) => m.kind === 'customer').length,
  };
}

/** An empty open conversation a customer has just started. */
export function newConversationRecord(id: string, subject: string, customer: ConversationRecord['customer'], departmentId: string | null, now: string): ConversationRecord {
  return {
    id,
    status: 'open',
    subject,
    customer,
    departmentId,
    assignedAgentId: null,
    participantAgentIds: [],
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    closeReason: null,
    messages: [],
    readMarks: new Map(),
    customersRead: new Map(),
    customerCount: 0,
  };
}

/** The conversation as one agent sees it in the list, with their unread count and read mark; `null`: as anyone who never marked it read. */
export function conversationView(c: ConversationRecord, agentId: string | null): Conversation {
  const mark = agentId === null ? -1 : (c.readMarks.get(agentId) ?? -1);
  const unreadCount = c.customerCount - (agentId === null ? 0 : (c.customersRead.get(agentId) ?? 0));
  const last = c.messages.at(-1);
  return {
    conversationId: c.id,
    status: c.status,
    subject: c.subject,
    customer: { ...c.customer },
    departmentId: c.departmentId,
    assignedAgentId: c.assignedAgentId,
    participantAgentIds: [...c.participantAgentIds],
    lastMessage: last
      ? {
          messageId: last.messageId,
          kind: last.kind,
          preview: last.deleted ? 'Attachment removed' : last.body.slice(0, 140) || (last.attachments[0]?.name ?? ''),
          createdAt: last.createdAt,
        }
      : null,
    unreadCount,
    lastReadMessageId: mark >= 0 ? c.messages[mark]!.messageId : null,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    closedAt: c.closedAt,
    closeReason: c.closeReason,
  };
}

/** Moves an agent's read mark to `index` and counts the customer messages it now covers. */
export function setReadMark(c: ConversationRecord, agentId: string, index: number): void {
  let customers = 0;
  for (let i = 0; i <= index; i++) if (c.messages[i]!.kind === 'customer') customers++;
  c.readMarks.set(agentId, index);
  c.customersRead.set(agentId, customers);
}

export function byActivity(a: { updatedAt: string; id: string }, b: { updatedAt: string; id: string }): number {
  return compareActivity(a.updatedAt, a.id, b.updatedAt, b.id);
}

export function pageBackwards(all: Message[], q: { cursor?: string | undefined; limit: number }): MessagePage {
  let end = all.length;
  if (q.cursor) {
    const { before } = decodeCursor(q.cursor, 'messages');
    end = all.findIndex((m) => m.messageId === before);
    if (end < 0) throw new ApiError('AGENT_SDK_INVALID_REQUEST', 'cursor: this cursor does not belong to this conversation', 'cursor');
  }
  const start = Math.max(0, end - q.limit);
  const messages = all.slice(start, end);
  return { messages, nextCursor: start > 0 ? encodeCursor({ kind: 'messages', before: messages[0]!.messageId }) : null };
}

/** The line a system message shows for a management change. */
export function describeSystemEvent(event: SystemEvent, agentName: (id: string) => string, departmentName: (id: string) => string): string {
  switch (event.type) {
    case 'accepted':
      return `${agentName(event.agentId)} accepted the conversation`;
    case 'assigned':
      return `${agentName(event.byAgentId)} assigned the conversation to ${agentName(event.agentId)}: ${event.reason}`;
    case 'transferred':
      return `${agentName(event.byAgentId)} transferred the conversation to ${departmentName(event.departmentId)}: ${event.reason}`;
    case 'closed':
      return `${agentName(event.byAgentId)} closed the conversation: ${event.reason}`;
  }
}
