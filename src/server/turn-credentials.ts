import { createHmac } from 'node:crypto';
import { z } from 'zod';

/**
 * Short-lived TURN credentials in the "TURN REST API" form that coturn (`use-auth-secret` with
 * `static-auth-secret`) and most hosted TURN services accept: the username is the expiry time in
 * Unix seconds, optionally `:` and a user id, and the credential is the base64 HMAC-SHA1 of that
 * username under the secret the TURN server shares with the CRM's backend. The secret stays on the
 * backend; a browser gets credentials that stop working after `ttlSeconds`.
 */
export interface TurnCredentialsOptions {
  /** The secret shared with the TURN server (coturn's `static-auth-secret`). */
  secret: string;
  /** The TURN (and STUN) URLs the credentials are for, e.g. `turn:turn.example.com:3478?transport=udp`. */
  urls: string | string[];
  /** How long the credentials work. Default 3600 (one hour); at least 60, at most 86400. */
  ttlSeconds?: number;
  /** Put in the username after the expiry, so that the TURN server's logs name the agent. No `:`. */
  userId?: string;
  /** The clock, in milliseconds; for tests. */
  now?: () => number;
}

export interface TurnCredentials {
  /** What `agent.calls.configure({ iceServers })` (or the popup's `iceServers`) takes. */
  iceServers: Array<{ urls: string[]; username: string; credential: string }>;
  /** ISO 8601: when the TURN server stops accepting them. */
  expiresAt: string;
  ttlSeconds: number;
}

/** A bad option to `createTurnCredentials`; `field` names it. The secret never appears in a message. */
export class TurnCredentialsError extends Error {
  readonly code = 'TURN_CREDENTIALS_INVALID_REQUEST';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'TurnCredentialsError';
  }
}

const turnUrl = z.string().regex(/^(turns?|stuns?):[^\s]{1,500}$/, 'must be a turn:, turns:, stun: or stuns: URL');
const optionsShape = z.object({
  secret: z.string().min(1, 'is required'),
  urls: z.union([turnUrl, z.array(turnUrl).min(1).max(10)]),
  ttlSeconds: z.number().int().min(60).max(86_400).default(3_600),
  userId: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[^:]*$/, 'must not contain ":"')
    .optional(),
});

export function createTurnCredentials(options: TurnCredentialsOptions): TurnCredentials {
  const parsed = optionsShape.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? 'options');
    throw new TurnCredentialsError(`${field}: ${issue.message}`, field);
  }
  const { secret, urls, ttlSeconds, userId } = parsed.data;
  const expires = Math.floor((options.now?.() ?? Date.now()) / 1000) + ttlSeconds;
  const username = userId ? `${expires}:${userId}` : String(expires);
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return {
    iceServers: [{ urls: Array.isArray(urls) ? urls : [urls], username, credential }],
    expiresAt: new Date(expires * 1000).toISOString(),
    ttlSeconds,
  };
}
