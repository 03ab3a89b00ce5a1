import { readFile } from 'node:fs/promises';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Server as SocketServer } from 'socket.io';
import { AGENT_SCOPES } from '../protocol/scopes.js';
import { CRM_AGENT_TOKEN_ROUTE } from '../protocol/routes.js';
import { createAgentToken } from '../server/index.js';
import { apiCors, createApi, type VisitorRateLimits } from './http.js';
import { demoSeed } from './demo-seed.js';
import { DEFAULT_EVENT_RETENTION, type EventRetention } from './event-hub.js';
import { parseSeed, type TenantSeed, type TenantSeedInput } from './seed-schema.js';
import { attachSockets } from './sockets.js';
import { Store } from './store.js';
import { mountStaticDirs, type StaticDir } from './static-files.js';
import { TokenIssuer } from './tokens.js';

export { Store } from './store.js';
export { demoSeed } from './demo-seed.js';
export { demoStaticDirs, type StaticDir } from './static-files.js';
export { DEFAULT_VISITOR_RATE_LIMITS, type VisitorRateLimits } from './http.js';
export { DEFAULT_EVENT_RETENTION, type EventRetention } from './event-hub.js';
export { parseSeed, tenantSeed, type TenantSeed, type TenantSeedInput } from './seed-schema.js';

export interface EmulatorOptions {
  port?: number;
  host?: string;
  /** A tenant to load instead of the demo tenant. */
  seed?: TenantSeedInput;
  /** Origins allowed besides any http://127.0.0.1:* and http://localhost:*. */
  allowedOrigins?: string[];
  /** Folders served under URL prefixes: whole, or only the files listed (see `demoStaticDirs`). */
  staticDirs?: StaticDir[];
  /** Also answer the CRM backend's token route of the guide (`POST /api/ringnity/agent-token`), for the demo page. */
  demoTokenRoute?: boolean;
  /** Secret for signing tokens; random per run by default. */
  signingSecret?: string;
  /** Milliseconds since the epoch; tests move it to expire tokens. */
  now?: () => number;
  /** How long a call rings before it is missed. Default 30000. */
  ringTimeoutMs?: number;
  /** How long a party of a live call may be disconnected before the call ends. Default 15000. */
  callReconnectGraceMs?: number;
  /** How long an agent may have no connection before their presence shows offline to others. Default 30000. */
  presenceGraceMs?: number;
  /** Where the emulator reports a socket request it failed on unexpectedly; stderr by default. */
  log?: (line: string) => void;
  /** Token buckets for visitor start (per client address) and visitor send (per visitor); see `DEFAULT_VISITOR_RATE_LIMITS`. */
  visitorRateLimits?: VisitorRateLimits;
  /** The socket heartbeat. Default a ping every 2 s, answered within 2.5 s; fault tests shorten it. */
  heartbeat?: { pingIntervalMs: number; pingTimeoutMs: number };
  /** How much of the realtime log is kept for catch-up; see `DEFAULT_EVENT_RETENTION` (10,000 events, 16 MB). */
  eventRetention?: Partial<EventRetention>;
}

export interface RunningEmulator {
  url: string;
  port: number;
  store: Store;
  /** The socket.io server, for tests that have to play a server's timing exactly. */
  io: SocketServer;
  dropAgentSockets(agentId?: string): number;
  agentSocketCount(): number;
  close(): Promise<void>;
}

const LOOPBACK_ORIGIN = /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/;

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const now = options.now ?? Date.now;
  // The demo tenant's timestamps follow the injected clock, so that new activity sorts after it.
  const seed = loadSeed(options.seed ?? demoSeed(now()));
  const store = new Store(seed, now, { ...DEFAULT_EVENT_RETENTION, ...options.eventRetention });
  const tokens = new TokenIssuer(now, options.signingSecret);
  const extraOrigins = new Set(options.allowedOrigins ?? []);
  const isAllowedOrigin = (origin: string) => LOOPBACK_ORIGIN.test(origin) || extraOrigins.has(origin);

  const app = new Hono();
  const host = options.host ?? '127.0.0.1';
  let selfUrl = '';
  if (options.demoTokenRoute) {
    // Stands in for the CRM's own backend: it holds the Server API key and hands the page a token.
    // A dev server on another loopback port (Vite on :5173, Next on :3000) calls it cross-origin, so
    // its answer carries the same CORS headers as the API's, not only its preflight.
    app.use(CRM_AGENT_TOKEN_ROUTE, apiCors(isAllowedOrigin));
    app.post(CRM_AGENT_TOKEN_ROUTE, async (c) => {
      const body = (await c.req.json().catch(() => ({}))) as { userId?: unknown };
      const username = typeof body.userId === 'string' && body.userId ? body.userId : 'agent.one';
      try {
        const minted = await createAgentToken({ apiBaseUrl: selfUrl, serverApiKey: 'rn_sk_test_demo', username, scopes: AGENT_SCOPES, expiresIn: 900 });
        return c.json({ token: minted.token, expiresAt: minted.expiresAt });
      } catch (error) {
        const e = error as { code?: string; message?: string; status?: number };
        return c.json({ error: { code: e.code ?? 'INTERNAL_ERROR', message: e.message ?? 'failed', status: e.status ?? 500 } }, (e.status || 500) as 400);
      }
    });
  }
  app.route('/', createApi({ store, tokens, isAllowedOrigin, now, ...(options.visitorRateLimits ? { visitorRateLimits: options.visitorRateLimits } : {}) }));
  mountStaticDirs(app, options.staticDirs ?? [], ["'self'", 'http://127.0.0.1:*', 'http://localhost:*', ...extraOrigins].join(' '));

  const server = await new Promise<HttpServer>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 8192, hostname: host }, () => resolve(s as HttpServer));
    (s as HttpServer).once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  selfUrl = url;
  const sockets = attachSockets(server, store, tokens, isAllowedOrigin, {
    ...(options.ringTimeoutMs !== undefined ? { ringTimeoutMs: options.ringTimeoutMs } : {}),
    ...(options.callReconnectGraceMs !== undefined ? { callReconnectGraceMs: options.callReconnectGraceMs } : {}),
    ...(options.presenceGraceMs !== undefined ? { presenceGraceMs: options.presenceGraceMs } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.heartbeat !== undefined ? { heartbeat: options.heartbeat } : {}),
  });

  let closed: Promise<void> | null = null;
  return {
    url,
    port,
    store,
    io: sockets.io,
    dropAgentSockets: (agentId) => sockets.dropAgentSockets(agentId),
    agentSocketCount: () => sockets.agentSocketCount(),
    close() {
      closed ??= (async () => {
        await sockets.close();
        server.closeAllConnections?.();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closed;
    },
  };
}

function loadSeed(raw: unknown): TenantSeed {
  const result = parseSeed(raw);
  if (!result.ok) throw new SeedError(result.problems);
  return result.seed;
}

export class SeedError extends Error {
  constructor(readonly problems: string[]) {
    super(`the seed is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Read and check a seed file, so that the CLI can refuse it with a clear message. */
export async function readSeedFile(file: string): Promise<TenantSeedInput> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SeedError([`cannot read ${file}: ${(error as Error).message}`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SeedError([`${file} is not valid JSON: ${(error as Error).message}`]);
  }
  loadSeed(raw);
  return raw as TenantSeedInput;
}
