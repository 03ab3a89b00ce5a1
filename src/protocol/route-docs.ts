/** What the emulator and the OpenAPI document know of a route besides how it is called. */
export interface RouteDoc {
  summary: string;
  /** Name of the request body schema in `schemas.ts`. */
  body?: string;
  /** Name of the query schema in `schemas.ts`. */
  query?: string;
  /** Name of the path-parameter schema in `schemas.ts`. */
  params?: string;
  /** Name of the success model, as documented in the OpenAPI components. */
  response: string;
  /** Status of a success answer. */
  status?: number;
}

/**
 * The documentation half of `ROUTES`, apart from `ENDPOINTS` so that the browser bundle, which
 * only calls the routes, does not carry it. `routes.ts` checks that it names exactly the routes
 * of `ENDPOINTS` (the check lives there so that this file need not import it back).
 */
export const ROUTE_DOCS = {
  mintAgentToken: { summary: 'Mint a short-lived agent token with a Server API key', body: 'agentTokenRequest', response: 'AgentTokenResponse' },

  profile: { summary: 'The agent, tenant, role, department and scopes of the token', response: 'Profile' },
  directory: { summary: 'Departments and agents of the tenant, for assign and transfer pickers', response: 'Directory' },
  getPresence: { summary: "The agent's presence", response: 'Presence' },
  setPresence: { summary: "Set the agent's presence (online, busy, offline)", body: 'presenceUpdate', response: 'Presence' },
  listConversations: { summary: 'Conversations visible to the agent, newest activity first', query: 'conversationListQuery', response: 'ConversationPage' },
  getConversation: { summary: 'One conversation', params: 'conversationParams', response: 'Conversation' },
  listMessages: {
    summary: 'The message thread, oldest first; the cursor pages to older messages',
    params: 'conversationParams',
    query: 'messageListQuery',
    response: 'MessagePage',
  },
  reply: {
    summary: 'Send a reply or an internal note; a repeated clientMessageId returns the first message',
    params: 'conversationParams',
    body: 'replyRequest',
    response: 'Message',
    status: 201,
  },
  markRead: { summary: 'Mark messages up to and including one as read by this agent', params: 'conversationParams', body: 'markReadRequest', response: 'Conversation' },
  accept: { summary: 'Take an unassigned conversation', params: 'conversationParams', body: 'acceptRequest', response: 'Conversation' },
  assign: { summary: 'Assign the conversation to an agent', params: 'conversationParams', body: 'assignRequest', response: 'Conversation' },
  transfer: { summary: 'Transfer the conversation to a department queue', params: 'conversationParams', body: 'transferRequest', response: 'Conversation' },
  close: { summary: 'Close the conversation and record the reason', params: 'conversationParams', body: 'closeRequest', response: 'Conversation' },
  deleteAttachment: {
    summary: 'Soft-delete the attachments of a message, keeping an audit record and a tombstone',
    params: 'messageParams',
    body: 'deleteAttachmentRequest',
    response: 'AttachmentDeletion',
  },
  listCalls: {
    summary: 'The call log, newest first: calls this agent was rung for or took part in; every call for supervisors and admins; only calls whose conversation the agent may see',
    query: 'callListQuery',
    response: 'CallPage',
  },
  events: {
    summary:
      'Realtime events sent to this agent after a sequence number, for catching up after a gap; paged: `limit` 1 to 1000 (default 200), ask again with `after=nextAfter` while `hasMore`',
    query: 'eventsQuery',
    response: 'EventsPage',
  },

  visitorStart: {
    summary: 'A customer opens a conversation; answers a visitor token. Needs Content-Type application/json and an allowed Origin (or none); rate-limited per client address',
    body: 'visitorStartRequest',
    response: 'VisitorSession',
    status: 201,
  },
  visitorMessages: { summary: 'The thread as the customer sees it: no notes, no agent ids, no internal reasons', params: 'conversationParams', response: 'VisitorMessagePage' },
  visitorSend: {
    summary: 'A customer message; needs Content-Type application/json and an allowed Origin (or none), and is rate-limited per visitor',
    params: 'conversationParams',
    body: 'visitorMessageRequest',
    response: 'VisitorMessage',
    status: 201,
  },

  openapi: { summary: 'This document', response: 'OpenApiDocument' },
} as const satisfies Record<string, RouteDoc>;
