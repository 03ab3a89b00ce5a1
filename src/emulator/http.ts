import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { bodyLimit } from 'hono/body-limit';
import { getConnInfo } from '@hono/node-server/conninfo';
import * as schemas from '../protocol/schemas.js';
import { ROUTES, SERVER_KEY_HEADER, type RouteName, type RouteSpec, type VisitorSession } from '../protocol/routes.js';
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
import { TokenBuckets, type RateLimit } from './rate-limit.js';

const MAX_REQUEST_BYTES = 64 * 1024;

// Each route's own zod schema checks these at run time (schemaNamed below); typing them per route
// would repeat the schemas here.
/* eslint-disable @typescript-eslint/no-explicit-any */
interface Input {
  params: any;
  query: any;
  body: any;
}
/* eslint-enable @typescript-eslint/no-explicit-any */
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

/** Limits of the two visitor routes anyone on the web can call. */
export interface VisitorRateLimits {
  /** Conversations opened per client address. */
  start: RateLimit;
  /** Messages sent per visitor. */
  send: RateLimit;
}

/**
 * Loose enough for a person, and for the test suites that open dozens of conversations from one
 * address; tight enough that a page flooding the emulator gets a few dozen conversations, not
 * thousands.
 */
export const DEFAULT_VISITOR_RATE_LIMITS: VisitorRateLimits = {
  start: { capacity: 60, perSecond: 1 },
  send: { capacity: 60, perSecond: 2 },
};

export interface HttpOptions {
  store: Store;
  tokens: TokenIssuer;
  isAllowedOrigin: (origin: string) => boolean;
  visitorRateLimits?: VisitorRateLimits;
  now?: () => number;
}

/** The visitor routes a web page can reach without a token of its own: they are guarded further. */
const PUBLIC_WRITES: ReadonlySet<RouteName> = new Set(['visitorStart', 'visitorSend']);

/** The REST API: every route of `ROUTES`, validated against its schemas, with the contract's error body. */
/**
 * CORS for every `/api/*` answer, preflight and actual request alike: browsers on an allowed origin
 * (loopback, or one passed with `--allow-origin`) may read the answer, others get no header at all.
 */
export function apiCors(isAllowedOrigin: (origin: string) => boolean) {
  return cors({
    origin: (origin) => (isAllowedOrigin(origin) ? origin : null),
    allowHeaders: ['Authorization', 'Content-Type', SERVER_KEY_HEADER],
    allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
    maxAge: 600,
  });
}

export function createApi({ store, tokens, isAllowedOrigin, visitorRateLimits = DEFAULT_VISITOR_RATE_LIMITS, now = Date.now }: HttpOptions): Hono {
  const app = new Hono();
  const startBuckets = new TokenBuckets(visitorRateLimits.start, now);
  const sendBuckets = new TokenBuckets(visitorRateLimits.send, now);
  const admit = (buckets: TokenBuckets, key: string, what: string) => {
    const admission = buckets.take(key);
    if (!admission.ok) throw new RateLimited(`Too many ${what}; try again in ${admission.retryAfterSeconds} s`, admission.retryAfterSeconds);
  };
  app.use('/api/*', apiCors(isAllowedOrigin));
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_REQUEST_BYTES,
      onError: (c) => c.json(new ApiError('PAYLOAD_TOO_LARGE', `The request body is larger than ${MAX_REQUEST_BYTES} bytes`).toBody(), 413),
    }),
  );
  app.onError((error, c) => {
    if (error instanceof RateLimited) c.header('Retry-After', String(error.retryAfterSeconds));
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
    // Read in the same tick as the list, so no event falls between the two.
    listConversations: ({ viewer, claims, query }) => ({ ...store.list(viewer, query), lastSeq: store.hub.lastSeqFor(viewer.id, claims.scopes), streamId: store.hub.streamId }),
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
    // One dispatcher for every route: it builds the input field by field for the handler the table typed.
    /* eslint-disable @typescript-eslint/no-explicit-any */
    const handler = handlers[name] as (input: any, c: Context) => Promise<Answer> | Answer;
    app.on(spec.method, spec.path, async (c) => {
      const input: any = {};
      /* eslint-enable @typescript-eslint/no-explicit-any */
      if (PUBLIC_WRITES.has(name)) {
        checkWidgetOrigin(c, isAllowedOrigin);
        requireJson(c);
        if (name === 'visitorStart') admit(startBuckets, clientAddress(c), 'conversations opened from this address');
      }
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
        if (name === 'visitorSend') admit(sendBuckets, visitor.visitorId, 'messages from this visitor');
      } else if (spec.auth === 'server') {
        const scopes = store.serverKeys.get(serverKeyOf(c));
        if (!scopes) throw new ApiError('SERVER_API_KEY_INVALID', 'The Server API key is not valid');
        if (!scopes.includes('server:agent-token:write')) throw new ApiError('SERVER_API_SCOPE_DENIED', 'The Server API key lacks the scope server:agent-token:write');
      }
      const invalid = INVALID[spec.auth];
      input.params = spec.params ? validate(schemaNamed(spec.params), c.req.param(), invalid) : {};
      const query = singleQueryValues(c, invalid);
      input.query = spec.query ? validate(schemaNamed(spec.query), query, invalid) : {};
      if (!spec.query && Object.keys(query).length > 0) {
        const key = Object.keys(query)[0]!.slice(0, 100);
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

/** A refusal that tells the client when to come back, in a `Retry-After` header. */
class RateLimited extends ApiError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('VISITOR_RATE_LIMITED', message);
  }
}

/**
 * Each query parameter at most once, and never empty: with a repeated key, which value counts
 * would be a guess, and an empty value is not a default.
 */
function singleQueryValues(c: Context, code: ApiErrorCode): Record<string, string> {
  const single: Record<string, string> = {};
  for (const [rawKey, values] of Object.entries(c.req.queries())) {
    // Keys come from anyone: echo a bounded piece of them.
    const key = rawKey.slice(0, 100);
    if (values.length !== 1) throw new ApiError(code, `${key}: must be given once, not ${values.length} times`, key);
    if (values[0] === '') throw new ApiError(code, `${key}: must not be empty; leave the parameter out to use its default`, key);
    single[rawKey] = values[0]!;
  }
  return single;
}

/**
 * A page may open a conversation or write in it only from an origin the tenant allows for its
 * widget. A request with no Origin at all does not come from a web page's script (browsers send
 * one on every cross-origin request and on same-origin POSTs), so a server or a test may call
 * without one. `Origin: null` (sandboxed frames, file: pages) is refused.
 */
function checkWidgetOrigin(c: Context, isAllowedOrigin: (origin: string) => boolean): void {
  const origin = c.req.header('origin');
  if (origin === undefined || isAllowedOrigin(origin)) return;
  throw new ApiError('VISITOR_ORIGIN_FORBIDDEN', `Origin: ${origin.slice(0, 200)} is not an allowed origin for this tenant's chat`, 'Origin');
}

/**
 * Only a JSON body, declared as such. A form post, a `no-cors` fetch and `sendBeacon` cannot send
 * `application/json` without a CORS preflight, so this keeps other websites from writing here.
 */
function requireJson(c: Context): void {
  const type = c.req.header('content-type')?.split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', `Content-Type: send the body as application/json, not ${type ? type.slice(0, 100) : 'without a type'}`, 'Content-Type');
  }
}

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
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
  const key = c.req.header(SERVER_KEY_HEADER)?.trim() || bearer(c);
  if (!key) throw new ApiError('SERVER_API_KEY_MISSING', `Send the Server API key as "Authorization: Bearer KEY" or "${SERVER_KEY_HEADER}: KEY"`);
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
