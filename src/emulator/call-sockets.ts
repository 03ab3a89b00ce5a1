import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { CALL_REQUESTS, VISITOR_CALL_REQUESTS } from '../protocol/calls.js';
import type { SocketError } from '../protocol/socket.js';
import * as schemas from '../protocol/schemas.js';
import { ApiError } from './api-error.js';
import type { CallRouter } from './calls.js';
import type { AgentClaims } from './tokens.js';

type Reply = (err: SocketError | null, result: unknown) => void;

interface CallSocketData {
  agent?: { claims: AgentClaims; viewer: { id: string } };
  visitor?: { visitorId: string; conversationId: string };
}

const SOCKET_TYPE: Partial<Record<ApiError['code'], SocketError['type']>> = {
  AGENT_SDK_SCOPE_DENIED: 'forbidden',
  AGENT_SDK_CALL_NOT_FOUND: 'not_found',
  AGENT_SDK_CALL_ALREADY_ANSWERED: 'conflict',
  AGENT_SDK_CALL_STATE_CONFLICT: 'conflict',
  AGENT_SDK_CALLS_OFFLINE: 'conflict',
  AGENT_SDK_TOKEN_INVALID: 'auth_failure',
  VISITOR_TOKEN_INVALID: 'auth_failure',
};

/**
 * The call requests of both sockets. Each answers `(err, result)`; an error carries the API code
 * (`code`) so the SDK raises the same RingnityError a REST call would.
 */
export function attachCallHandlers(socket: Socket<any, any, any, CallSocketData>, router: CallRouter): void {
  const handle = <S extends z.ZodType>(event: string, schema: S | null, run: (input: z.output<S>) => unknown) => {
    socket.on(event, (payload: unknown, ack?: unknown) => {
      // A request without payload may put its acknowledgement first.
      const reply: Reply = typeof ack === 'function' ? (ack as Reply) : typeof payload === 'function' ? (payload as Reply) : () => {};
      try {
        let input: unknown = payload;
        if (schema) {
          const parsed = schema.safeParse(payload);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            const field = issue?.path.join('.') || 'payload';
            throw new ApiError(event.startsWith('visitor.') ? 'VISITOR_INVALID_REQUEST' : 'AGENT_SDK_INVALID_REQUEST', `${field}: ${issue?.message ?? 'is malformed'}`, field);
          }
          input = parsed.data;
        }
        reply(null, run(input as z.output<S>));
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        reply({ message: error.message, event, type: SOCKET_TYPE[error.code] ?? 'invalid_request', code: error.code }, null);
      }
    });
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

  handle(CALL_REQUESTS.online, null, () => router.online(agentId()));
  handle(CALL_REQUESTS.offline, null, () => router.offline(agentId()));
  handle(CALL_REQUESTS.accept, schemas.callIdRequest, (r) => router.accept(agentId(), r.callId));
  handle(CALL_REQUESTS.reject, schemas.callRejectRequest, (r) => router.reject(agentId(), r.callId, r.reason, r.code));
  handle(CALL_REQUESTS.end, schemas.callEndRequest, (r) => router.end(agentId(), r.callId, r.reason));
  handle(CALL_REQUESTS.hold, schemas.callIdRequest, (r) => router.hold(agentId(), r.callId));
  handle(CALL_REQUESTS.resume, schemas.callIdRequest, (r) => router.resume(agentId(), r.callId));
  handle(CALL_REQUESTS.transfer, schemas.callTransferRequest, (r) => router.transfer(agentId(), r.callId, r.departmentId));
  handle(CALL_REQUESTS.signal, schemas.callSignalRequest, (r) => router.agentSignal(agentId(), r));
  handle(CALL_REQUESTS.media, schemas.callMediaRequest, (r) => router.agentMedia(agentId(), r));

  handle(VISITOR_CALL_REQUESTS.start, schemas.visitorCallStartRequest, (r) => router.start(visitorId(), r));
  handle(VISITOR_CALL_REQUESTS.end, schemas.callIdRequest, (r) => router.visitorEnd(visitorId(), r.callId));
  handle(VISITOR_CALL_REQUESTS.signal, schemas.callSignalRequest, (r) => router.visitorSignal(visitorId(), r));
  handle(VISITOR_CALL_REQUESTS.media, schemas.callMediaRequest, (r) => router.visitorMedia(visitorId(), r));
}
