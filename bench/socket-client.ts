/**
 * The SDK's socket client (src/sdk/wire/) next to socket.io-client, in the same run, against one
 * socket.io server on loopback: time to connect, the round trip of an acknowledged request, and
 * how fast a burst of server events is taken in; over WebSocket and over long-polling. Prints
 * medians; asserts nothing.
 *
 *   npm run bench:socket-client [-- --rounds 5]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { Server } from 'socket.io';
import { io as socketIoClient } from 'socket.io-client';
import { WebSocket as NodeWebSocket } from 'ws';
import { SocketIoClient } from '../src/sdk/wire/client.js';

// Node 20 has WebSocket only behind a flag; ws implements the same interface.
globalThis.WebSocket ??= NodeWebSocket as unknown as typeof WebSocket;

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const ROUNDS = Number(values.rounds);
const CONNECTS = 20;
const REQUESTS = 500;
const BURST = 20_000;
const PAYLOAD = { conversationId: 'cnv_0001', message: { body: 'x'.repeat(160), kind: 'customer' }, seq: 0 };

/** The part of a client the bench drives, whichever library is under it. */
interface BenchClient {
  connected(): Promise<void>;
  request(payload: unknown): Promise<unknown>;
  emit(name: string, payload: unknown): void;
  onEvent(listener: () => void): void;
  close(): void;
}

type Transport = 'websocket' | 'polling';

function ourClient(url: string): BenchClient {
  let listener = () => {};
  let onConnect = () => {};
  const connected = new Promise<void>((resolve) => (onConnect = resolve));
  const client = new SocketIoClient(
    { url, timeoutMs: 5_000, reconnectDelayMs: 500, reconnectDelayMaxMs: 5_000 },
    { connect: () => onConnect(), disconnect: () => {}, event: () => listener() },
  );
  client.open();
  return {
    connected: () => connected,
    request: (payload) => client.request('echo', [payload], 5_000),
    emit: (name, payload) => void client.emit(name, payload),
    onEvent: (fn) => (listener = fn),
    close: () => client.close(),
  };
}

function referenceClient(url: string, transport: Transport): BenchClient {
  const socket = socketIoClient(url, { forceNew: true, transports: [transport], reconnection: false });
  return {
    connected: () => (socket.connected ? Promise.resolve() : new Promise((resolve) => socket.once('connect', () => resolve()))),
    request: (payload) => socket.timeout(5_000).emitWithAck('echo', payload),
    emit: (name, payload) => void socket.emit(name, payload),
    onEvent: (fn) => void socket.on('burst', fn),
    close: () => void socket.close(),
  };
}

const median = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function startServer(transport: Transport) {
  const http = createServer();
  const io = new Server(http, { transports: [transport] });
  io.engine.on('connection', (socket: { transport: { closeTimeout?: number } }) => {
    // A server-closed polling session otherwise waits 30 s for a last poll.
    socket.transport.closeTimeout = 200;
  });
  io.on('connection', (socket) => {
    socket.on('echo', (payload: unknown, ack: (...args: unknown[]) => void) => ack(null, payload));
    socket.on('burst', (count: number) => {
      for (let i = 0; i < count; i++) socket.emit('burst', { ...PAYLOAD, seq: i });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        io.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

interface Figures {
  connectMs: number[];
  roundTripUs: number[];
  burstEventsPerS: number[];
}

async function measure(make: () => BenchClient, figures: Figures): Promise<void> {
  const connects: number[] = [];
  for (let i = 0; i < CONNECTS; i++) {
    const started = performance.now();
    const client = make();
    await client.connected();
    connects.push(performance.now() - started);
    client.close();
  }
  figures.connectMs.push(median(connects));

  const client = make();
  await client.connected();
  const trips: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    await client.request(PAYLOAD);
    trips.push((performance.now() - started) * 1000);
  }
  figures.roundTripUs.push(median(trips));

  let received = 0;
  let done = () => {};
  const all = new Promise<void>((resolve) => (done = resolve));
  client.onEvent(() => {
    if (++received === BURST) done();
  });
  const started = performance.now();
  client.emit('burst', BURST);
  await all;
  figures.burstEventsPerS.push(BURST / ((performance.now() - started) / 1000));
  client.close();
}

const empty = (): Figures => ({ connectMs: [], roundTripUs: [], burstEventsPerS: [] });

console.log(`socket clients on loopback, ${ROUNDS} rounds, medians of round medians`);
console.log(
  `  connect: ${CONNECTS} sequential connections; round trip: ${REQUESTS} sequential acked requests; burst: ${BURST} server events of ~${JSON.stringify(PAYLOAD).length} bytes`,
);
for (const transport of ['websocket', 'polling'] as const) {
  const server = await startServer(transport);
  const ours = empty();
  const reference = empty();
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which goes first, so neither always meets a warmer server.
    const runs = [() => measure(() => ourClient(server.url), ours), () => measure(() => referenceClient(server.url, transport), reference)];
    if (round % 2) runs.reverse();
    for (const run of runs) await run();
  }
  await server.close();
  const row = (name: string, f: Figures) =>
    `  ${transport.padEnd(9)} ${name.padEnd(22)} connect ${median(f.connectMs).toFixed(2).padStart(6)} ms   round trip ${median(f.roundTripUs).toFixed(0).padStart(5)} µs   burst ${Math.round(median(f.burstEventsPerS)).toLocaleString('en-US').padStart(8)} events/s`;
  console.log(row('src/sdk/wire', ours));
  console.log(row('socket.io-client 4.8', reference));
}
