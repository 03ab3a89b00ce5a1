import { COMMON_LABELS, type CommonLabels } from '../shared/labels.js';
import { INBOX_THREAD_LABELS, type InboxThreadLabels } from './thread-labels.js';

/** The strings of the inbox's first paint: the list, the views and the empty thread pane. */
export interface InboxListLabels extends CommonLabels {
  conversations: string;
  views: string;
  viewOpen: string;
  viewClosed: string;
  department: string;
  allDepartments: string;
  noDepartment: string;
  loadingConversations: string;
  loadingMore: string;
  emptyOpen: string;
  emptyClosed: string;
  noConversationAccess: string;
  unassigned: string;
  /** The unread badge for screen readers, by plural category of `{count}` (Intl.PluralRules): `unread_one`, `unread_other`, and `unread_few`… where a language has them. */
  unread_one: string;
  unread_other: string;
  previewNote: string;
  previewYou: string;
  typingShort: string;
  selectPrompt: string;
  conversationWith: string;
  closedBadge: string;
  messages: string;
  loadingMessages: string;
  you: string;
  newMessageFrom: string;
}

/** Every string `<ringnity-inbox>` shows. `{name}`-style placeholders are filled in as text. */
export interface InboxLabels extends InboxListLabels, InboxThreadLabels {}

/** The element's own defaults; the thread's come with the thread code (see thread-pane.ts). */
export const INBOX_LIST_LABELS: InboxListLabels = {
  ...COMMON_LABELS,
  conversations: 'Conversations',
  views: 'Conversation views',
  viewOpen: 'Open',
  viewClosed: 'Closed',
  department: 'Department',
  allDepartments: 'All departments',
  noDepartment: 'No department',
  loadingConversations: 'Loading conversations…',
  loadingMore: 'Loading more…',
  emptyOpen: 'No open conversations. New chats appear here as they arrive.',
  emptyClosed: 'No closed conversations.',
  noConversationAccess: 'Conversations are not available with this sign-in.',
  unassigned: 'Unassigned',
  unread_one: '{count} unread message',
  unread_other: '{count} unread messages',
  previewNote: 'Note: ',
  previewYou: 'You: ',
  typingShort: 'typing…',
  selectPrompt: 'Select a conversation to read it.',
  conversationWith: 'Conversation with {customer}',
  closedBadge: 'Closed',
  messages: 'Messages',
  loadingMessages: 'Loading messages…',
  you: 'You',
  newMessageFrom: 'New message from {name}: {body}',
};

/** Every English default, for pages that start from them. */
export const INBOX_LABELS: InboxLabels = { ...INBOX_LIST_LABELS, ...INBOX_THREAD_LABELS };
