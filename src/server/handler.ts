import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AgentScope } from '../protocol/scopes.js';
import { AgentTokenError, createAgentToken } from './agent-token.js';

/** What the CRM allows its signed-in user: the Ringnity username and the scopes to grant. */
export interface AgentGrant {
  username: string;
  scopes: readonly AgentScope[];
  expiresIn?: number;
}

export interface AgentTokenRouteOptions {
  serverApiKey: string;
  apiBaseUrl?: string;
  /**
   * Map the request's signed-in CRM user to a grant, or answer null to refuse. This is where the
   * CRM checks its own session: the helper trusts nothing in the request body by itself.
   */
  authorize(request: Request, body: unknown): Promise<AgentGrant | null> | AgentGrant | null;
  /** Called with every failure, for the CRM's logs. The error never carries the key. */
  onError?(error: AgentTokenError): void;
  fetch?: typeof fetch;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  });

/**
 * The CRM backend's token route (`POST /api/ringnity/agent-token` in the guide), written
 * against the Fetch API so it runs on Node, Deno, Bun and edge runtimes alike.
 */
export function createAgentTokenHandler(options: AgentTokenRouteOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'POST') return json(405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'Use POST', status: 405 } });
    let body: unknown;
    try {
      const text = await request.text();
      body = text ? JSON.parse(text) : {};
    } catch {
      return json(400, { error: { code: 'INVALID_REQUEST', message: 'The request body is not valid JSON', status: 400 } });
    }
    try {
      const grant = await options.authorize(request, body);
      if (!grant) return json(401, { error: { code: 'UNAUTHORIZED', message: 'No signed-in user may have an agent token', status: 401 } });
      const minted = await createAgentToken({
        serverApiKey: options.serverApiKey,
        username: grant.username,
        scopes: grant.scopes,
        ...(grant.expiresIn !== undefined ? { expiresIn: grant.expiresIn } : {}),
        ...(options.apiBaseUrl ? { apiBaseUrl: options.apiBaseUrl } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      return json(200, { token: minted.token, expiresIn: minted.expiresIn, expiresAt: minted.expiresAt, agent: minted.agent });
    } catch (error) {
      const failure = error instanceof AgentTokenError ? error : new AgentTokenError('INTERNAL_ERROR', 'The token route failed', 500);
      options.onError?.(failure);
      // Upstream auth problems are the CRM's configuration, not the browser's: answer 502 without detail.
      const upstream = failure.code.startsWith('SERVER_API_KEY') || failure.code === 'SERVER_API_SCOPE_DENIED';
      const status = upstream ? 502 : failure.status || 502;
      return json(status, {
        error: {
          code: upstream ? 'TOKEN_SERVICE_MISCONFIGURED' : failure.code,
          message: upstream ? 'The CRM could not mint an agent token' : failure.message,
          status,
          ...(failure.field && !upstream ? { field: failure.field } : {}),
        },
      });
    }
  };
}

/** Adapter for Node's `http` server: `http.createServer(toNodeListener(handler))`. */
export function toNodeListener(handler: (request: Request) => Promise<Response>) {
  return async (req: IncomingMessage & { body?: unknown }, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    // Express with a JSON parser has already read the stream; use what it parsed.
    if (req.body !== undefined) chunks.push(Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body)));
    else for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) headers.set(name, value.join(', '));
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const method = req.method ?? 'GET';
    const request = new Request(url, { method, headers, ...(method === 'GET' || method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }) });
    const response = await handler(request);
    res.statusCode = response.status;
    response.headers.forEach((value, name) => res.setHeader(name, value));
    res.end(Buffer.from(await response.arrayBuffer()));
  };
}

/** Adapter for Express and Connect-style routers: `app.post('/api/ringnity/agent-token', toExpressHandler(handler))`. */
export function toExpressHandler(handler: (request: Request) => Promise<Response>) {
  const listener = toNodeListener(handler);
  return (req: IncomingMessage & { body?: unknown }, res: ServerResponse, next?: (error?: unknown) => void): void => {
    listener(req, res).catch((error) => (next ? next(error) : res.destroy(error as Error)));
  };
}
