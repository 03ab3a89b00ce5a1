import type { Server as HttpServer } from 'node:http';
import { Server, type DefaultEventsMap, type Socket } from 'socket.io';
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
import { agentConnectRequest, agentLogoutRequest, chatTypingRequest, trackVisitorsRequest, visitorConnectRequest, visitorTypingRequest } from '../protocol/schemas.js';
import { attachCallHandlers } from './call-sockets.js';
import type { EventForm } from './event-forms.js';
import type { Publication } from './event-hub.js';
import { CallRouter } from './calls.js';
import { DEFAULT_PRESENCE_GRACE_MS, PresenceGrace } from './presence-grace.js';
import { parsePayload, socketGuard, SocketRefusal, type SocketLogger } from './socket-guard.js';
import { TypingGate } from './typing-gate.js';
import type { Store } from './store.js';
import type { AgentClaims, TokenIssuer } from './tokens.js';
import type { Viewer } from '../protocol/rules.js';

/** Bumped when the emulator's socket behaviour changes in a way clients may care about. */
const SERVER_VERSION = 5;

/**
 * Heartbeat for an agent's desk: a ping every 2 s, answered within 2.5 s. A connection that dies
 * without a close (Wi-Fi lost, a laptop lid) is noticed within 4.5 s on both sides: the client
 * gives up after `pingInterval + pingTimeout` without a ping, the server after `pingTimeout`
 * without a pong. socket.io's defaults (25 s + 20 s) leave an agent looking online for ~45 s.
 */
const AGENT_HEARTBEAT = { pingIntervalMs: 2_000, pingTimeoutMs: 2_500 } as const;

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
  /** This socket's typing as an agent and as a visitor, throttled (typing-gate.ts). */
  agentTyping?: TypingGate;
  visitorTyping?: TypingGate;
}

// The events are checked at run time against protocol/'s shapes, so the socket's own maps stay untyped.
type AnySocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;

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
  /** How long an agent may have no connection before their presence shows offline. Default 30000. */
  presenceGraceMs?: number;
  /** Where unexpected handler failures are reported; stderr by default. */
  log?: SocketLogger;
  /** Default AGENT_HEARTBEAT. */
  heartbeat?: { pingIntervalMs: number; pingTimeoutMs: number };
}

/**
 * The largest packet the protocol needs is a `call.signal` carrying an SDP at its limit
 * (SIGNAL_LIMITS.sdp, 16 KB, a little more once JSON escapes its line breaks) plus ids. Over
 * long-polling one POST may carry a few queued packets at once (an offer and its first ICE
 * candidates), so the cap is twice that. Everything else on the socket is far smaller; REST
 * carries message bodies.
 */
export const MAX_SOCKET_PACKET_BYTES = 32 * 1024;

export function attachSockets(http: HttpServer, store: Store, tokens: TokenIssuer, isAllowedOrigin: (origin: string) => boolean, options: SocketOptions = {}): SocketLayer {
  const io = new Server(http, {
    cors: { origin: (origin, cb) => cb(null, !origin || isAllowedOrigin(origin)), methods: ['GET', 'POST'] },
    // CORS does not cover WebSocket upgrades, so the origin is checked for every handshake here.
    allowRequest: (req, cb) => {
      const origin = req.headers.origin;
      cb(null, !origin || isAllowedOrigin(origin));
    },
    maxHttpBufferSize: MAX_SOCKET_PACKET_BYTES,
    pingInterval: (options.heartbeat ?? AGENT_HEARTBEAT).pingIntervalMs,
    pingTimeout: (options.heartbeat ?? AGENT_HEARTBEAT).pingTimeoutMs,
  });
  const agentSockets = new Map<string, Set<AnySocket>>();
  const isAgentConnected = (agentId: string) => (agentSockets.get(agentId)?.size ?? 0) > 0;
  const presence = new PresenceGrace(store, options.presenceGraceMs ?? DEFAULT_PRESENCE_GRACE_MS, isAgentConnected);
  const on = socketGuard(options.log);
  const calls = new CallRouter({
    store,
    ringTimeoutMs: options.ringTimeoutMs ?? 30_000,
    reconnectGraceMs: options.callReconnectGraceMs ?? 15_000,
    isAgentConnected,
    toVisitor: (conversationId, name, data) => io.to(visitorRoom(conversationId)).emit(name, data),
  });

  const index = (socket: AnySocket, agentId: string) => {
    let set = agentSockets.get(agentId);
    if (!set) agentSockets.set(agentId, (set = new Set()));
    set.add(socket);
    presence.connected(agentId);
    calls.agentConnectivityChanged(agentId);
  };
  const unindex = (socket: AnySocket) => {
    const session = socket.data.agent;
    if (!session) return;
    clearTimeout(session.expiryTimer);
    agentSockets.get(session.viewer.id)?.delete(socket);
    socket.data.agent = undefined;
    calls.agentConnectivityChanged(session.viewer.id);
    presence.disconnected(session.viewer.id);
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

  // Sockets that get the very same envelope are sent it in one broadcast, which socket.io encodes
  // once. An event carries one shared payload and a few agents' own (see EventHub.publish), and in a
  // department whose agents all saw the same events `prevSeq` is the same for all: so a message to
  // hundreds of agents is typically one broadcast, and the pass over the sockets compares numbers only.
  const unsubscribeHub = store.hub.subscribe((event: Publication) => {
    const now = store.now();
    const groups = new Map<EventForm, Map<number, string[]>>();
    for (const agentId of event.recipients) {
      const sockets = agentSockets.get(agentId);
      if (!sockets) continue;
      for (const socket of sockets) {
        const session = socket.data.agent;
        if (!session) continue;
        // The timer below runs on real time; this check follows the emulator's clock, which tests move.
        if (session.claims.expiresAt * 1000 <= now) {
          expire(socket);
          continue;
        }
        const form = event.formFor(event.variants.get(agentId) ?? event.data, session.claims.scopes);
        if (!form) continue;
        const prevSeq = event.prevSeqFor(agentId, session.claims.scopes);
        let byPrev = groups.get(form);
        if (!byPrev) groups.set(form, (byPrev = new Map()));
        const ids = byPrev.get(prevSeq);
        if (ids) ids.push(socket.id);
        else byPrev.set(prevSeq, [socket.id]);
      }
    }
    const { seq, at, ephemeral } = event;
    for (const [{ type, data }, byPrev] of groups) {
      for (const [prevSeq, socketIds] of byPrev) io.to(socketIds).emit(type, { type, seq, prevSeq, at, ephemeral, data });
    }
  });
  const unsubscribeVisitors = store.onVisitorEvent((conversationId, name, data) => {
    io.to(visitorRoom(conversationId)).emit(name, data);
  });

  /**
   * Visitor presence goes to agents who see the conversation, with who and where. An agent that
   * asked to track visitors also hears of the others, but by visitor id alone: tracking shows
   * that someone is on the site, never whose conversation it is.
   */
  const announceVisitor = (type: 'visitor.connected' | 'visitor.disconnected', visitor: VisitorSession) => {
    const audience = store.audienceOfId(visitor.conversationId);
    const record = store.visitors.get(visitor.visitorId);
    for (const [agentId, sockets] of agentSockets) {
      const sees = audience.has(agentId);
      for (const socket of sockets) {
        if (!sees && !socket.data.agent?.trackVisitors) continue;
        sendTo(
          socket,
          {
            type,
            seq: store.hub.currentSeq,
            prevSeq: 0,
            at: store.isoNow(),
            ephemeral: true,
            data: sees ? { visitorId: visitor.visitorId, name: record?.name ?? 'Visitor', conversationId: visitor.conversationId } : { visitorId: visitor.visitorId },
          },
          (scopes) => store.hub.lastSeqFor(agentId, scopes),
        );
      }
    }
  };

  /** Tells the customer and the other agents who see the conversation, if this agent still may type there. */
  const forwardAgentTyping = (socket: AnySocket, chatId: string, isTyping: boolean) => {
    const session = socket.data.agent;
    if (!session || !session.claims.scopes.includes('agent:messages:write')) return;
    const conversation = store.canSee(session.viewer, chatId);
    const agent = store.agents.get(session.viewer.id);
    // A stop is always let through, so that an indicator turned on is never left on.
    if (!conversation || !agent || (isTyping && conversation.status === 'closed')) return;
    const name = isTyping ? 'chat.typing.started' : 'chat.typing.stopped';
    io.to(visitorRoom(chatId)).emit(name, { conversationId: chatId, by: { type: 'agent', name: agent.name } });
    const others = new Set([...store.audienceOf(conversation)].filter((id) => id !== agent.id));
    store.hub.publish(name, others, { conversationId: chatId, by: { type: 'agent', id: agent.id, name: agent.name } });
  };

  const forwardVisitorTyping = (visitor: VisitorSession, isTyping: boolean) => {
    const record = store.visitors.get(visitor.visitorId);
    store.hub.publish(isTyping ? 'chat.typing.started' : 'chat.typing.stopped', store.audienceOfId(visitor.conversationId), {
      conversationId: visitor.conversationId,
      by: { type: 'customer', id: visitor.visitorId, name: record?.name ?? 'Customer' },
    });
  };

  io.on('connection', (socket: AnySocket) => {
    attachCallHandlers(socket, calls, on, store.callLog);

    on(socket, AGENT_REQUESTS.connect, async (payload, reply) => {
      const fail = (type: SocketError['type'], message: string) => reply({ message, event: AGENT_REQUESTS.connect, type }, null);
      const parsed = agentConnectRequest.safeParse(payload);
      if (!parsed.success) return fail('invalid_request', `agent.connect: ${parsed.error.issues[0]?.path.map(String).join('.') || 'payload'} is malformed`);
      const request = parsed.data;
      if (request.version !== AGENT_PROTOCOL_VERSION) return fail('unsupported_version', `Protocol version ${request.version} is not supported; use ${AGENT_PROTOCOL_VERSION}`);
      const token = request.authToken ?? request.authtoken;
      const claims = token ? await tokens.verifyAgent(token) : null;
      if (!claims) return fail('auth_failure', 'Auth token is invalid');
      if (claims.agentId !== request.id) return fail('auth_failure', 'Agent id does not match the auth token');
      if (claims.tenantKey !== request.key || claims.tenantId !== store.tenant.id) return fail('auth_failure', 'Account key does not match the auth token');
      const agent = store.agents.get(claims.agentId);
      if (!agent) return fail('auth_failure', 'Agent not found');
      // The socket may have closed while the token was checked: it must not count as connected.
      if (socket.disconnected) return;

      const previous = socket.data.agent;
      unindex(socket);
      const connectedAt = previous?.connectedAt ?? store.isoNow();
      socket.data.agent = {
        claims,
        viewer: { id: agent.id, role: agent.role, departmentId: agent.departmentId },
        trackVisitors: request.trackVisitors ?? previous?.trackVisitors ?? false,
        connectedAt,
        expiryTimer: setTimeout(
          () => {
            if (socket.data.agent?.claims.tokenId !== claims.tokenId) return;
            expire(socket);
          },
          Math.max(0, claims.expiresAt * 1000 - store.now()),
        ),
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

    on(socket, AGENT_REQUESTS.logout, (payload, reply) => {
      if (!socket.data.agent) throw new SocketRefusal({ message: 'Agent not found', type: 'not_found' });
      parsePayload(agentLogoutRequest, payload ?? undefined, AGENT_REQUESTS.logout);
      socket.data.agentTyping?.close();
      unindex(socket);
      reply(null, true);
      // Let the acknowledgement leave before the connection is released.
      setImmediate(() => socket.disconnect(true));
    });

    on(socket, AGENT_REQUESTS.trackVisitors, (payload) => {
      const enabled = trackVisitorsRequest.safeParse(payload);
      if (socket.data.agent && enabled.success) socket.data.agent.trackVisitors = enabled.data;
    });

    on(socket, AGENT_REQUESTS.typing, (payload) => {
      const session = socket.data.agent;
      const parsed = chatTypingRequest.safeParse(payload);
      if (!session || !parsed.success || !session.claims.scopes.includes('agent:messages:write')) return;
      const { chatId, visitorId, typing } = parsed.data;
      const conversation = store.canSee(session.viewer, chatId);
      if (!conversation || conversation.customer.id !== visitorId || conversation.status === 'closed') return;
      socket.data.agentTyping ??= new TypingGate((conversationId, isTyping) => forwardAgentTyping(socket, conversationId, isTyping));
      socket.data.agentTyping.set(chatId, typing.is);
    });

    on(socket, VISITOR_REQUESTS.connect, async (payload, reply) => {
      const request = visitorConnectRequest.safeParse(payload);
      const visitor = request.success ? await tokens.verifyVisitor(request.data.token) : null;
      if (!visitor || !store.visitors.has(visitor.visitorId)) {
        return reply({ message: 'Visitor token is invalid', event: VISITOR_REQUESTS.connect, type: 'auth_failure' }, null);
      }
      if (socket.disconnected) return;
      if (!socket.data.visitor) calls.visitorConnectivityChanged(visitor.visitorId, 1);
      else if (socket.data.visitor.conversationId !== visitor.conversationId) socket.data.visitorTyping?.close();
      socket.data.visitor = visitor;
      await socket.join(visitorRoom(visitor.conversationId));
      reply(null, { conversationId: visitor.conversationId, visitorId: visitor.visitorId });
      announceVisitor('visitor.connected', visitor);
    });

    on(socket, VISITOR_REQUESTS.typing, (payload) => {
      const visitor = socket.data.visitor;
      const parsed = visitorTypingRequest.safeParse(payload);
      if (!visitor || !parsed.success) return;
      socket.data.visitorTyping ??= new TypingGate((conversationId, isTyping) => {
        if (socket.data.visitor?.conversationId === conversationId) forwardVisitorTyping(socket.data.visitor, isTyping);
      });
      socket.data.visitorTyping.set(visitor.conversationId, parsed.data.is);
    });

    socket.on('disconnect', () => {
      try {
        socket.data.agentTyping?.close();
        socket.data.visitorTyping?.close();
        unindex(socket);
        if (socket.data.visitor) {
          calls.visitorConnectivityChanged(socket.data.visitor.visitorId, -1);
          announceVisitor('visitor.disconnected', socket.data.visitor);
        }
      } catch (error) {
        (options.log ?? console.error)(`ringnity-emulator: cleaning up a socket failed: ${String(error)}`);
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
      presence.close();
      for (const sockets of agentSockets.values()) for (const s of sockets) unindex(s);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

const visitorRoom = (conversationId: string) => `visitor:${conversationId}`;
