import type { AgentScope } from './scopes.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type RouteAuth = 'agent' | 'server' | 'visitor' | 'none';

export interface RouteSpec {
  method: HttpMethod;
  /** Path with `:param` placeholders, under the API base. */
  path: string;
  auth: RouteAuth;
  /** The agent scope the route needs, checked before anything else. */
  scope?: AgentScope;
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
 * Every REST route of the Ringnity API the SDK and the emulator speak. Both sides read paths
 * and scopes from here, and the OpenAPI document is generated from it.
 */
export const ROUTES = {
  mintAgentToken: { method: 'POST', path: '/api/server/sdk-token/agent', auth: 'server', summary: 'Mint a short-lived agent token with a Server API key', body: 'agentTokenRequest', response: 'AgentTokenResponse' },

  profile: { method: 'GET', path: '/api/agent/profile', auth: 'agent', scope: 'agent:profile:read', summary: 'The agent, tenant, role, department and scopes of the token', response: 'Profile' },
  directory: { method: 'GET', path: '/api/agent/directory', auth: 'agent', scope: 'agent:profile:read', summary: 'Departments and agents of the tenant, for assign and transfer pickers', response: 'Directory' },
  getPresence: { method: 'GET', path: '/api/agent/presence', auth: 'agent', scope: 'agent:presence:read', summary: "The agent's presence", response: 'Presence' },
  setPresence: { method: 'PUT', path: '/api/agent/presence', auth: 'agent', scope: 'agent:presence:write', summary: "Set the agent's presence (online, busy, offline)", body: 'presenceUpdate', response: 'Presence' },
  listConversations: { method: 'GET', path: '/api/agent/conversations', auth: 'agent', scope: 'agent:conversations:read', summary: 'Conversations visible to the agent, newest activity first', query: 'conversationListQuery', response: 'ConversationPage' },
  getConversation: { method: 'GET', path: '/api/agent/conversations/:conversationId', auth: 'agent', scope: 'agent:conversations:read', summary: 'One conversation', params: 'conversationParams', response: 'Conversation' },
  listMessages: { method: 'GET', path: '/api/agent/conversations/:conversationId/messages', auth: 'agent', scope: 'agent:messages:read', summary: 'The message thread, oldest first; the cursor pages to older messages', params: 'conversationParams', query: 'messageListQuery', response: 'MessagePage' },
  reply: { method: 'POST', path: '/api/agent/conversations/:conversationId/messages', auth: 'agent', scope: 'agent:messages:write', summary: 'Send a reply or an internal note; a repeated clientMessageId returns the first message', params: 'conversationParams', body: 'replyRequest', response: 'Message', status: 201 },
  markRead: { method: 'POST', path: '/api/agent/conversations/:conversationId/read', auth: 'agent', scope: 'agent:messages:read', summary: 'Mark messages up to and including one as read by this agent', params: 'conversationParams', body: 'markReadRequest', response: 'Conversation' },
  accept: { method: 'POST', path: '/api/agent/conversations/:conversationId/accept', auth: 'agent', scope: 'agent:conversations:write', summary: 'Take an unassigned conversation', params: 'conversationParams', body: 'acceptRequest', response: 'Conversation' },
  assign: { method: 'POST', path: '/api/agent/conversations/:conversationId/assign', auth: 'agent', scope: 'agent:conversations:write', summary: 'Assign the conversation to an agent', params: 'conversationParams', body: 'assignRequest', response: 'Conversation' },
  transfer: { method: 'POST', path: '/api/agent/conversations/:conversationId/transfer', auth: 'agent', scope: 'agent:conversations:write', summary: 'Transfer the conversation to a department queue', params: 'conversationParams', body: 'transferRequest', response: 'Conversation' },
  close: { method: 'POST', path: '/api/agent/conversations/:conversationId/close', auth: 'agent', scope: 'agent:conversations:write', summary: 'Close the conversation and record the reason', params: 'conversationParams', body: 'closeRequest', response: 'Conversation' },
  deleteAttachment: { method: 'DELETE', path: '/api/agent/conversations/:conversationId/messages/:messageId/attachments', auth: 'agent', scope: 'agent:media:delete', summary: 'Soft-delete the attachments of a message, keeping an audit record and a tombstone', params: 'messageParams', body: 'deleteAttachmentRequest', response: 'AttachmentDeletion' },
  listCalls: { method: 'GET', path: '/api/agent/calls', auth: 'agent', scope: 'agent:calls:read', summary: 'The call log, newest first: calls this agent was rung for or took part in; every call for supervisors and admins', query: 'callListQuery', response: 'CallPage' },
  events: { method: 'GET', path: '/api/agent/events', auth: 'agent', summary: 'Realtime events sent to this agent after a sequence number, for catching up after a gap', query: 'eventsQuery', response: 'EventsPage' },

  visitorStart: { method: 'POST', path: '/api/visitor/conversations', auth: 'none', summary: 'A customer opens a conversation; answers a visitor token', body: 'visitorStartRequest', response: 'VisitorSession', status: 201 },
  visitorMessages: { method: 'GET', path: '/api/visitor/conversations/:conversationId/messages', auth: 'visitor', summary: 'The thread as the customer sees it: no internal notes', params: 'conversationParams', response: 'MessagePage' },
  visitorSend: { method: 'POST', path: '/api/visitor/conversations/:conversationId/messages', auth: 'visitor', summary: 'A customer message', params: 'conversationParams', body: 'visitorMessageRequest', response: 'Message', status: 201 },

  openapi: { method: 'GET', path: '/api/docs/openapi.json', auth: 'none', summary: 'This document', response: 'OpenApiDocument' },
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof ROUTES;

/** Fill `:param` placeholders, encoding each value. */
export function routePath(name: RouteName, params: Record<string, string> = {}): string {
  return ROUTES[name].path.replace(/:([A-Za-z]+)/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`missing path parameter ${key}`);
    return encodeURIComponent(value);
  });
}

export interface VisitorSession {
  conversationId: string;
  visitorId: string;
  visitorToken: string;
}
