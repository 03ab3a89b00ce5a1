import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { AGENT_SCOPES, ROLES, type AgentScope, type Role } from '../protocol/scopes.js';
import { z } from 'zod';

const ISSUER = 'ringnity-emulator';
const AGENT_AUDIENCE = 'ringnity-agent';
const VISITOR_AUDIENCE = 'ringnity-visitor';

export interface AgentClaims {
  agentId: string;
  tenantId: string;
  tenantKey: string;
  username: string;
  role: Role;
  departmentId: string | null;
  scopes: AgentScope[];
  issuedAt: number;
  expiresAt: number;
  tokenId: string;
}

const agentPayload = z.object({
  sub: z.string(),
  tid: z.string(),
  tkey: z.string(),
  usr: z.string(),
  role: z.enum(ROLES),
  dep: z.string().nullable(),
  scp: z.array(z.enum(AGENT_SCOPES)),
  iat: z.number(),
  exp: z.number(),
  jti: z.string(),
});

/** Signs and checks the emulator's JWTs (HS256, one secret per emulator run unless given). */
export class TokenIssuer {
  private readonly secret: Uint8Array;

  constructor(
    private readonly now: () => number,
    secret?: string,
  ) {
    this.secret = secret ? new TextEncoder().encode(secret) : randomBytes(32);
  }

  async mintAgent(claims: Omit<AgentClaims, 'issuedAt' | 'expiresAt' | 'tokenId'>, expiresIn: number): Promise<{ token: string; issuedAt: number; expiresAt: number }> {
    const issuedAt = Math.floor(this.now() / 1000);
    const expiresAt = issuedAt + expiresIn;
    const token = await new SignJWT({
      tid: claims.tenantId,
      tkey: claims.tenantKey,
      usr: claims.username,
      role: claims.role,
      dep: claims.departmentId,
      scp: claims.scopes,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AGENT_AUDIENCE)
      .setSubject(claims.agentId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .setJti(randomUUID())
      .sign(this.secret);
    return { token, issuedAt, expiresAt };
  }

  /** The claims of a valid agent token, or null for anything else: bad signature, expired, wrong audience. */
  async verifyAgent(token: string): Promise<AgentClaims | null> {
    const payload = await this.verify(token, AGENT_AUDIENCE);
    const parsed = agentPayload.safeParse(payload);
    if (!parsed.success) return null;
    const p = parsed.data;
    return {
      agentId: p.sub,
      tenantId: p.tid,
      tenantKey: p.tkey,
      username: p.usr,
      role: p.role,
      departmentId: p.dep,
      scopes: p.scp,
      issuedAt: p.iat,
      expiresAt: p.exp,
      tokenId: p.jti,
    };
  }

  async mintVisitor(visitorId: string, conversationId: string): Promise<string> {
    return new SignJWT({ cid: conversationId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(VISITOR_AUDIENCE)
      .setSubject(visitorId)
      .setIssuedAt(Math.floor(this.now() / 1000))
      .setExpirationTime(Math.floor(this.now() / 1000) + 24 * 3600)
      .sign(this.secret);
  }

  async verifyVisitor(token: string): Promise<{ visitorId: string; conversationId: string } | null> {
    const payload = await this.verify(token, VISITOR_AUDIENCE);
    if (!payload || typeof payload.sub !== 'string' || typeof payload.cid !== 'string') return null;
    return { visitorId: payload.sub, conversationId: payload.cid };
  }

  private async verify(token: string, audience: string): Promise<Record<string, unknown> | null> {
    try {
      const { payload } = await jwtVerify(token, this.secret, {
        issuer: ISSUER,
        audience,
        algorithms: ['HS256'],
        currentDate: new Date(this.now()),
      });
      return payload as Record<string, unknown>;
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return null;
      throw error;
    }
  }
}
