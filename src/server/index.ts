/**
 * `@ringnity/agent-sdk/server`: the backend helper that mints agent tokens with the private
 * Server API key. It runs on the CRM's own server only; the key never reaches a browser.
 */
export { AgentTokenError, checkTokenRequest, createAgentToken, DEFAULT_API_BASE_URL, type CreateAgentTokenOptions } from './agent-token.js';
export { createAgentTokenHandler, toExpressHandler, toNodeListener, type AgentGrant, type AgentTokenRouteOptions } from './handler.js';
export { createTurnCredentials, TurnCredentialsError, type TurnCredentials, type TurnCredentialsOptions } from './turn-credentials.js';
