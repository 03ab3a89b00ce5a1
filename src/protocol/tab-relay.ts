import { CALL_REQUESTS } from './calls.js';
import type { AgentScope } from './scopes.js';
import { AGENT_REQUESTS } from './socket.js';

/**
 * Socket requests a tab may send through the leader tab's connection, each with the scope the
 * sending tab's own token must hold. The server checks the leader's token only, so the leader
 * checks the sender's before it relays: a tab never reaches beyond its own scopes. Anything not
 * listed (`agent.logout`, which would end the connection every tab shares) is refused.
 */
// A plain literal, not built with calls: bundles that do not use it (the call file) can drop it.
export const RELAYED_REQUEST_SCOPES: Readonly<Record<string, AgentScope>> = {
  [AGENT_REQUESTS.typing]: 'agent:messages:write',
  [CALL_REQUESTS.online]: 'agent:calls:write',
  [CALL_REQUESTS.offline]: 'agent:calls:write',
  [CALL_REQUESTS.accept]: 'agent:calls:write',
  [CALL_REQUESTS.reject]: 'agent:calls:write',
  [CALL_REQUESTS.end]: 'agent:calls:write',
  [CALL_REQUESTS.hold]: 'agent:calls:write',
  [CALL_REQUESTS.resume]: 'agent:calls:write',
  [CALL_REQUESTS.transfer]: 'agent:calls:write',
  [CALL_REQUESTS.signal]: 'agent:calls:write',
  [CALL_REQUESTS.media]: 'agent:calls:write',
  [CALL_REQUESTS.quality]: 'agent:calls:write',
} satisfies Record<(typeof CALL_REQUESTS)[keyof typeof CALL_REQUESTS] | typeof AGENT_REQUESTS.typing, AgentScope>;
