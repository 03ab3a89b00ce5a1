import type { Message, SystemEvent, VisitorMessage } from '../protocol/models.js';

/**
 * The one place where a stored message becomes what a customer may see. Everything visitor-facing
 * (the visitor API and the visitor socket) goes through it. Notes never get here: callers drop them.
 */
export function toVisitorMessage(message: Message, agentName: (agentId: string) => string): VisitorMessage {
  const { kind } = message;
  if (kind === 'note') throw new Error(`note ${message.messageId} must not be shown to a customer`);
  return {
    messageId: message.messageId,
    conversationId: message.conversationId,
    kind,
    author: { type: message.author.type, name: message.author.name },
    body: message.system ? customerSentence(message.system, agentName) : message.body,
    createdAt: message.createdAt,
    clientMessageId: message.author.type === 'customer' ? message.clientMessageId : null,
    attachments: message.attachments.map((a) => ({ attachmentId: a.attachmentId, name: a.name, contentType: a.contentType, size: a.size, url: a.url })),
    deleted: message.deleted ? { deletedAt: message.deleted.deletedAt } : null,
  };
}

/** What a management change means to the customer; reasons and departments are the team's business. */
function customerSentence(event: SystemEvent, agentName: (agentId: string) => string): string {
  switch (event.type) {
    case 'accepted':
    case 'assigned':
      return `${agentName(event.agentId)} joined the conversation`;
    case 'transferred':
      return 'Your conversation was passed to another team';
    case 'closed':
      return 'The conversation was closed';
  }
}
