import { AGENT_SCOPES, TOKEN_EXPIRY, isAgentScope, type AgentScope } from '../protocol/scopes.js';
import { ENDPOINTS } from '../protocol/routes.js';
import type { AgentTokenResponse } from '../protocol/models.js';
import { readErrorBody } from '../protocol/errors.js';
import { PRODUCTION_API_BASE_URL } from '../protocol/endpoints.js';

/** A backend has no page to read a meta tag from: it calls the production API unless told otherwise. */
export const DEFAULT_API_BASE_URL = PRODUCTION_API_BASE_URL;

export interface CreateAgentTokenOptions {
  apiBaseUrl?: string;
  serverApiKey: string;
  username: string;
  scopes: readonly AgentScope[];
  expiresIn?: number;
  fetch?: typeof fetch;
}

/** An error from the helper. It never carries the Server API key. */
export class AgentTokenError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AgentTokenError';
  }
}

/** Check the request against the guide's limits before any network call. */
export function checkTokenRequest(options: Pick<CreateAgentTokenOptions, 'username' | 'scopes' | 'expiresIn' | 'serverApiKey'>): void {
  const invalid = (field: string, message: string) => new AgentTokenError('SERVER_API_INVALID_REQUEST', `${field}: ${message}`, 400, field);
  if (typeof options.serverApiKey !== 'string' || options.serverApiKey.trim() === '') {
    throw new AgentTokenError('SERVER_API_KEY_MISSING', 'serverApiKey: a Server API key is required', 401, 'serverApiKey');
  }
  if (typeof options.username !== 'string' || options.username.trim() === '') throw invalid('username', 'is required');
  if (!Array.isArray(options.scopes) || options.scopes.length === 0) throw invalid('scopes', 'name at least one scope');
  const unknown = options.scopes.find((scope) => !isAgentScope(scope));
  if (unknown !== undefined) throw invalid('scopes', `"${String(unknown)}" is not one of ${AGENT_SCOPES.join(', ')}`);
  const expiresIn = options.expiresIn ?? TOKEN_EXPIRY.default;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > TOKEN_EXPIRY.max) {
    throw invalid('expiresIn', `must be a whole number of seconds from 1 to ${TOKEN_EXPIRY.max}`);
  }
}

export async function createAgentToken(options: CreateAgentTokenOptions): Promise<AgentTokenResponse> {
  checkTokenRequest(options);
  const base = (options.apiBaseUrl ?? DEFAULT_API_BASE_URL).replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(`${base}${ENDPOINTS.mintAgentToken.path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${options.serverApiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: options.username, scopes: options.scopes, expiresIn: options.expiresIn ?? TOKEN_EXPIRY.default }),
    });
  } catch {
    throw new AgentTokenError('NETWORK_ERROR', `Could not reach the Ringnity API at ${base}`, 0);
  }
  const body = (await response.json().catch(() => null)) as unknown;
  const key = options.serverApiKey;
  if (!response.ok || !body || typeof body !== 'object' || 'error' in body) {
    const error = readErrorBody(body);
    // Every part of an upstream error may end up in a browser or a log: none may carry the key.
    const code = error ? scrub(error.code, key) : 'SERVER_API_ERROR';
    const message = error ? error.message : `The Ringnity API answered ${response.status}`;
    const field = error?.field === undefined ? undefined : scrub(error.field, key);
    throw new AgentTokenError(code, scrub(message, key), response.status, field);
  }
  if (JSON.stringify(body).includes(key)) {
    throw new AgentTokenError('SERVER_API_ERROR', 'The Ringnity API answered with the Server API key in its body; it was not passed on', 502);
  }
  return body as AgentTokenResponse;
}

/** Remove the key from any text that could reach a response or a log line. */
function scrub(text: string, key: string): string {
  return key ? text.split(key).join('[server key]') : text;
}
