import type { DefaultEventsMap, Socket } from 'socket.io';
import type { z } from 'zod';
import { CALL_REQUESTS, VISITOR_CALL_REQUESTS } from '../protocol/calls.js';
import * as schemas from '../protocol/schemas.js';
import { ApiError } from './api-error.js';
import type { CallRouter } from './calls.js';
import { recordLegQuality } from './call-quality.js';
import type { CallRecord } from '../protocol/calls.js';
import { parsePayload, type socketGuard } from './socket-guard.js';
import type { AgentClaims } from './tokens.js';

interface CallSocketData {
  agent?: { claims: AgentClaims; viewer: { id: string } };
  visitor?: { visitorId: string; conversationId: string };
}

/**
 * The call requests of both sockets. Each answers `(err, result)`; an error carries the API code
 * (`code`) so the SDK raises the same RingnityError a REST call would. `on` is the socket layer's
 * guard (socket-guard.ts), which turns anything a handler throws into an acknowledged error.
 */
export function attachCallHandlers(
  socket: Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, CallSocketData>,
  router: CallRouter,
  on: ReturnType<typeof socketGuard>,
  /** The store's call log, where `call.quality` writes into a leg. */
  callLog: CallRecord[],
): void {
  const handle = <S extends z.ZodType>(event: string, schema: S, run: (input: z.output<S>) => unknown) => {
    on(socket, event, (payload, reply) => reply(null, run(parsePayload(schema, payload, event))));
  };

  /** The agent of this socket, after checking it is signed in and its token may place call requests. */
  const agentId = (): string => {
    const session = socket.data.agent;
    if (!session) throw new ApiError('AGENT_SDK_TOKEN_MISSING', 'Send agent.connect first');
    if (!session.claims.scopes.includes('agent:calls:write')) throw new ApiError('AGENT_SDK_SCOPE_DENIED', 'This token lacks the scope agent:calls:write');
    return session.viewer.id;
  };
  const visitorId = (): string => {
    const visitor = socket.data.visitor;
    if (!visitor) throw new ApiError('VISITOR_TOKEN_INVALID', 'Send visitor.connect first');
    return visitor.visitorId;
  };

  handle(CALL_REQUESTS.online, schemas.emptyRequest, () => router.online(agentId()));
  handle(CALL_REQUESTS.offline, schemas.emptyRequest, () => router.offline(agentId()));
  handle(CALL_REQUESTS.accept, schemas.callIdRequest, (r) => router.accept(agentId(), r.callId));
  handle(CALL_REQUESTS.reject, schemas.callRejectRequest, (r) => router.reject(agentId(), r.callId, r.reason, r.code));
  handle(CALL_REQUESTS.end, schemas.callEndRequest, (r) => router.end(agentId(), r.callId, r.reason));
  handle(CALL_REQUESTS.hold, schemas.callIdRequest, (r) => router.hold(agentId(), r.callId));
  handle(CALL_REQUESTS.resume, schemas.callIdRequest, (r) => router.resume(agentId(), r.callId));
  handle(CALL_REQUESTS.transfer, schemas.callTransferRequest, (r) => router.transfer(agentId(), r.callId, r.departmentId));
  handle(CALL_REQUESTS.signal, schemas.callSignalRequest, (r) => router.agentSignal(agentId(), r));
  handle(CALL_REQUESTS.media, schemas.callMediaRequest, (r) => router.agentMedia(agentId(), r));
  handle(CALL_REQUESTS.quality, schemas.callQualityRequest, (r) => recordLegQuality(callLog, agentId(), r));

  handle(VISITOR_CALL_REQUESTS.start, schemas.visitorCallStartRequest, (r) => router.start(visitorId(), r));
  handle(VISITOR_CALL_REQUESTS.end, schemas.visitorCallEndRequest, (r) => router.visitorEnd(visitorId(), r.callId, r.reason));
  handle(VISITOR_CALL_REQUESTS.signal, schemas.callSignalRequest, (r) => router.visitorSignal(visitorId(), r));
  handle(VISITOR_CALL_REQUESTS.media, schemas.callMediaRequest, (r) => router.visitorMedia(visitorId(), r));
}
