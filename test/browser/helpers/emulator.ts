import { executeServerCommand } from '@web/test-runner-commands';
import { AGENT_SCOPES, type AgentScope, type AgentTokenResponse, type VisitorMessage, type VisitorSession } from '../../../src/index.js';

declare global {
  interface Window {
    /** Set by web-test-runner.config.mjs: where the in-process emulator listens. */
    __RINGNITY_EMULATOR_URL__?: string;
  }
}

const configuredUrl = window.__RINGNITY_EMULATOR_URL__;
if (!configuredUrl) throw new Error('The emulator URL is missing: run these tests through npm run test:browser');
export const emulatorUrl: string = configuredUrl;

/**
 * Captured before any test wraps window.fetch, so the helpers' own traffic (minting, the
 * visitor's messages) never shows up in what a test counts.
 */
const untouchedFetch = window.fetch.bind(window);

async function postJson<T>(path: string, body: unknown, authorization?: string): Promise<T> {
  const response = await untouchedFetch(emulatorUrl + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
    body: JSON.stringify(body),
  });
  const data = (await response.json()) as T;
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${JSON.stringify(data)}`);
  return data;
}

/** Plays the CRM backend: mints an agent token with the demo Server API key. */
export function mintAgentToken(username: string, options: { scopes?: readonly AgentScope[]; expiresIn?: number } = {}): Promise<AgentTokenResponse> {
  return postJson<AgentTokenResponse>(
    '/api/server/sdk-token/agent',
    { username, scopes: options.scopes ?? AGENT_SCOPES, expiresIn: options.expiresIn ?? 900 },
    'Bearer rn_sk_test_demo',
  );
}

/** Plays a customer on the website opening a chat. */
export function startVisitorConversation(options: { name?: string; departmentId?: string; body?: string } = {}): Promise<VisitorSession> {
  return postJson<VisitorSession>('/api/visitor/conversations', {
    tenantKey: 'demo-tenant',
    name: options.name ?? 'Test Customer',
    ...(options.departmentId ? { departmentId: options.departmentId } : {}),
    ...(options.body ? { body: options.body } : {}),
  });
}

export function sendVisitorMessage(session: VisitorSession, body: string): Promise<VisitorMessage> {
  return postJson<VisitorMessage>(`/api/visitor/conversations/${session.conversationId}/messages`, { body }, `Bearer ${session.visitorToken}`);
}

/** Cuts the agent's sockets on the server side, as a network drop would; answers how many. */
export async function dropAgentSockets(agentId: string): Promise<number> {
  const dropped = await executeServerCommand<number, { agentId: string }>('emulator-drop-sockets', { agentId });
  return dropped ?? 0;
}

/** The token payload, read the way a test needs it (no verification). */
export function tokenExpiry(token: string): number {
  const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp: number };
  return payload.exp;
}
