/** The ten scopes an agent token may carry. */
export const AGENT_SCOPES = [
  'agent:profile:read',
  'agent:presence:read',
  'agent:presence:write',
  'agent:conversations:read',
  'agent:conversations:write',
  'agent:messages:read',
  'agent:messages:write',
  'agent:media:delete',
  'agent:calls:read',
  'agent:calls:write',
] as const;

export type AgentScope = (typeof AGENT_SCOPES)[number];

/** Scopes a Server API key may hold. */
export const SERVER_SCOPES = ['server:agent-token:write'] as const;
export type ServerScope = (typeof SERVER_SCOPES)[number];

export const ROLES = ['agent', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that read every conversation of the tenant without the agent visibility filter. */
export const TENANT_WIDE_ROLES: readonly Role[] = ['supervisor', 'admin'];

export const TOKEN_EXPIRY = { default: 900, max: 3600 } as const;

export function isAgentScope(value: string): value is AgentScope {
  return (AGENT_SCOPES as readonly string[]).includes(value);
}
