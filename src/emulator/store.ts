import { newId } from './ids.js';
import type {
  Attachment,
  AttachmentDeletion,
  Conversation,
  ConversationPage,
  Message,
  MessageKind,
  MessagePage,
  SystemEvent,
  VisitorMessage,
  VisitorMessagePage,
} from '../protocol/models.js';
import type { ConversationChange, VisitorEvents } from '../protocol/socket.js';
import type { CallRecord } from '../protocol/calls.js';
import { ApiError } from './api-error.js';
import { publishChange, publishConversation, publishMessageWithRow } from './conversation-events.js';
import type { EventRetention } from './event-hub.js';
import { TenantPeople } from './tenant-people.js';

import { decodeCursor, encodeCursor } from './cursor.js';
import {
  ACTION_VERBS,
  byActivity,
  conversationView,
  describeSystemEvent,
  newConversationRecord,
  pageBackwards,
  recordFromSeed,
  setReadMark,
  type ConversationRecord,
} from './conversation-record.js';
import type { TenantSeed } from './seed-schema.js';
import { mayWrite, visibleBy, type Viewer, type WriteAction } from '../protocol/rules.js';
import { toVisitorMessage } from './visitor-view.js';

export interface VisitorRecord {
  id: string;
  name: string;
  conversationId: string;
}

export type VisitorSink = <N extends keyof VisitorEvents>(conversationId: string, name: N, data: VisitorEvents[N]) => void;

/**
 * The emulator's in-memory tenant. Every change goes through a method here that validates
 * first and mutates after, so a rejected request leaves the store as it was.
 */
export class Store extends TenantPeople {
  readonly visitors = new Map<string, VisitorRecord>();
  readonly audit: AttachmentDeletion[] = [];
  /** Every call placed, oldest first; the call router (calls.ts) writes it, `GET /api/agent/calls` reads it. */
  readonly callLog: CallRecord[] = [];
  private readonly conversations = new Map<string, ConversationRecord>();
  private readonly visitorSinks = new Set<VisitorSink>();

  constructor(seed: TenantSeed, now: () => number = Date.now, retention?: EventRetention) {
    super(seed, now, retention);
    const agentName = (id: string | undefined) => (id ? (this.agents.get(id)?.name ?? 'Agent') : 'Agent');
    for (const c of seed.conversations) this.conversations.set(c.id, recordFromSeed(c, agentName));
  }

  /* ------------------------------------------------------------------ reading */

  /** The agents who may see a conversation right now. */
  audienceOf(c: ConversationRecord): ReadonlySet<string> {
    return this.audiences.of(c);
  }

  private visible(viewer: Viewer, conversationId: string): ConversationRecord {
    const c = this.conversations.get(conversationId);
    if (!c || visibleBy(viewer, c) === null) {
      throw new ApiError('AGENT_SDK_CONVERSATION_NOT_FOUND', `Conversation ${conversationId} was not found`, 'conversationId');
    }
    return c;
  }

  private writable(viewer: Viewer, conversationId: string, action: WriteAction, assignTo?: string): ConversationRecord {
    const c = this.visible(viewer, conversationId);
    if (!mayWrite(viewer, c, action, assignTo)) {
      const why = c.status === 'closed' ? 'the conversation is closed' : `this agent may not ${ACTION_VERBS[action]}`;
      throw new ApiError('AGENT_SDK_CONVERSATION_WRITE_FORBIDDEN', `Conversation ${conversationId} can be read but not changed: ${why}`);
    }
    return c;
  }

  conversationView(c: ConversationRecord, agentId: string): Conversation {
    return conversationView(c, agentId);
  }

  list(viewer: Viewer, q: { status: 'open' | 'closed' | 'all'; departmentId?: string | undefined; cursor?: string | undefined; limit: number }): ConversationPage {
    const after = q.cursor ? decodeCursor(q.cursor, 'conversations') : null;
    if (q.departmentId && !this.department(q.departmentId)) {
      throw new ApiError('AGENT_SDK_INVALID_REQUEST', `departmentId: unknown department ${q.departmentId}`, 'departmentId');
    }
    const matches = [...this.conversations.values()]
      .filter((c) => (q.status === 'all' || c.status === q.status) && (!q.departmentId || c.departmentId === q.departmentId))
      .filter((c) => visibleBy(viewer, c) !== null)
      .sort(byActivity);
    const start = after ? matches.findIndex((c) => byActivity(c, { updatedAt: after.updatedAt, id: after.id }) > 0) : 0;
    const page = start < 0 ? [] : matches.slice(start, start + q.limit);
    const last = page.at(-1);
    const more = start >= 0 && start + q.limit < matches.length;
    return {
      conversations: page.map((c) => this.conversationView(c, viewer.id)),
      nextCursor: more && last ? encodeCursor({ kind: 'conversations', updatedAt: last.updatedAt, id: last.id }) : null,
    };
  }

  get(viewer: Viewer, conversationId: string): Conversation {
    return this.conversationView(this.visible(viewer, conversationId), viewer.id);
  }

  messages(viewer: Viewer, conversationId: string, q: { cursor?: string | undefined; limit: number }): MessagePage {
    const c = this.visible(viewer, conversationId);
    return pageBackwards(c.messages, q);
  }

  /** The thread as the customer sees it: no notes, and every message in its customer-facing shape. */
  visitorMessages(visitorId: string, conversationId: string, q: { cursor?: string | undefined; limit: number }): VisitorMessagePage {
    const c = this.visitorConversation(visitorId, conversationId);
    const page = pageBackwards(
      c.messages.filter((m) => m.kind !== 'note'),
      q,
    );
    return { messages: page.messages.map((m) => this.forVisitor(m)), nextCursor: page.nextCursor };
  }

  forVisitor(message: Message): VisitorMessage {
    return toVisitorMessage(message, (id) => this.agents.get(id)?.name ?? 'An agent');
  }

  /* ------------------------------------------------------------------ writing */

  reply(viewer: Viewer, conversationId: string, input: { body: string; note: boolean; clientMessageId?: string | undefined }): { message: Message; created: boolean } {
    const c = this.writable(viewer, conversationId, input.note ? 'note' : 'reply');
    const existing = input.clientMessageId && c.messages.find((m) => m.clientMessageId === input.clientMessageId && m.author.id === viewer.id);
    if (existing) return { message: existing, created: false };
    const agent = this.requireAgent(viewer.id);
    const message = this.append(c, input.note ? 'note' : 'reply', { type: 'agent', id: agent.id, name: agent.name }, input.body, input.clientMessageId ?? null);
    // The author has read everything up to their own message.
    setReadMark(c, viewer.id, c.messages.length - 1);
    this.announceMessage(c, message);
    return { message, created: true };
  }

  markRead(viewer: Viewer, conversationId: string, messageId: string): Conversation {
    const c = this.visible(viewer, conversationId);
    const index = c.messages.findIndex((m) => m.messageId === messageId);
    if (index < 0) throw new ApiError('AGENT_SDK_MESSAGE_NOT_FOUND', `Message ${messageId} is not in conversation ${conversationId}`, 'messageId');
    if (index > (c.readMarks.get(viewer.id) ?? -1)) {
      setReadMark(c, viewer.id, index);
      this.hub.publish('conversation.updated', new Set([viewer.id]), { conversation: this.conversationView(c, viewer.id), change: 'read', visible: true });
    }
    return this.conversationView(c, viewer.id);
  }

  accept(viewer: Viewer, conversationId: string, reason: string | undefined): Conversation {
    const c = this.visible(viewer, conversationId);
    if (c.assignedAgentId && c.assignedAgentId !== viewer.id && c.status === 'open') {
      throw new ApiError('AGENT_SDK_CONVERSATION_ALREADY_ASSIGNED', `Conversation ${conversationId} is already assigned to another agent`);
    }
    this.writable(viewer, conversationId, 'accept');
    if (c.assignedAgentId === viewer.id) return this.conversationView(c, viewer.id);
    return this.change(
      c,
      'accepted',
      () => {
        c.assignedAgentId = viewer.id;
        return { type: 'accepted', agentId: viewer.id, reason: reason ?? null };
      },
      viewer.id,
    );
  }

  assign(viewer: Viewer, conversationId: string, assignedAgentId: string, reason: string): Conversation {
    const target = this.agents.get(assignedAgentId);
    this.visible(viewer, conversationId);
    if (!target) throw new ApiError('AGENT_SDK_INVALID_REQUEST', `assignedAgentId: unknown agent ${assignedAgentId}`, 'assignedAgentId');
    const c = this.writable(viewer, conversationId, 'assign', assignedAgentId);
    return this.change(
      c,
      'assigned',
      () => {
        c.assignedAgentId = target.id;
        return { type: 'assigned', agentId: target.id, byAgentId: viewer.id, reason };
      },
      viewer.id,
    );
  }

  transfer(viewer: Viewer, conversationId: string, departmentId: string, reason: string): Conversation {
    this.visible(viewer, conversationId);
    if (!this.department(departmentId)) throw new ApiError('AGENT_SDK_INVALID_REQUEST', `departmentId: unknown department ${departmentId}`, 'departmentId');
    const c = this.writable(viewer, conversationId, 'transfer');
    return this.change(
      c,
      'transferred',
      () => {
        const fromDepartmentId = c.departmentId;
        c.departmentId = departmentId;
        c.assignedAgentId = null;
        return { type: 'transferred', departmentId, fromDepartmentId, byAgentId: viewer.id, reason };
      },
      viewer.id,
    );
  }

  close(viewer: Viewer, conversationId: string, reason: string): Conversation {
    const c = this.writable(viewer, conversationId, 'close');
    return this.change(
      c,
      'closed',
      () => {
        c.status = 'closed';
        c.closedAt = this.isoNow();
        c.closeReason = reason;
        return { type: 'closed', byAgentId: viewer.id, reason };
      },
      viewer.id,
    );
  }

  deleteAttachment(viewer: Viewer, conversationId: string, messageId: string, reason: string): AttachmentDeletion {
    const c = this.visible(viewer, conversationId);
    const message = c.messages.find((m) => m.messageId === messageId);
    if (!message) throw new ApiError('AGENT_SDK_MESSAGE_NOT_FOUND', `Message ${messageId} is not in conversation ${conversationId}`, 'messageId');
    if (message.attachments.length === 0 && !message.deleted) {
      throw new ApiError('AGENT_SDK_INVALID_REQUEST', `messageId: message ${messageId} carries no attachment`, 'messageId');
    }
    this.writable(viewer, conversationId, 'deleteAttachment');
    const previous = this.audit.find((entry) => entry.messageId === messageId && entry.conversationId === conversationId);
    if (message.deleted && previous) return previous;
    const entry: AttachmentDeletion = {
      auditId: newId('aud'),
      conversationId,
      messageId,
      attachmentIds: message.attachments.map((a) => a.attachmentId),
      deletedBy: viewer.id,
      deletedAt: this.isoNow(),
      reason,
    };
    this.audit.push(entry);
    message.deleted = { deletedAt: entry.deletedAt, deletedBy: viewer.id, reason };
    message.body = '';
    message.attachments = [];
    publishConversation(this.hub, c, 'attachment_deleted', this.audienceOf(c));
    return entry;
  }

  /* ------------------------------------------------------------------ visitors */

  onVisitorEvent(sink: VisitorSink): () => void {
    this.visitorSinks.add(sink);
    return () => this.visitorSinks.delete(sink);
  }

  visitorStart(input: {
    tenantKey: string;
    name: string;
    email?: string | undefined;
    departmentId?: string | undefined;
    subject?: string | undefined;
    body?: string | undefined;
  }): { visitor: VisitorRecord; conversationId: string } {
    if (input.tenantKey !== this.tenant.key) throw new ApiError('VISITOR_INVALID_REQUEST', 'tenantKey: no tenant has this key', 'tenantKey');
    if (input.departmentId && !this.department(input.departmentId)) {
      throw new ApiError('VISITOR_INVALID_REQUEST', `departmentId: unknown department ${input.departmentId}`, 'departmentId');
    }
    const visitor: VisitorRecord = { id: newId('vis'), name: input.name.trim(), conversationId: newId('cnv') };
    const subject = input.subject?.trim() || input.body?.trim().slice(0, 60) || 'New conversation';
    const c = newConversationRecord(visitor.conversationId, subject, { id: visitor.id, name: visitor.name, email: input.email ?? null }, input.departmentId ?? null, this.isoNow());
    this.visitors.set(visitor.id, visitor);
    this.conversations.set(c.id, c);
    if (input.body) {
      const message = this.append(c, 'customer', { type: 'customer', id: visitor.id, name: visitor.name }, input.body, null);
      this.announceMessage(c, message, 'created');
    } else {
      publishConversation(this.hub, c, 'created', this.audienceOf(c));
    }
    this.publishQueue(c.departmentId);
    return { visitor, conversationId: c.id };
  }

  visitorSend(visitorId: string, conversationId: string, body: string, clientMessageId: string | undefined): { message: VisitorMessage; created: boolean } {
    const c = this.visitorConversation(visitorId, conversationId);
    if (c.status === 'closed') throw new ApiError('VISITOR_INVALID_REQUEST', 'conversationId: this conversation is closed', 'conversationId');
    const existing = clientMessageId && c.messages.find((m) => m.clientMessageId === clientMessageId && m.author.type === 'customer');
    if (existing) return { message: this.forVisitor(existing), created: false };
    const message = this.append(c, 'customer', { type: 'customer', id: visitorId, name: c.customer.name }, body, clientMessageId ?? null);
    this.announceMessage(c, message);
    return { message: this.forVisitor(message), created: true };
  }

  visitorConversation(visitorId: string, conversationId: string): ConversationRecord {
    const v = this.visitors.get(visitorId);
    const c = this.conversations.get(conversationId);
    if (!v || !c || v.conversationId !== conversationId) throw new ApiError('VISITOR_TOKEN_INVALID', 'This visitor token does not open that conversation');
    return c;
  }

  /** Agents who may see a conversation, for socket fan-out of ephemeral events such as typing. */
  audienceOfId(conversationId: string): ReadonlySet<string> {
    const c = this.conversations.get(conversationId);
    return c ? this.audienceOf(c) : new Set();
  }

  /** Makes an agent a participant (an agent who answered the customer's call); tells whoever can now see it. */
  addParticipant(agentId: string, conversationId: string): void {
    const c = this.conversations.get(conversationId);
    if (!c || c.assignedAgentId === agentId || c.participantAgentIds.includes(agentId)) return;
    c.participantAgentIds.push(agentId);
    publishConversation(this.hub, c, 'joined', this.audienceOf(c));
  }

  canSee(viewer: Viewer, conversationId: string): ConversationRecord | null {
    const c = this.conversations.get(conversationId);
    return c && visibleBy(viewer, c) !== null ? c : null;
  }

  /* ------------------------------------------------------------------ internals */

  private append(
    c: ConversationRecord,
    kind: MessageKind,
    author: Message['author'],
    body: string,
    clientMessageId: string | null,
    system: SystemEvent | null = null,
    attachments: Attachment[] = [],
  ): Message {
    const message: Message = {
      messageId: newId('msg'),
      conversationId: c.id,
      kind,
      author,
      body,
      createdAt: this.isoNow(),
      clientMessageId,
      attachments,
      deleted: null,
      system,
    };
    c.messages.push(message);
    if (kind === 'customer') c.customerCount++;
    c.updatedAt = message.createdAt;
    return message;
  }

  /** A plain message is one event carrying the list row (conversation-events.ts); a first one opens the conversation with two. */
  private announceMessage(c: ConversationRecord, message: Message, change: ConversationChange = 'message'): void {
    const audience = this.audienceOf(c);
    if (change === 'message') {
      publishMessageWithRow(this.hub, c, message, audience);
    } else {
      this.hub.publish('chat.message.created', audience, { conversationId: c.id, message });
      publishConversation(this.hub, c, change, audience);
    }
    if (message.kind !== 'note') this.toVisitor(c.id, 'chat.message.created', { conversationId: c.id, message: this.forVisitor(message) });
  }

  /** Apply a management change, record it in the thread, and tell everyone who saw it before or sees it now. */
  private change(c: ConversationRecord, change: ConversationChange, apply: () => SystemEvent, actorId: string): Conversation {
    const before = this.audienceOf(c);
    const departmentBefore = c.departmentId;
    const wasQueued = c.assignedAgentId === null && c.status === 'open';
    const system = apply();
    const agentName = (id: string) => this.agents.get(id)?.name ?? id;
    const message = this.append(
      c,
      'system',
      { type: 'system', id: null, name: 'Ringnity' },
      describeSystemEvent(system, agentName, (id) => this.department(id)?.name ?? id),
      null,
      system,
    );
    const after = this.audienceOf(c);
    this.hub.publish('chat.message.created', after, { conversationId: c.id, message });
    publishChange(this.hub, c, change, before, after);
    if (change === 'closed') this.toVisitor(c.id, 'conversation.updated', { conversationId: c.id, status: 'closed' });
    const queuedNow = c.assignedAgentId === null && c.status === 'open';
    if (wasQueued || queuedNow) {
      this.publishQueue(departmentBefore);
      if (c.departmentId !== departmentBefore) this.publishQueue(c.departmentId);
    }
    return this.conversationView(c, actorId);
  }

  private publishQueue(departmentId: string | null): void {
    let waiting = 0;
    for (const c of this.conversations.values()) if (c.status === 'open' && c.assignedAgentId === null && c.departmentId === departmentId) waiting++;
    // Who hears about a queue is who may see a conversation waiting in it: the department's agents
    // and the tenant-wide roles (every agent, for the queue with no department).
    const audience = this.audiences.of({ status: 'open', departmentId, assignedAgentId: null, participantAgentIds: [] });
    this.hub.publish('queue.updated', audience, { departmentId, waiting });
  }

  private toVisitor<N extends keyof VisitorEvents>(conversationId: string, name: N, data: VisitorEvents[N]): void {
    for (const sink of this.visitorSinks) sink(conversationId, name, data);
  }

  /** Counts that tests compare before and after a rejected request. */
  snapshot(): string {
    return JSON.stringify({
      conversations: [...this.conversations.values()].map((c) => ({ ...c, readMarks: [...c.readMarks], customersRead: [...c.customersRead] })),
      agents: [...this.agents.values()],
      audit: this.audit,
      visitors: [...this.visitors.values()],
      seq: this.hub.currentSeq,
    });
  }
}
