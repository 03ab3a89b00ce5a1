import type { AgentScope } from './scopes.js';
import { ROUTE_DOCS, type RouteDoc } from './route-docs.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** The header a Server API key may travel in instead of `Authorization: Bearer`. */
export const SERVER_KEY_HEADER = 'X-Ringnity-Server-Key';

/**
 * The CRM backend's own route that hands its page an agent token, as the guide names it: not a
 * Ringnity route, but the server helper's examples, the emulator's demo mode and the demo pages
 * all point at it.
 */
export const CRM_AGENT_TOKEN_ROUTE = '/api/ringnity/agent-token';
export type RouteAuth = 'agent' | 'server' | 'visitor' | 'none';

export interface EndpointSpec {
  method: HttpMethod;
  /** Path with `:param` placeholders, under the API base. */
  path: string;
  auth: RouteAuth;
  /** The agent scope the route needs, checked before anything else. */
  scope?: AgentScope;
}

/**
 * How every REST route of the Ringnity API is called: what the SDK needs, and all it ships to
 * browsers. What the emulator and the OpenAPI document need besides is in `route-docs.ts`, and
 * `ROUTES` has both.
 */
export const ENDPOINTS = {
  mintAgentToken: { method: 'POST', path: '/api/server/sdk-token/agent', auth: 'server' },

  profile: { method: 'GET', path: '/api/agent/profile', auth: 'agent', scope: 'agent:profile:read' },
  directory: { method: 'GET', path: '/api/agent/directory', auth: 'agent', scope: 'agent:profile:read' },
  getPresence: { method: 'GET', path: '/api/agent/presence', auth: 'agent', scope: 'agent:presence:read' },
  setPresence: { method: 'PUT', path: '/api/agent/presence', auth: 'agent', scope: 'agent:presence:write' },
  listConversations: { method: 'GET', path: '/api/agent/conversations', auth: 'agent', scope: 'agent:conversations:read' },
  getConversation: { method: 'GET', path: '/api/agent/conversations/:conversationId', auth: 'agent', scope: 'agent:conversations:read' },
  listMessages: { method: 'GET', path: '/api/agent/conversations/:conversationId/messages', auth: 'agent', scope: 'agent:messages:read' },
  reply: { method: 'POST', path: '/api/agent/conversations/:conversationId/messages', auth: 'agent', scope: 'agent:messages:write' },
  markRead: { method: 'POST', path: '/api/agent/conversations/:conversationId/read', auth: 'agent', scope: 'agent:messages:read' },
  accept: { method: 'POST', path: '/api/agent/conversations/:conversationId/accept', auth: 'agent', scope: 'agent:conversations:write' },
  assign: { method: 'POST', path: '/api/agent/conversations/:conversationId/assign', auth: 'agent', scope: 'agent:conversations:write' },
  transfer: { method: 'POST', path: '/api/agent/conversations/:conversationId/transfer', auth: 'agent', scope: 'agent:conversations:write' },
  close: { method: 'POST', path: '/api/agent/conversations/:conversationId/close', auth: 'agent', scope: 'agent:conversations:write' },
  deleteAttachment: { method: 'DELETE', path: '/api/agent/conversations/:conversationId/messages/:messageId/attachments', auth: 'agent', scope: 'agent:media:delete' },
  listCalls: { method: 'GET', path: '/api/agent/calls', auth: 'agent', scope: 'agent:calls:read' },
  events: { method: 'GET', path: '/api/agent/events', auth: 'agent' },

  visitorStart: { method: 'POST', path: '/api/visitor/conversations', auth: 'none' },
  visitorMessages: { method: 'GET', path: '/api/visitor/conversations/:conversationId/messages', auth: 'visitor' },
  visitorSend: { method: 'POST', path: '/api/visitor/conversations/:conversationId/messages', auth: 'visitor' },

  openapi: { method: 'GET', path: '/api/docs/openapi.json', auth: 'none' },
} as const satisfies Record<string, EndpointSpec>;

export type RouteName = keyof typeof ENDPOINTS;

export type RouteSpec = EndpointSpec & RouteDoc;

/**
 * Every REST route of the Ringnity API the SDK and the emulator speak, with its documentation.
 * Both sides read paths and scopes from here, and the OpenAPI document is generated from it.
 */
export const ROUTES = /* #__PURE__ */ withDocs(ENDPOINTS, ROUTE_DOCS);

function withDocs<E extends Record<RouteName, EndpointSpec>, D extends Record<RouteName, RouteDoc>>(
  endpoints: E,
  // A documented route that `ENDPOINTS` lacks is a typo: refuse it as well as a missing one.
  docs: D & Record<Exclude<keyof D, RouteName>, never>,
): { [K in RouteName]: E[K] & D[K] } {
  const routes: Partial<Record<RouteName, RouteSpec>> = {};
  for (const name of Object.keys(endpoints) as RouteName[]) routes[name] = { ...endpoints[name], ...docs[name] };
  return routes as { [K in RouteName]: E[K] & D[K] };
}

/** Fill `:param` placeholders, encoding each value. */
export function routePath(name: RouteName, params: Record<string, string> = {}): string {
  return ENDPOINTS[name].path.replace(/:([A-Za-z]+)/g, (_, key: string) => {
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
