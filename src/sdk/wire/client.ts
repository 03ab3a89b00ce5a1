import { backoffDelay } from '../lifecycle.js';
import { EngineConnection, INVALID_HANDSHAKE, type TransportName } from './engine.js';
import { DISCONNECT_PACKET, decodeSocketPacket, encodeConnect, encodeEvent } from './packets.js';

export interface SocketIoClientOptions {
  /** The server's origin (or any URL on it). */
  url: string;
  /** Where socket.io listens on that origin. */
  path?: string;
  /** How long one attempt may take, from opening the transport to the namespace's answer. */
  timeoutMs: number;
  reconnectDelayMs: number;
  reconnectDelayMaxMs: number;
}

export interface SocketIoHandlers {
  /** The default namespace accepted the connection. */
  connect(): void;
  /** A connection that had been accepted ended; the client is already working on the next one. */
  disconnect(reason: string): void;
  /** An event from the server. */
  event(name: string, args: unknown[]): void;
}

/** A connection that stayed up this long proves the server is fine again, so backoff starts over. */
const STABLE_CONNECTION_MS = 30_000;

/**
 * A client of the socket.io v4 wire protocol, for the default namespace and JSON payloads: what
 * the agent socket needs, and no more. WebSocket first; HTTP long-polling when a WebSocket cannot
 * be opened; events, acknowledgements with a deadline, heartbeats, and reconnection with backoff
 * until close(), including after the server disconnected us, and at once when the browser says
 * it is back online. When the browser says it went offline, the connection is dropped at once.
 *
 * Why not socket.io-client: it weighs 10.8 KB gzip in the no-build bundle, over a quarter of that
 * file's 40 KB budget, for transports, binary packets, namespaces, buffering and upgrade logic the
 * agent protocol never uses. This speaks the same wire format to the same socket.io server, and
 * test/node/wire-client.test.ts holds it to that against a real one.
 *
 * Emits are not buffered while disconnected: `emit` reports false and `request` rejects at once,
 * since the agent socket re-authenticates and catches up on every connect anyway.
 */
export class SocketIoClient {
  private engine: EngineConnection | undefined;
  private accepted = false;
  private running = false;
  private attempts = 0;
  private connectedAt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private deadline: ReturnType<typeof setTimeout> | undefined;
  private nextAckId = 0;
  private readonly acks = new Map<number, (error: Error | undefined, args: unknown[]) => void>();

  constructor(
    private readonly options: SocketIoClientOptions,
    private readonly handlers: SocketIoHandlers,
  ) {}

  /** True while the namespace has accepted the connection. */
  get connected(): boolean {
    return this.accepted;
  }

  /** Starts connecting, and keeps reconnecting until close(). */
  open(): void {
    if (this.running) return;
    this.running = true;
    globalThis.addEventListener?.('online', this.onOnline);
    globalThis.addEventListener?.('offline', this.onOffline);
    this.attempt('websocket');
  }

  /** Disconnects for good. */
  close(): void {
    this.running = false;
    globalThis.removeEventListener?.('online', this.onOnline);
    globalThis.removeEventListener?.('offline', this.onOffline);
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.accepted) this.engine?.send(DISCONNECT_PACKET);
    this.drop('io client disconnect');
  }

  /** Drops the current connection and makes a new one after a backoff delay. */
  restart(): void {
    if (!this.running) return;
    this.drop('io client disconnect');
    this.retry();
  }

  /** Sends an event that wants no answer; false when not connected, as nothing is queued. */
  emit(name: string, ...args: unknown[]): boolean {
    if (!this.accepted) return false;
    this.engine!.send(encodeEvent(name, args));
    return true;
  }

  /**
   * Sends an event and resolves with the arguments of the server's acknowledgement. Rejects when
   * not connected, when the connection ends first, or after `timeoutMs` without an answer.
   */
  request(name: string, args: readonly unknown[], timeoutMs: number): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      if (!this.accepted) return reject(new Error(`${name} was not sent: not connected`));
      const id = this.nextAckId++;
      const timer = setTimeout(() => {
        this.acks.delete(id);
        reject(new Error(`${name} was not answered within ${timeoutMs} ms`));
      }, timeoutMs);
      this.acks.set(id, (error, reply) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(reply);
      });
      this.engine!.send(encodeEvent(name, args, id));
    });
  }

  private attempt(transport: TransportName): void {
    const url = new URL(this.options.path ?? '/socket.io/', this.options.url);
    url.searchParams.set('EIO', '4');
    let handshaken = false;
    // A server that answered with a handshake we refuse was reached: long-polling would get the same.
    const websocketRefused = (reason: string) => transport === 'websocket' && !handshaken && reason !== INVALID_HANDSHAKE;
    const engine = new EngineConnection(url, transport, {
      open: () => {
        handshaken = true;
        engine.send(encodeConnect());
      },
      message: (data) => this.receive(data),
      lost: (reason) => this.lost(reason, websocketRefused(reason)),
    });
    this.engine = engine;
    clearTimeout(this.deadline);
    this.deadline = setTimeout(() => {
      engine.close();
      this.lost('timeout', websocketRefused('timeout'));
    }, this.options.timeoutMs);
  }

  private receive(data: string): void {
    const packet = decodeSocketPacket(data);
    switch (packet?.type) {
      case 'connect':
        // A server that repeats it must not make us authenticate again on the same connection.
        if (this.accepted) break;
        clearTimeout(this.deadline);
        this.accepted = true;
        this.connectedAt = Date.now();
        this.handlers.connect();
        break;
      case 'disconnect':
        this.drop('io server disconnect');
        this.retry();
        break;
      case 'connect_error':
        this.drop('connect_error');
        this.retry();
        break;
      case 'event':
        this.handlers.event(packet.name, packet.args);
        break;
      case 'ack': {
        const settle = this.acks.get(packet.id);
        this.acks.delete(packet.id);
        settle?.(undefined, packet.args);
        break;
      }
    }
  }

  /** The engine ended by itself, or the attempt ran out of time. */
  private lost(reason: string, websocketRefused: boolean): void {
    this.drop(reason);
    // A WebSocket that never got as far as the handshake is most likely blocked on the way (a
    // proxy): try long-polling straight away before counting the attempt as failed.
    if (websocketRefused && this.running) this.attempt('polling');
    else this.retry();
  }

  /** Ends the current connection, failing its pending acknowledgements, and says so if it was accepted. */
  private drop(reason: string): void {
    clearTimeout(this.deadline);
    const engine = this.engine;
    this.engine = undefined;
    engine?.close();
    const pending = [...this.acks.values()];
    this.acks.clear();
    for (const settle of pending) settle(new Error(`The connection ended (${reason}) before an answer came`), []);
    if (!this.accepted) return;
    this.accepted = false;
    this.handlers.disconnect(reason);
  }

  /** The browser says the network is back (a laptop waking, Wi-Fi returning): skip the rest of the backoff. */
  private readonly onOnline = (): void => {
    if (!this.running || this.retryTimer === undefined) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.attempt('websocket');
  };

  /**
   * The browser says the network is gone. A connection may not notice for a whole heartbeat
   * window, as nothing closes; say so now, and let `online` bring the next attempt forward.
   */
  private readonly onOffline = (): void => {
    if (!this.running || !this.engine) return;
    this.drop('network offline');
    this.retry();
  };

  private retry(): void {
    if (!this.running || this.retryTimer !== undefined) return;
    if (this.connectedAt && Date.now() - this.connectedAt >= STABLE_CONNECTION_MS) this.attempts = 0;
    this.connectedAt = 0;
    const delay = backoffDelay(this.attempts++, this.options.reconnectDelayMs, this.options.reconnectDelayMaxMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.running) this.attempt('websocket');
    }, delay);
  }
}
