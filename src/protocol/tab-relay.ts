import { CALL_REQUESTS } from './calls.js';
import type { AgentScope } from './scopes.js';
import { AGENT_REQUESTS } from './socket.js';

/**
 * Socket requests a tab may send through the leader tab's connection, each with the scope the
 * sending tab's own token must hold. The server checks the leader's token only, so the leader
 * checks the sender's before it relays: a tab never reaches beyond its own scopes. Anything not
 * listed (`agent.logout`, which would end the connection every tab shares) is refused.
 */
export const RELAYED_REQUEST_SCOPES: Readonly<Record<string, AgentScope>> = {
  [AGENT_REQUESTS.typing]: 'agent:messages:write',
  ...Object.fromEntries(Object.values(CALL_REQUESTS).map((event) => [event, 'agent:calls:write' as const])),
};
