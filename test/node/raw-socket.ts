/**
 * Bare engine.io / socket.io clients for hostile tests: they put on the wire exactly the text a
 * test gives them, which socket.io-client cannot (its encoder walks the payload and would itself
 * overflow on the deep nesting these tests send).
 */
import { WebSocket } from 'ws';

export interface RawSocket {
  /** Send one socket.io event packet, already JSON-encoded as `[name, ...args]`; with an ack id, or none for no ack. */
  sendEvent(ackId: number | null, encodedArgs: string): Promise<void>;
  /** The next ack packet for this id, as its decoded arguments. */
  ack(ackId: number): Promise<unknown[]>;
  /** Resolves when the server closed the connection. */
  readonly closed: Promise<void>;
  close(): void;
}

const WAIT_MS = 5_000;

/** Collects socket.io packets and hands acks to whoever waits for them. */
class AckBox {
  private readonly acks = new Map<number, unknown[]>();
  private readonly waiters = new Map<number, (args: unknown[]) => void>();

  receive(packet: string): void {
    const match = /^43(\d+)(.*)$/s.exec(packet);
    if (!match) return;
    const id = Number(match[1]);
    const args = JSON.parse(match[2]!) as unknown[];
    const waiter = this.waiters.get(id);
    if (waiter) {
      this.waiters.delete(id);
      waiter(args);
    } else this.acks.set(id, args);
  }

  wait(id: number, what: string): Promise<unknown[]> {
    const ready = this.acks.get(id);
    if (ready) {
      this.acks.delete(id);
      return Promise.resolve(ready);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack ${id} over ${what}`)), WAIT_MS);
      this.waiters.set(id, (args) => {
        clearTimeout(timer);
        resolve(args);
      });
    });
  }
}

/** A socket.io client over HTTP long-polling, made of plain fetch calls. */
export async function pollingSocket(url: string): Promise<RawSocket> {
  const base = `${url}/socket.io/?EIO=4&transport=polling`;
  const open = await (await fetch(base)).text();
  const sid = (JSON.parse(open.slice(1)) as { sid: string }).sid;
  const endpoint = `${base}&sid=${sid}`;
  const box = new AckBox();
  let closed = false;
  let serverClosed!: () => void;
  const closedByServer = new Promise<void>((resolve) => (serverClosed = resolve));
  const post = async (body: string) => {
    const response = await fetch(endpoint, { method: 'POST', body, headers: { 'Content-Type': 'text/plain;charset=UTF-8' } });
    await response.text();
    if (response.status !== 200) throw new Error(`polling POST answered ${response.status}`);
  };
  await post('40');
  // One GET in flight at a time, as engine.io requires; it answers pings too.
  const poll = async () => {
    while (!closed) {
      const response = await fetch(endpoint).catch(() => null);
      if (!response || response.status !== 200) return serverClosed();
      for (const packet of (await response.text()).split('\x1e')) {
        if (packet === '2') await post('3').catch(() => {});
        else if (packet.startsWith('1')) return serverClosed();
        else box.receive(packet);
      }
    }
  };
  void poll();
  return {
    sendEvent: (ackId, encodedArgs) => post(`42${ackId ?? ''}${encodedArgs}`),
    ack: (ackId) => box.wait(ackId, 'long-polling'),
    closed: closedByServer,
    close() {
      closed = true;
      void post('1').catch(() => {});
    },
  };
}

/** A socket.io client over a bare WebSocket. */
export async function webSocket(url: string): Promise<RawSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const box = new AckBox();
  const connected = new Promise<void>((resolve, reject) => {
    ws.on('error', reject);
    ws.on('message', (data) => {
      const packet = data.toString();
      if (packet.startsWith('0')) ws.send('40');
      else if (packet.startsWith('40')) resolve();
      else if (packet === '2') ws.send('3');
      else box.receive(packet);
    });
  });
  await connected;
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  return {
    sendEvent: (ackId, encodedArgs) => new Promise((resolve, reject) => ws.send(`42${ackId ?? ''}${encodedArgs}`, (error) => (error ? reject(error) : resolve()))),
    ack: (ackId) => box.wait(ackId, 'WebSocket'),
    closed,
    close: () => ws.close(),
  };
}

/** `depth` nested arrays around a zero, as JSON text: small on the wire, deep once parsed. */
export const deepArrays = (depth: number) => `${'['.repeat(depth)}0${']'.repeat(depth)}`;
