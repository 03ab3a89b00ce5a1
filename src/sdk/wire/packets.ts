/**
 * The text packets of the socket.io v4 wire protocol: Engine.IO 4 frames carrying Socket.IO 5
 * packets, for the default namespace. Binary packets are not part of the agent protocol (every
 * payload is JSON), so they are recognised and reported as unsupported rather than decoded.
 *
 * An Engine.IO packet is one digit of type and its data: `0` open (the handshake, JSON), `1`
 * close, `2` ping, `3` pong, `4` message, `6` noop. A message carries one Socket.IO packet: a
 * digit of type, an optional `/namespace,`, an optional acknowledgement id and a JSON body.
 */

/** The server's Engine.IO handshake (`0{...}`). */
interface EngineHandshake {
  sid: string;
  pingInterval: number;
  pingTimeout: number;
}

export type EnginePacket = { type: 'open'; handshake: EngineHandshake } | { type: 'close' | 'ping' | 'pong' | 'noop' } | { type: 'message'; data: string };

export const ENGINE_PONG = '3';
export const ENGINE_CLOSE = '1';
const ENGINE_MESSAGE = '4';

/** Long-polling joins several Engine.IO packets in one HTTP body with this separator. */
export const PAYLOAD_SEPARATOR = '\x1e';

const ENGINE_TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'] as const;

/**
 * The heartbeat figures a handshake may carry, in ms. The watchdog waits `pingInterval +
 * pingTimeout`; a timer beyond 2^31 - 1 ms fires at once, so an unbounded figure would turn into a
 * reconnect loop. Five minutes is far longer than any server should stay silent; the low end only
 * stops a figure that could never be met, and stays low so that tests can run quick heartbeats.
 */
const HEARTBEAT_MIN_MS = 20;
const HEARTBEAT_MAX_MS = 300_000;
const MAX_SID_LENGTH = 200;

const isHeartbeat = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= HEARTBEAT_MIN_MS && (value as number) <= HEARTBEAT_MAX_MS;

/** One Engine.IO packet, or undefined for anything this client does not understand (including a handshake out of bounds). */
export function decodeEnginePacket(text: string): EnginePacket | undefined {
  const type = ENGINE_TYPES[Number(text[0])];
  if (type === 'message') return { type, data: text.slice(1) };
  if (type === 'open') {
    const handshake = parseJson(text.slice(1)) as Partial<EngineHandshake> | null | undefined;
    const { sid, pingInterval, pingTimeout } = handshake ?? {};
    if (typeof sid !== 'string' || !sid || sid.length > MAX_SID_LENGTH || !isHeartbeat(pingInterval) || !isHeartbeat(pingTimeout)) return undefined;
    return { type, handshake: handshake as EngineHandshake };
  }
  if (type === 'close' || type === 'ping' || type === 'pong' || type === 'noop') return { type };
  return undefined;
}

export type SocketPacket =
  | { type: 'connect'; data: unknown }
  | { type: 'disconnect' }
  | { type: 'connect_error'; message: string }
  | { type: 'event'; id: number | undefined; name: string; args: unknown[] }
  | { type: 'ack'; id: number; args: unknown[] }
  | { type: 'binary' };

const SOCKET_PACKET = /^([0-6])(?:\d+-)?(\/[^,]*,)?(\d*)([\s\S]*)$/;

/**
 * One Socket.IO packet of the default namespace, from the data of an Engine.IO message.
 * Undefined for a malformed packet or one for another namespace.
 */
export function decodeSocketPacket(data: string): SocketPacket | undefined {
  const match = SOCKET_PACKET.exec(data);
  if (!match || (match[2] && match[2] !== '/,')) return undefined;
  const [, type, , id, json] = match as unknown as [string, string, string | undefined, string, string];
  const body = json ? parseJson(json) : undefined;
  const ackId = id ? Number(id) : undefined;
  switch (type) {
    case '0':
      return { type: 'connect', data: body };
    case '1':
      return { type: 'disconnect' };
    case '2':
      if (!Array.isArray(body) || typeof body[0] !== 'string') return undefined;
      return { type: 'event', id: ackId, name: body[0], args: body.slice(1) };
    case '3':
      if (ackId === undefined || !Array.isArray(body)) return undefined;
      return { type: 'ack', id: ackId, args: body };
    case '4': {
      const message = (body as { message?: unknown } | undefined)?.message;
      return { type: 'connect_error', message: typeof message === 'string' ? message : 'connection refused' };
    }
    default:
      return { type: 'binary' };
  }
}

/** The Engine.IO message that opens the default namespace, with an optional auth payload. */
export function encodeConnect(auth?: object): string {
  return `${ENGINE_MESSAGE}0${auth ? JSON.stringify(auth) : ''}`;
}

export const DISCONNECT_PACKET = `${ENGINE_MESSAGE}1`;

/** The Engine.IO message carrying an event, with an acknowledgement id when an answer is wanted. */
export function encodeEvent(name: string, args: readonly unknown[], id?: number): string {
  return `${ENGINE_MESSAGE}2${id ?? ''}${JSON.stringify([name, ...args])}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
