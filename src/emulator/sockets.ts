import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import {
  AGENT_PROTOCOL_VERSION,
  AGENT_REQUESTS,
  SESSION_EXPIRED_EVENT,
  realtimeEventScope,
  VISITOR_REQUESTS,
  type AgentConnectReply,
  type AnyRealtimeEnvelope,
  type SocketError,
} from '../protocol/socket.js';
import { agentConnectRequest, chatTypingRequest } from '../protocol/schemas.js';
import { attachCallHandlers } from './call-sockets.js';
import { CallRouter } from './calls.js';
import type { Store } from './store.js';
import type { AgentClaims, TokenIssuer } from './tokens.js';
import type { Viewer } from '../protocol/rules.js';

/** Bumped when the emulator's socket behaviour changes in a way clients may care about. */
export const SERVER_VERSION = 5;

/**
 * Heartbeat for an agent's desk: a ping every 2 s, answered within 2.5 s. A connection that dies
 * without a close (Wi-Fi lost, a laptop lid) is noticed within 4.5 s on both sides: the client
 * gives up after `pingInterval + pingTimeout` without a ping, the server after `pingTimeout`
 * without a pong. socket.io's defaults (25 s + 20 s) leave an agent looking online for ~45 s.
 */
export const AGENT_HEARTBEAT = { pingIntervalMs: 2_000, pingTimeoutMs: 2_500 } as const;

interface AgentSession {
  claims: AgentClaims;
  viewer: Viewer;
  trackVisitors: boolean;
  connectedAt: string;
  expiryTimer: NodeJS.Timeout;
}

interface VisitorSession {
  visitorId: string;
  conversationId: string;
}

interface SocketData {
  agent?: AgentSession;
  visitor?: VisitorSession;
}

type AnySocket = Socket<any, any, any, SocketData>;
type Reply = (err: SocketError | null, result: unknown) => void;

export interface SocketLayer {
  io: Server;
  /** Close the transport of agent sockets from the server side, as a network drop would. */
  dropAgentSockets(agentId?: string): number;
  agentSocketCount(): number;
  close(): Promise<void>;
}

export interface SocketOptions {
  /** How long a call rings before it is missed. Default 30000. */
  ringTimeoutMs?: number;
  /** How long a party of a live call may be disconnected before the call ends. Default 15000. */
  callReconnectGraceMs?: number;
  /** Default AGENT_HEARTBEAT. */
  heartbeat?: { pingIntervalMs: number; pingTimeoutMs: number };
}

export function attachSockets(http: HttpServer, store: Store, tokens: TokenIssuer, isAllowedOrigin: (origin: string) => boolean, options: SocketOptions = {}): SocketLayer {
  const io = new Server(http, {
    cors: { origin: (origin, cb) => cb(null, !origin || isAllowedOrigin(origin)), methods: ['GET', 'POST'] },
    // CORS does not cover WebSocket upgrades, so the origin is checked for every handshake here.
    allowRequest: (req, cb) => {
      const origin = req.headers.origin;
      cb(null, !origin || isAllowedOrigin(origin));
    },
    maxHttpBufferSize: 64 * 1024,
    pingInterval: (options.heartbeat ?? AGENT_HEARTBEAT).pingIntervalMs,
    pingTimeout: (options.heartbeat ?? AGENT_HEARTBEAT).pingTimeoutMs,
  });
  const agentSockets = new Map<string, Set<AnySocket>>();
  const calls = new CallRouter({
    store,
    ringTimeoutMs: options.ringTimeoutMs ?? 30_000,
    reconnectGraceMs: options.callReconnectGraceMs ?? 15_000,
    isAgentConnected: (agentId) => (agentSockets.get(agentId)?.size ?? 0) > 0,
    toVisitor: (conversationId, name, data) => io.to(visitorRoom(conversationId)).emit(name, data),
  });

  const index = (socket: AnySocket, agentId: string) => {
    let set = agentSockets.get(agentId);
    if (!set) agentSockets.set(agentId, (set = new Set()));
    set.add(socket);
    calls.agentConnectivityChanged(agentId);
  };
  const unindex = (socket: AnySocket) => {
    const session = socket.data.agent;
    if (!session) return;
    clearTimeout(session.expiryTimer);
    agentSockets.get(session.viewer.id)?.delete(socket);
    socket.data.agent = undefined;
    calls.agentConnectivityChanged(session.viewer.id);
  };
  const expire = (socket: AnySocket) => {
    unindex(socket);
    socket.emit(SESSION_EXPIRED_EVENT, { message: 'The agent token expired; send agent.connect with a fresh token' });
  };
  const sendTo = (socket: AnySocket, envelope: AnyRealtimeEnvelope, prevSeqFor: (scopes: readonly string[]) => number) => {
    const session = socket.data.agent;
    if (!session) return;
    // The timer below runs on real time; this check follows the emulator's clock, which tests move.
    if (session.claims.expiresAt * 1000 <= store.now()) return expire(socket);
    if (!session.claims.scopes.includes(realtimeEventScope(envelope.type))) return;
    socket.emit(envelope.type, { ...envelope, prevSeq: prevSeqFor(session.claims.scopes) });
  };

  // Sockets that get the very same payload are sent it in one broadcast, which socket.io encodes
  // once: with hundreds of agents in a department that is most of the cost of a message.
  const unsubscribeHub = store.hub.subscribe((head, recipients) => {
    const scope = realtimeEventScope(head.type);
    const groups = new Map<string, { envelope: AnyRealtimeEnvelope; socketIds: string[] }>();
    for (const recipient of recipients) {
      for (const socket of agentSockets.get(recipient.agentId) ?? []) {
        const session = socket.data.agent;
        if (!session) continue;
        // The timer below runs on real time; this check follows the emulator's clock, which tests move.
        if (session.claims.expiresAt * 1000 <= store.now()) {
          expire(socket);
          continue;
        }
        if (!session.claims.scopes.includes(scope)) continue;
        const prevSeq = recipient.prevSeqFor(session.claims.scopes);
        const key = `${prevSeq} ${recipient.json}`;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { envelope: { ...head, prevSeq, data: recipient.data } as AnyRealtimeEnvelope, socketIds: [] }));
        group.socketIds.push(socket.id);
      }
    }
    for (const { envelope, socketIds } of groups.values()) io.to(socketIds).emit(envelope.type, envelope);
  });
  const unsubscribeVisitors = store.onVisitorEvent((conversationId, name, data) => {
    io.to(visitorRoom(conversationId)).emit(name, data);
  });

  /** Visitor presence goes to agents who see the conversation, and to every agent that asked to track visitors. */
  const announceVisitor = (type: 'visitor.connected' | 'visitor.disconnected', visitor: VisitorSession) => {
    const audience = new Set(store.audienceOfId(visitor.conversationId));
    const record = store.visitors.get(visitor.visitorId);
    for (const [agentId, sockets] of agentSockets) {
      for (const socket of sockets) {
        if (!audience.has(agentId) && !socket.data.agent?.trackVisitors) continue;
        sendTo(
          socket,
          {
            type,
            seq: store.hub.currentSeq,
            prevSeq: 0,
            at: store.isoNow(),
            ephemeral: true,
            data: { visitorId: visitor.visitorId, name: record?.name ?? 'Visitor', conversationId: visitor.conversationId },
          },
          (scopes) => store.hub.lastSeqFor(agentId, scopes),
        );
      }
    }
  };

  io.on('connection', (socket: AnySocket) => {
    attachCallHandlers(socket, calls);
    socket.on(AGENT_REQUESTS.connect, async (payload: unknown, ack?: Reply) => {
      const reply: Reply = typeof ack === 'function' ? ack : () => {};
      const fail = (type: SocketError['type'], message: string) => reply({ message, event: AGENT_REQUESTS.connect, type }, null);
      const parsed = agentConnectRequest.safeParse(payload);
      if (!parsed.success) return fail('invalid_request', `agent.connect: ${parsed.error.issues[0]?.path.join('.') || 'payload'} is malformed`);
      const request = parsed.data;
      if (request.version !== AGENT_PROTOCOL_VERSION) return fail('unsupported_version', `Protocol version ${request.version} is not supported; use ${AGENT_PROTOCOL_VERSION}`);
      const token = request.authToken ?? request.authtoken;
      const claims = token ? await tokens.verifyAgent(token) : null;
      if (!claims) return fail('auth_failure', 'Auth token is invalid');
      if (claims.agentId !== request.id) return fail('auth_failure', 'Agent id does not match the auth token');
      if (claims.tenantKey !== request.key || claims.tenantId !== store.tenant.id) return fail('auth_failure', 'Account key does not match the auth token');
      const agent = store.agents.get(claims.agentId);
      if (!agent) return fail('auth_failure', 'Agent not found');

      const previous = socket.data.agent;
      unindex(socket);
      const connectedAt = previous?.connectedAt ?? store.isoNow();
      socket.data.agent = {
        claims,
        viewer: { id: agent.id, role: agent.role, departmentId: agent.departmentId },
        trackVisitors: request.trackVisitors ?? previous?.trackVisitors ?? false,
        connectedAt,
        expiryTimer: setTimeout(() => {
          if (socket.data.agent?.claims.tokenId !== claims.tokenId) return;
          expire(socket);
        }, Math.max(0, claims.expiresAt * 1000 - store.now())),
      };
      index(socket, agent.id);

      const socketAgent = (a: typeof agent) => ({
        id: a.id,
        status: a.presence,
        groups: a.departmentId ? [a.departmentId] : [],
        nickname: a.username,
        fullname: a.name,
        description: '',
        avatar: '',
      });
      const answer: AgentConnectReply = {
        serverVersion: SERVER_VERSION,
        agent: { ...socketAgent(agent), email: agent.email, connectedAt, disabled: false, role: agent.role, departmentId: agent.departmentId },
        account: {
          agents: [...store.agents.values()].map(socketAgent),
          groups: store.departments.map((d) => ({ key: d.id, name: d.name })),
        },
        lastSeq: store.hub.lastSeqFor(agent.id, claims.scopes),
        streamId: store.hub.streamId,
      };
      reply(null, answer);
    });

    socket.on(AGENT_REQUESTS.logout, (_payload: unknown, ack?: Reply) => {
      const reply: Reply = typeof ack === 'function' ? ack : typeof _payload === 'function' ? (_payload as Reply) : () => {};
      if (!socket.data.agent) return reply({ message: 'Agent not found', event: AGENT_REQUESTS.logout, type: 'not_found' }, null);
      unindex(socket);
      reply(null, true);
      // Let the acknowledgement leave before the connection is released.
      setImmediate(() => socket.disconnect(true));
    });

    socket.on(AGENT_REQUESTS.trackVisitors, (enabled: unknown) => {
      if (socket.data.agent && typeof enabled === 'boolean') socket.data.agent.trackVisitors = enabled;
    });

    socket.on(AGENT_REQUESTS.typing, (payload: unknown) => {
      const session = socket.data.agent;
      const parsed = chatTypingRequest.safeParse(payload);
      if (!session || !parsed.success || !session.claims.scopes.includes('agent:messages:write')) return;
      const { chatId, visitorId, typing } = parsed.data;
      const conversation = store.canSee(session.viewer, chatId);
      if (!conversation || conversation.customer.id !== visitorId || conversation.status === 'closed') return;
      const agent = store.agents.get(session.viewer.id)!;
      const name = typing.is ? 'chat.typing.started' : 'chat.typing.stopped';
      io.to(visitorRoom(chatId)).emit(name, { conversationId: chatId, by: { type: 'agent', name: agent.name } });
      const others = store.audienceOf(conversation).filter((id) => id !== agent.id);
      store.hub.publish(name, others, () => ({ conversationId: chatId, by: { type: 'agent', id: agent.id, name: agent.name } }));
    });

    socket.on(VISITOR_REQUESTS.connect, async (payload: unknown, ack?: Reply) => {
      const reply: Reply = typeof ack === 'function' ? ack : () => {};
      const token = payload && typeof payload === 'object' ? (payload as { token?: unknown }).token : undefined;
      const visitor = typeof token === 'string' ? await tokens.verifyVisitor(token) : null;
      if (!visitor || !store.visitors.has(visitor.visitorId)) {
        return reply({ message: 'Visitor token is invalid', event: VISITOR_REQUESTS.connect, type: 'auth_failure' }, null);
      }
      if (!socket.data.visitor) calls.visitorConnectivityChanged(visitor.visitorId, 1);
      socket.data.visitor = visitor;
      await socket.join(visitorRoom(visitor.conversationId));
      reply(null, { conversationId: visitor.conversationId, visitorId: visitor.visitorId });
      announceVisitor('visitor.connected', visitor);
    });

    socket.on(VISITOR_REQUESTS.typing, (payload: unknown) => {
      const visitor = socket.data.visitor;
      const is = payload && typeof payload === 'object' ? (payload as { is?: unknown }).is : undefined;
      if (!visitor || typeof is !== 'boolean') return;
      const record = store.visitors.get(visitor.visitorId);
      store.hub.publish(is ? 'chat.typing.started' : 'chat.typing.stopped', store.audienceOfId(visitor.conversationId), () => ({
        conversationId: visitor.conversationId,
        by: { type: 'customer', id: visitor.visitorId, name: record?.name ?? 'Customer' },
      }));
    });

    socket.on('disconnect', () => {
      unindex(socket);
      if (socket.data.visitor) {
        calls.visitorConnectivityChanged(socket.data.visitor.visitorId, -1);
        announceVisitor('visitor.disconnected', socket.data.visitor);
      }
    });
  });

  return {
    io,
    dropAgentSockets(agentId) {
      let dropped = 0;
      for (const [id, sockets] of agentSockets) {
        if (agentId && id !== agentId) continue;
        for (const socket of [...sockets]) {
          socket.conn.close();
          dropped++;
        }
      }
      return dropped;
    },
    agentSocketCount() {
      let n = 0;
      for (const sockets of agentSockets.values()) n += sockets.size;
      return n;
    },
    async close() {
      unsubscribeHub();
      unsubscribeVisitors();
      calls.close();
      for (const sockets of agentSockets.values()) for (const s of sockets) unindex(s);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

const visitorRoom = (conversationId: string) => `visitor:${conversationId}`;
