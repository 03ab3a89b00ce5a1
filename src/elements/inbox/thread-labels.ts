/**
 * The strings of an open conversation: the thread, the composer and the action dialog. They
 * travel with the thread code, which the inbox loads when a conversation is first opened.
 */
export interface InboxThreadLabels {
  assignedTo: string;
  loadOlder: string;
  loadingOlder: string;
  beginning: string;
  newMessages: string;
  noMessageAccess: string;
  internalNote: string;
  internalNoteHint: string;
  customerTyping: string;
  sending: string;
  notSent: string;
  retrySend: string;
  discard: string;
  attachments: string;
  deleteAttachment: string;
  deleteAttachmentOf: string;
  attachmentRemoved: string;
  systemAccepted: string;
  systemAssigned: string;
  systemTransferred: string;
  systemClosed: string;
  modeGroup: string;
  modeReply: string;
  modeNote: string;
  replyPlaceholder: string;
  notePlaceholder: string;
  composerHint: string;
  send: string;
  addNote: string;
  composerClosed: string;
  composerReadOnly: string;
  composerNoScope: string;
  conversationGone: string;
  actions: string;
  accept: string;
  assign: string;
  transfer: string;
  close: string;
  cancel: string;
  reason: string;
  reasonOptional: string;
  assignTo: string;
  transferTo: string;
  chooseAgent: string;
  chooseDepartment: string;
  accepted: string;
  undoAccept: string;
  undoAcceptReason: string;
  assignTitle: string;
  assignDescription: string;
  transferTitle: string;
  transferDescription: string;
  closeTitle: string;
  closeDescription: string;
  deleteTitle: string;
  deleteDescription: string;
  deleteConfirm: string;
  working: string;
}

export const INBOX_THREAD_LABELS: InboxThreadLabels = {
  assignedTo: 'Assigned to {agent}',
  loadOlder: 'Load earlier messages',
  loadingOlder: 'Loading earlier messages…',
  beginning: 'Start of the conversation',
  newMessages: 'New messages below',
  noMessageAccess: 'Messages are not available with this sign-in.',
  internalNote: 'Internal note',
  internalNoteHint: 'Only agents see this',
  customerTyping: '{name} is typing…',
  sending: 'Sending…',
  notSent: 'Not sent: {reason}',
  retrySend: 'Retry',
  discard: 'Discard',
  attachments: 'Attachments',
  deleteAttachment: 'Delete',
  deleteAttachmentOf: 'Delete attachment {name}',
  attachmentRemoved: 'Attachment removed by {agent}: {reason}',
  systemAccepted: '{agent} accepted the conversation',
  systemAssigned: '{by} assigned the conversation to {agent}: {reason}',
  systemTransferred: '{by} transferred the conversation to {department}: {reason}',
  systemClosed: '{by} closed the conversation: {reason}',
  modeGroup: 'Message type',
  modeReply: 'Reply',
  modeNote: 'Internal note',
  replyPlaceholder: 'Reply to {customer}…',
  notePlaceholder: 'Write an internal note (the customer does not see it)…',
  composerHint: 'Enter to send, Shift+Enter for a new line',
  send: 'Send',
  addNote: 'Add note',
  composerClosed: 'This conversation is closed.',
  composerReadOnly: 'You can read this conversation but not reply to it.',
  composerNoScope: 'Replying is not available with this sign-in.',
  conversationGone: 'This conversation is no longer visible to you.',
  actions: 'Conversation actions',
  accept: 'Accept',
  assign: 'Assign…',
  transfer: 'Transfer…',
  close: 'Close…',
  cancel: 'Cancel',
  reason: 'Reason',
  reasonOptional: 'Reason (optional)',
  assignTo: 'Assign to',
  transferTo: 'Transfer to',
  chooseAgent: 'Choose an agent',
  chooseDepartment: 'Choose a department',
  accepted: 'You accepted this conversation.',
  undoAccept: 'Undo',
  undoAcceptReason: 'Accepted by mistake; back to the queue',
  assignTitle: 'Assign conversation',
  assignDescription: 'The agent you choose becomes responsible for this conversation.',
  transferTitle: 'Transfer conversation',
  transferDescription: 'The conversation goes back to the queue of the department you choose.',
  closeTitle: 'Close conversation',
  closeDescription: 'The customer can no longer write in this conversation.',
  deleteTitle: 'Delete attachment',
  deleteDescription: 'The file "{name}" is removed for everyone. An audit record keeps who removed it and why. This cannot be undone.',
  deleteConfirm: 'Delete attachment',
  working: 'Working…',
};
