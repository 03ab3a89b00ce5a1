import type { AttachmentDeletion, DeleteAttachmentRequest } from '../protocol/index.js';
import type { RestClient } from './rest.js';

/** `agent.media`: attachment removal that stays auditable (the message keeps a tombstone). */
export class MediaApi {
  constructor(private readonly rest: RestClient) {}

  deleteAttachment(conversationId: string, messageId: string, request: DeleteAttachmentRequest): Promise<AttachmentDeletion> {
    return this.rest.call('deleteAttachment', {
      params: { conversationId, messageId },
      body: { reason: request?.reason },
    });
  }
}
