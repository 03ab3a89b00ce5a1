import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { AgentScope, Role } from '../protocol/scopes.js';
import { AGENT_TOKEN_AUDIENCE, readAgentTokenClaims, type AgentTokenClaims } from '../protocol/token-claims.js';

const ISSUER = 'ringnity-emulator';
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
    // The whole payload is the protocol's claim table; the SDK reads the same names back.
    const payload: AgentTokenClaims = {
      sub: claims.agentId,
      tid: claims.tenantId,
      tkey: claims.tenantKey,
      usr: claims.username,
      role: claims.role,
      dep: claims.departmentId,
      scp: claims.scopes,
      iat: issuedAt,
      exp: expiresAt,
      jti: randomUUID(),
    };
    const token = await new SignJWT({ ...payload }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuer(ISSUER).setAudience(AGENT_TOKEN_AUDIENCE).sign(this.secret);
    return { token, issuedAt, expiresAt };
  }

  /** The claims of a valid agent token, or null for anything else: bad signature, expired, wrong audience. */
  async verifyAgent(token: string): Promise<AgentClaims | null> {
    const p = readAgentTokenClaims(await this.verify(token, AGENT_TOKEN_AUDIENCE));
    if (!p) return null;
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
