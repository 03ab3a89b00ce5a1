import type { Conversation, RingnityAgent, Tombstone } from '../../index.js';
import type { RingnityEventDetails, RingnityEventName } from '../shared/events.js';
import type { ActionDialogState, ActionKind } from './action-dialog.js';

/** An action to run: what a confirmed dialog holds, or a one-click accept. */
type ActionRequest = Pick<ActionDialogState, 'conversationId' | 'messageId'> & { kind: ActionKind };

/** Where an action's result goes: the page, the list and the open thread. */
export interface ActionEffects {
  emit<N extends RingnityEventName>(name: N, detail: RingnityEventDetails[N]): boolean;
  applyConversation(conversation: Conversation): void;
  applyTombstone(messageId: string, tombstone: Tombstone): void;
}

/**
 * Runs an action (one the dialog confirmed, or a one-click accept) and tells the page. Changes made elsewhere reach the page
 * from the system messages they leave (see the inbox); these are this agent's own.
 */
export async function runAction(agent: RingnityAgent, dialog: ActionRequest, target: string, reason: string, effects: ActionEffects): Promise<void> {
  const { conversationId } = dialog;
  const source = 'self' as const;
  const applied = (conversation: Conversation) => {
    effects.applyConversation(conversation);
    return conversation;
  };
  switch (dialog.kind) {
    case 'accept': {
      const conversation = applied(await agent.conversations.accept(conversationId, reason ? { reason } : {}));
      effects.emit('ringnity-conversation-assigned', { conversationId, assignedAgentId: agent.id, reason: reason || null, source, conversation });
      return;
    }
    case 'assign': {
      const conversation = applied(await agent.conversations.assign(conversationId, { assignedAgentId: target, reason }));
      effects.emit('ringnity-conversation-assigned', { conversationId, assignedAgentId: target, reason, source, conversation });
      return;
    }
    case 'transfer': {
      const conversation = applied(await agent.conversations.transfer(conversationId, { departmentId: target, reason }));
      effects.emit('ringnity-conversation-transferred', { conversationId, departmentId: target, reason, source, conversation });
      return;
    }
    case 'close': {
      const conversation = applied(await agent.conversations.close(conversationId, { reason }));
      effects.emit('ringnity-conversation-closed', { conversationId, reason, source, conversation });
      return;
    }
    case 'delete': {
      const messageId = dialog.messageId!;
      const deletion = await agent.media.deleteAttachment(conversationId, messageId, { reason });
      effects.applyTombstone(messageId, { deletedAt: deletion.deletedAt, deletedBy: deletion.deletedBy, reason: deletion.reason });
      effects.emit('ringnity-attachment-deleted', { conversationId, messageId, reason });
      return;
    }
  }
}
