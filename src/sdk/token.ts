import { readAgentTokenClaims, type AgentScope, type AgentTokenClaims } from '../protocol/index.js';
import { Emitter, type Unsubscribe } from './emitter.js';
import { RingnityError, isRingnityError } from './errors.js';
import { backoffDelay, type Lifecycle } from './lifecycle.js';

/** Either a token you already hold, or a function the SDK calls whenever it needs a fresh one. */
export type TokenInit = { token: string; getToken?: never } | { getToken: () => TokenResult | Promise<TokenResult>; token?: never };

/** `getToken` may answer the token itself or the `{ token }` body a backend token route returns. */
export type TokenResult = string | { token: string };

/** Never refresh sooner than this fraction of a token's lifetime, even if the clocks disagree. */
const MIN_REFRESH_FRACTION = 0.25;
const REFRESH_RETRY_BASE_MS = 1_000;
const REFRESH_RETRY_MAX_MS = 30_000;

/**
 * Holds the agent token in memory only (never in storage a script injection could read later),
 * refreshes it ahead of expiry when a `getToken` was given, and makes concurrent refresh requests
 * share one call.
 */
export class TokenSource {
  private currentToken: string;
  private currentClaims: AgentTokenClaims;
  private inflight: Promise<string> | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private failedRefreshes = 0;
  private readonly events = new Emitter<{ refreshed: [token: string]; error: [error: RingnityError] }>();

  private constructor(
    private readonly getToken: (() => TokenResult | Promise<TokenResult>) | undefined,
    token: string,
    private readonly lifecycle: Lifecycle,
  ) {
    this.currentToken = token;
    this.currentClaims = decodeAgentToken(token);
    lifecycle.onDestroy(() => {
      clearTimeout(this.refreshTimer);
      this.events.clear();
    });
    this.scheduleRefresh();
  }

  static async create(init: TokenInit, lifecycle: Lifecycle): Promise<TokenSource> {
    if (typeof init.getToken === 'function') {
      const token = await callGetToken(init.getToken);
      return new TokenSource(init.getToken, token, lifecycle);
    }
    if (typeof init.token === 'string' && init.token) return new TokenSource(undefined, init.token, lifecycle);
    throw new TypeError('RingnityAgent.create needs either a token string or a getToken function');
  }

  get token(): string {
    return this.currentToken;
  }

  get claims(): AgentTokenClaims {
    return this.currentClaims;
  }

  get canRefresh(): boolean {
    return this.getToken !== undefined;
  }

  hasScope(scope: AgentScope): boolean {
    return this.currentClaims.scp.includes(scope);
  }

  /** Fires after every new token, so the socket can re-authenticate with it. */
  onRefreshed(listener: (token: string) => void): Unsubscribe {
    return this.events.on('refreshed', listener);
  }

  /** Fires when a background refresh fails; it will be retried. */
  onError(listener: (error: RingnityError) => void): Unsubscribe {
    return this.events.on('error', listener);
  }

  /** Gets a new token; callers that ask while one is on its way share it. */
  refresh(): Promise<string> {
    if (this.lifecycle.destroyed) return Promise.reject(new RingnityError('DESTROYED', 'This RingnityAgent was destroyed'));
    if (!this.getToken) {
      return Promise.reject(new RingnityError('TOKEN_UNAVAILABLE', 'The agent token expired or was rejected, and no getToken was given to fetch a new one', { status: 401 }));
    }
    const getToken = this.getToken;
    this.inflight ??= (async () => {
      try {
        const token = await callGetToken(getToken);
        this.lifecycle.assertAlive();
        this.accept(token);
        return token;
      } catch (error) {
        // Whoever asked hears about the failure; meanwhile we keep trying, so that a token
        // endpoint that was down for a moment does not end the session.
        this.scheduleRetry();
        throw error;
      } finally {
        this.inflight = undefined;
      }
    })();
    return this.inflight;
  }

  private accept(token: string): void {
    const claims = decodeAgentToken(token);
    if (claims.sub !== this.currentClaims.sub || claims.tid !== this.currentClaims.tid) {
      // A session must not silently turn into another agent's session.
      throw new RingnityError('TOKEN_UNAVAILABLE', 'getToken returned a token for a different agent or tenant', { status: 401 });
    }
    this.currentToken = token;
    this.currentClaims = claims;
    this.failedRefreshes = 0;
    this.scheduleRefresh();
    this.events.emit('refreshed', token);
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    if (!this.getToken || this.lifecycle.destroyed) return;
    this.refreshTimer = setTimeout(() => this.refreshInBackground(), refreshDelayMs(this.currentClaims, Date.now()));
  }

  private scheduleRetry(): void {
    if (this.lifecycle.destroyed) return;
    clearTimeout(this.refreshTimer);
    const delay = backoffDelay(this.failedRefreshes++, REFRESH_RETRY_BASE_MS, REFRESH_RETRY_MAX_MS);
    this.refreshTimer = setTimeout(() => this.refreshInBackground(), delay);
  }

  private refreshInBackground(): void {
    this.refresh().catch((error: unknown) => {
      // No caller is waiting on a background refresh, so the failure goes to the error listeners.
      if (!this.lifecycle.destroyed) this.events.emit('error', asTokenError(error));
    });
  }
}

/**
 * When to refresh: at exp − min(60 s, 25 % of the lifetime). The delay is also capped by the
 * lifetime as measured from now, so a client clock running behind the server cannot make us
 * refresh after expiry, and floored at a quarter of the lifetime so a clock running ahead cannot
 * make us refresh in a tight loop.
 */
export function refreshDelayMs(claims: Pick<AgentTokenClaims, 'iat' | 'exp'>, nowMs: number): number {
  const lifetimeMs = Math.max(0, claims.exp - claims.iat) * 1000;
  const marginMs = Math.min(60_000, lifetimeMs * 0.25);
  const byClock = claims.exp * 1000 - marginMs - nowMs;
  const byLifetime = lifetimeMs - marginMs;
  return Math.max(Math.min(byClock, byLifetime), lifetimeMs * MIN_REFRESH_FRACTION);
}

async function callGetToken(getToken: () => TokenResult | Promise<TokenResult>): Promise<string> {
  let result: TokenResult;
  try {
    result = await getToken();
  } catch (error) {
    throw asTokenError(error);
  }
  const token = typeof result === 'string' ? result : result?.token;
  if (typeof token !== 'string' || !token) {
    throw new RingnityError('TOKEN_UNAVAILABLE', 'getToken must return a token string or an object with a token property');
  }
  return token;
}

function asTokenError(error: unknown): RingnityError {
  if (isRingnityError(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new RingnityError('TOKEN_UNAVAILABLE', `getToken failed: ${detail}`, { cause: error });
}

/** Reads a JWT payload without verifying the signature, against the protocol's claim table. */
export function decodeAgentToken(token: string): AgentTokenClaims {
  const payload = token.split('.')[1];
  let claims: AgentTokenClaims | null = null;
  try {
    if (payload) claims = readAgentTokenClaims(JSON.parse(decodeBase64Url(payload)));
  } catch {
    claims = null;
  }
  if (!claims) throw new RingnityError('AGENT_SDK_TOKEN_INVALID', 'The agent token is not a Ringnity agent token');
  return claims;
}

function decodeBase64Url(segment: string): string {
  const base64 = segment
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(segment.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
