import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { bodyLimit } from 'hono/body-limit';
import * as schemas from '../protocol/schemas.js';
import { ROUTES, type RouteName, type RouteSpec, type VisitorSession } from '../protocol/routes.js';
import type { ApiErrorCode } from '../protocol/errors.js';
import type { AgentTokenResponse, Directory, Profile } from '../protocol/models.js';
import type { EventsPage } from '../protocol/socket.js';
import { ApiError } from './api-error.js';
import type { Store } from './store.js';
import type { AgentClaims, TokenIssuer } from './tokens.js';
import type { Viewer } from '../protocol/rules.js';
import { validate } from './validate.js';
import { buildOpenApi } from '../protocol/openapi.js';
import { listCalls } from './calls.js';

export const MAX_REQUEST_BYTES = 64 * 1024;

interface Input {
  params: any;
  query: any;
  body: any;
}
interface AgentInput extends Input {
  claims: AgentClaims;
  viewer: Viewer;
}
type Answer = unknown | { status: number; body: unknown };

type Handlers = {
  [K in RouteName]: (typeof ROUTES)[K]['auth'] extends 'agent'
    ? (input: AgentInput, c: Context) => Promise<Answer> | Answer
    : (typeof ROUTES)[K]['auth'] extends 'visitor'
      ? (input: Input & { visitorId: string }, c: Context) => Promise<Answer> | Answer
      : (input: Input, c: Context) => Promise<Answer> | Answer;
};

const INVALID: Record<RouteSpec['auth'], ApiErrorCode> = {
  agent: 'AGENT_SDK_INVALID_REQUEST',
  server: 'SERVER_API_INVALID_REQUEST',
  visitor: 'VISITOR_INVALID_REQUEST',
  none: 'VISITOR_INVALID_REQUEST',
};

const STATUS = Symbol('status');
const withStatus = (status: number, body: unknown) => ({ [STATUS]: status, body });

export interface HttpOptions {
  store: Store;
  tokens: TokenIssuer;
  isAllowedOrigin: (origin: string) => boolean;
}

/** The REST API: every route of `ROUTES`, validated against its schemas, with the contract's error body. */
export function createApi({ store, tokens, isAllowedOrigin }: HttpOptions): Hono {
  const app = new Hono();
  app.use(
    '/api/*',
    cors({
      origin: (origin) => (isAllowedOrigin(origin) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type', 'X-Ringnity-Server-Key'],
      allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
      maxAge: 600,
    }),
  );
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_REQUEST_BYTES,
      onError: (c) => c.json(new ApiError('PAYLOAD_TOO_LARGE', `The request body is larger than ${MAX_REQUEST_BYTES} bytes`).toBody(), 413),
    }),
  );
  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.toBody(), error.status as 400);
    console.error('[emulator] unexpected error', error);
    return c.json(new ApiError('INTERNAL_ERROR', 'The emulator failed to answer this request').toBody(), 500);
  });

  const viewerOf = (claims: AgentClaims): Viewer => {
    const agent = store.agents.get(claims.agentId);
    if (!agent || claims.tenantId !== store.tenant.id) throw new ApiError('AGENT_SDK_TOKEN_INVALID', 'The agent of this token no longer exists');
    return { id: agent.id, role: agent.role, departmentId: agent.departmentId };
  };
  const conversationId = (input: Input) => input.params.conversationId as string;

  const handlers: Handlers = {
    mintAgentToken: async ({ body }) => {
      const request = body as import('zod').output<typeof schemas.agentTokenRequest>;
      const agent = store.agentByUsername(request.username);
      if (!agent) throw new ApiError('SERVER_API_INVALID_REQUEST', `username: no agent is called ${request.username}`, 'username');
      const minted = await tokens.mintAgent(
        {
          agentId: agent.id,
          tenantId: store.tenant.id,
          tenantKey: store.tenant.key,
          username: agent.username,
          role: agent.role,
          departmentId: agent.departmentId,
          scopes: [...new Set(request.scopes)],
        },
        request.expiresIn,
      );
      const answer: AgentTokenResponse = {
        token: minted.token,
        expiresIn: request.expiresIn,
        expiresAt: new Date(minted.expiresAt * 1000).toISOString(),
        agent: { id: agent.id, username: agent.username, role: agent.role, departmentId: agent.departmentId },
        tenant: { id: store.tenant.id, key: store.tenant.key },
      };
      return answer;
    },

    profile: ({ claims, viewer }) => {
      const agent = store.agents.get(viewer.id)!;
      const profile: Profile = {
        agent: { ...store.agentSummary(agent), email: agent.email },
        tenant: { ...store.tenant },
        role: agent.role,
        department: store.department(agent.departmentId),
        scopes: claims.scopes,
        tokenExpiresAt: claims.expiresAt,
      };
      return profile;
    },
    directory: (): Directory => ({ departments: store.departments, agents: [...store.agents.values()].map((a) => store.agentSummary(a)) }),
    getPresence: ({ viewer }) => store.presence(viewer.id),
    setPresence: ({ viewer, body }) => store.setPresence(viewer.id, body.status),
    listConversations: ({ viewer, query }) => store.list(viewer, query),
    getConversation: (input) => store.get(input.viewer, conversationId(input)),
    listMessages: (input) => store.messages(input.viewer, conversationId(input), input.query),
    reply: (input) => {
      const { message, created } = store.reply(input.viewer, conversationId(input), input.body);
      return withStatus(created ? 201 : 200, message);
    },
    markRead: (input) => store.markRead(input.viewer, conversationId(input), input.body.messageId),
    accept: (input) => store.accept(input.viewer, conversationId(input), input.body.reason),
    assign: (input) => store.assign(input.viewer, conversationId(input), input.body.assignedAgentId, input.body.reason),
    transfer: (input) => store.transfer(input.viewer, conversationId(input), input.body.departmentId, input.body.reason),
    close: (input) => store.close(input.viewer, conversationId(input), input.body.reason),
    deleteAttachment: (input) => store.deleteAttachment(input.viewer, conversationId(input), input.params.messageId, input.body.reason),
    listCalls: ({ viewer, query }) => listCalls(store, viewer, query),
    events: ({ viewer, claims, query }) => {
      const page = store.hub.eventsFor(viewer.id, query.after, claims.scopes, query.limit);
      if (!page) throw new ApiError('AGENT_SDK_EVENTS_EXPIRED', 'after: the event log no longer reaches back that far; reload instead', 'after');
      const answer: EventsPage = {
        events: page.events,
        lastSeq: store.hub.lastSeqFor(viewer.id, claims.scopes),
        streamId: store.hub.streamId,
        hasMore: page.hasMore,
        nextAfter: page.events.at(-1)?.seq ?? query.after,
      };
      return answer;
    },

    visitorStart: async ({ body }) => {
      const { visitor, conversationId: id } = store.visitorStart(body);
      const session: VisitorSession = { conversationId: id, visitorId: visitor.id, visitorToken: await tokens.mintVisitor(visitor.id, id) };
      return withStatus(201, session);
    },
    visitorMessages: ({ visitorId, params }) => store.visitorMessages(visitorId, params.conversationId, { limit: 100 }),
    visitorSend: ({ visitorId, params, body }) => {
      const { message, created } = store.visitorSend(visitorId, params.conversationId, body.body, body.clientMessageId);
      return withStatus(created ? 201 : 200, message);
    },
    openapi: () => buildOpenApi(),
  };

  for (const name of Object.keys(ROUTES) as RouteName[]) {
    const spec: RouteSpec = ROUTES[name];
    const handler = handlers[name] as (input: any, c: Context) => Promise<Answer> | Answer;
    app.on(spec.method, spec.path, async (c) => {
      const input: any = {};
      if (spec.auth === 'agent') {
        input.claims = await agentClaims(c, tokens);
        if (spec.scope && !input.claims.scopes.includes(spec.scope)) {
          throw new ApiError('AGENT_SDK_SCOPE_DENIED', `This token lacks the scope ${spec.scope}`);
        }
        input.viewer = viewerOf(input.claims);
      } else if (spec.auth === 'visitor') {
        const visitor = await tokens.verifyVisitor(bearer(c) ?? '');
        if (!visitor) throw new ApiError('VISITOR_TOKEN_INVALID', 'The visitor token is missing or not valid');
        input.visitorId = visitor.visitorId;
      } else if (spec.auth === 'server') {
        const scopes = store.serverKeys.get(serverKeyOf(c));
        if (!scopes) throw new ApiError('SERVER_API_KEY_INVALID', 'The Server API key is not valid');
        if (!scopes.includes('server:agent-token:write')) throw new ApiError('SERVER_API_SCOPE_DENIED', 'The Server API key lacks the scope server:agent-token:write');
      }
      const invalid = INVALID[spec.auth];
      input.params = spec.params ? validate(schemaNamed(spec.params), c.req.param(), invalid) : {};
      input.query = spec.query ? validate(schemaNamed(spec.query), c.req.query(), invalid) : {};
      if (!spec.query && Object.keys(c.req.query()).length > 0) {
        const key = Object.keys(c.req.query())[0]!;
        throw new ApiError(invalid, `${key}: is not a known query parameter`, key);
      }
      input.body = spec.body ? validate(schemaNamed(spec.body), await jsonBody(c, invalid), invalid) : {};
      const answer = await handler(input, c);
      if (answer && typeof answer === 'object' && STATUS in answer) {
        const { body, [STATUS]: status } = answer as { body: object; [STATUS]: number };
        return c.json(body, status as 200);
      }
      return c.json(answer as object, (spec.status ?? 200) as 200);
    });
  }

  app.all('/api/*', (c) => c.json(new ApiError('NOT_FOUND', `No route ${c.req.method} ${c.req.path}`).toBody(), 404));
  return app;
}

function schemaNamed(name: string) {
  const schema = (schemas as Record<string, unknown>)[name];
  if (!schema) throw new Error(`No schema named ${name}`);
  return schema as import('zod').ZodType;
}


function bearer(c: Context): string | null {
  const header = c.req.header('authorization');
  if (!header) return null;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match ? match[1]!.trim() : '';
}

function serverKeyOf(c: Context): string {
  const key = c.req.header('x-ringnity-server-key')?.trim() || bearer(c);
  if (!key) throw new ApiError('SERVER_API_KEY_MISSING', 'Send the Server API key as "Authorization: Bearer KEY" or "X-Ringnity-Server-Key: KEY"');
  return key;
}

async function agentClaims(c: Context, tokens: TokenIssuer): Promise<AgentClaims> {
  const token = bearer(c);
  if (token === null || token === '') throw new ApiError('AGENT_SDK_TOKEN_MISSING', 'Send the agent token as "Authorization: Bearer TOKEN"');
  const claims = await tokens.verifyAgent(token);
  if (!claims) throw new ApiError('AGENT_SDK_TOKEN_INVALID', 'The agent token is not valid or has expired');
  return claims;
}

async function jsonBody(c: Context, code: ApiErrorCode): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(code, '(request body): is not valid JSON', '(request body)');
  }
}
