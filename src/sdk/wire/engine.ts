import { backoffDelay } from '../lifecycle.js';
import { ENGINE_CLOSE, ENGINE_PONG, PAYLOAD_SEPARATOR, decodeEnginePacket } from './packets.js';

export type TransportName = 'websocket' | 'polling';

export interface EngineListener {
  /** The server's handshake arrived: packets can flow. */
  open(): void;
  /** The data of one Engine.IO message: a Socket.IO packet. */
  message(data: string): void;
  /** The connection ended without close() being called: the network, the server or a missed heartbeat. */
  lost(reason: string): void;
}

/** What a transport does for an EngineConnection: carry text packets both ways. */
interface Transport {
  send(packet: string): void;
  /** Stops for good; `goodbye` tells the server, where the transport has no close of its own. */
  close(goodbye: boolean): void;
}

/** Hands one packet to the connection; false when it carried nothing the client understood. */
type Receive = (packet: string) => boolean;
type Fail = (reason: string) => void;

const IDLE_POLL_DELAY_MS = 200;
const IDLE_POLL_DELAY_MAX_MS = 5_000;

/**
 * One Engine.IO 4 connection over one transport, from the handshake to its end. The server pings
 * every `pingInterval` and this answers; a server silent for `pingInterval + pingTimeout` is
 * taken as gone, as a connection can die without a close reaching us.
 */
/** Why a connection was given up when the server's handshake could not be trusted. */
export const INVALID_HANDSHAKE = 'invalid handshake';

export class EngineConnection {
  private ended = false;
  private opened = false;
  private heartbeatWindowMs = 0;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private readonly transport: Transport;

  constructor(
    url: URL,
    transportName: TransportName,
    private readonly listener: EngineListener,
  ) {
    const open = transportName === 'websocket' ? openWebSocket : openPolling;
    this.transport = open(
      url,
      (packet) => this.receive(packet),
      (reason) => this.lose(reason),
    );
  }

  send(packet: string): void {
    if (!this.ended) this.transport.send(packet);
  }

  close(): void {
    if (this.ended) return;
    this.end();
    this.transport.close(true);
  }

  private receive(text: string): boolean {
    if (this.ended) return false;
    const packet = decodeEnginePacket(text);
    // The handshake comes first and sets the heartbeat; without a sound one nothing else counts.
    if (!this.opened && packet?.type !== 'open') {
      this.lose(INVALID_HANDSHAKE);
      return false;
    }
    switch (packet?.type) {
      case 'open':
        if (this.opened) break;
        this.opened = true;
        this.heartbeatWindowMs = packet.handshake.pingInterval + packet.handshake.pingTimeout;
        this.heartbeat();
        this.listener.open();
        break;
      case 'ping':
        this.heartbeat();
        this.transport.send(ENGINE_PONG);
        break;
      case 'message':
        this.listener.message(packet.data);
        break;
      case 'close':
        this.lose('transport close');
        break;
    }
    return packet !== undefined && packet.type !== 'noop';
  }

  private heartbeat(): void {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => this.lose('ping timeout'), this.heartbeatWindowMs);
  }

  private lose(reason: string): void {
    if (this.ended) return;
    this.end();
    this.transport.close(false);
    this.listener.lost(reason);
  }

  private end(): void {
    this.ended = true;
    clearTimeout(this.watchdog);
  }
}

function openWebSocket(url: URL, receive: Receive, fail: Fail): Transport {
  const target = new URL(url);
  target.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  target.searchParams.set('transport', 'websocket');
  let socket: WebSocket;
  try {
    socket = new WebSocket(target);
  } catch {
    // No WebSocket here, or the page may not open one (a policy): the caller falls back.
    setTimeout(() => fail('transport error'));
    return { send() {}, close() {} };
  }
  // Every packet of the agent protocol is text; a binary frame has nothing for us.
  socket.onmessage = (event) => typeof event.data === 'string' && receive(event.data);
  socket.onclose = () => fail('transport close');
  socket.onerror = () => fail('transport error');
  return {
    send: (packet) => socket.readyState === WebSocket.OPEN && socket.send(packet),
    close: () => {
      socket.onmessage = socket.onclose = null;
      // Closing a socket that is still connecting makes Node's ws emit 'error', which with no
      // listener would throw and end the host process; browsers only log it. Keep a listener.
      socket.onerror = () => {};
      socket.close();
    },
  };
}

/**
 * HTTP long-polling, for networks whose proxies refuse WebSockets: a GET held open by the server
 * brings packets, a POST carries ours. Each side has one request in flight at a time, as the
 * server requires.
 */
function openPolling(url: URL, receive: Receive, fail: Fail): Transport {
  const target = new URL(url);
  target.searchParams.set('transport', 'polling');
  // Only the GET is cut short on close: the POSTs still queued say goodbye in order.
  const polling = new AbortController();
  let closed = false;
  let outbox: string[] = [];
  let posting = false;

  const request = async (init: RequestInit): Promise<string> => {
    const response = await fetch(target, { cache: 'no-store', ...init });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.text();
  };
  const failUnlessClosed = () => closed || fail('transport error');
  let wakeUp = () => {};
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const poll = async () => {
    let idlePolls = 0;
    while (!closed) {
      const packets = (await request({ signal: polling.signal })).split(PAYLOAD_SEPARATOR);
      let understood = false;
      for (const packet of packets) {
        if (closed) return;
        // Every request after the handshake names the session it belongs to.
        if (!target.searchParams.has('sid')) {
          const open = decodeEnginePacket(packet);
          if (open?.type === 'open') target.searchParams.set('sid', open.handshake.sid);
        }
        understood = receive(packet) || understood;
      }
      // A server holds a poll until it has something to say, at least a ping. One answered at once
      // with nothing in it is a broken server or proxy, and asking again straight away would hammer it.
      if (understood) idlePolls = 0;
      else await wait(backoffDelay(idlePolls++, IDLE_POLL_DELAY_MS, IDLE_POLL_DELAY_MAX_MS));
    }
  };
  const flush = async () => {
    if (posting || !outbox.length || !target.searchParams.has('sid')) return;
    posting = true;
    const body = outbox.join(PAYLOAD_SEPARATOR);
    outbox = [];
    // A goodbye may be sent as the page unloads; keepalive lets it finish.
    await request({ method: 'POST', body, keepalive: closed });
    posting = false;
    await flush();
  };

  poll().catch(failUnlessClosed);
  return {
    send: (packet) => {
      outbox.push(packet);
      flush().catch(failUnlessClosed);
    },
    close: (goodbye) => {
      closed = true;
      polling.abort();
      wakeUp();
      // The close packet frees the session on the server now rather than when its heartbeat gives up.
      if (goodbye) outbox.push(ENGINE_CLOSE);
      else outbox = [];
      flush().catch(() => {});
    },
  };
}
