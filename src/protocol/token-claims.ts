/**
 * The claims of an agent token, written once: the emulator signs exactly these and reads them back,
 * and the SDK reads them (without verifying; the server does that). The table holds one check per
 * claim instead of a zod schema because the browser bundle cannot afford a validator.
 */
import { ROLES, type AgentScope, type Role } from './scopes.js';

/** The `aud` of every agent token: a visitor token, signed with the same key, is not one. */
export const AGENT_TOKEN_AUDIENCE = 'ringnity-agent';

/** What an agent token's payload carries, besides `iss` and `aud`. */
export interface AgentTokenClaims {
  /** Agent id (`agt_…`). */
  sub: string;
  /** Tenant id. */
  tid: string;
  /** Tenant key, the `key` of `agent.connect`. */
  tkey: string;
  /** The agent's username. */
  usr: string;
  role: Role;
  /** The agent's department, or null for none. */
  dep: string | null;
  /** Scopes granted. A scope newer than this code may be among them; nothing here asks for it. */
  scp: AgentScope[];
  /** Issued at, seconds since the epoch. */
  iat: number;
  /** Expires at, seconds since the epoch. */
  exp: number;
  /** Token id. */
  jti: string;
}

const text = (value: unknown): value is string => typeof value === 'string' && value !== '';
const seconds = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** One check per claim; a claim the table lacks fails to compile, so the type and the check cannot part. */
export const AGENT_TOKEN_CLAIMS: { readonly [K in keyof AgentTokenClaims]: (value: unknown) => boolean } = {
  sub: text,
  tid: text,
  tkey: text,
  usr: text,
  role: (value) => (ROLES as readonly unknown[]).includes(value),
  dep: (value) => value === null || text(value),
  scp: (value) => Array.isArray(value) && value.every((scope) => typeof scope === 'string'),
  iat: seconds,
  exp: seconds,
  jti: text,
};

/** The claims of a decoded payload, and only those; null when any is missing or of the wrong kind. */
export function readAgentTokenClaims(payload: unknown): AgentTokenClaims | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const record = payload as Record<string, unknown>;
  const claims: Record<string, unknown> = {};
  for (const [name, check] of Object.entries(AGENT_TOKEN_CLAIMS)) {
    if (!check(record[name])) return null;
    claims[name] = record[name];
  }
  return claims as unknown as AgentTokenClaims;
}
