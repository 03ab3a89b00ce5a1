/**
 * The wire client against servers that misbehave: one that never answers the WebSocket upgrade
 * (the client must be able to give up on it without taking a Node host down), and hand-built
 * servers that send hostile handshakes, repeat the namespace connect or answer long-polls empty.
 */
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, WebSocket as NodeWebSocket } from 'ws';
import { SocketIoClient, type SocketIoClientOptions } from '../../src/sdk/wire/client.js';
import { RingnityAgent } from '../../src/sdk/agent.js';
import { isRingnityError } from '../../src/sdk/errors.js';
import { setup } from './helpers.js';

// Node 20 has no WebSocket without a flag; ws is what a Node host of the SDK would lend it.
globalThis.WebSocket ??= NodeWebSocket as unknown as typeof WebSocket;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await delay(10);
  }
}

async function listen(t: TestContext, server: HttpServer): Promise<string> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // An upgrade request hands its socket over to the 'upgrade' listener; keep track of those too.
  server.on('upgrade', (_req, socket: Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A server that accepts TCP and HTTP but never answers, neither the upgrade nor a poll. */
async function startSilentServer(t: TestContext): Promise<{ url: string; upgrades: () => number }> {
  let upgrades = 0;
  const server = createServer(() => {});
  server.on('upgrade', () => upgrades++);
  return { url: await listen(t, server), upgrades: () => upgrades };
}

function client(t: TestContext, url: string, options: Partial<SocketIoClientOptions> = {}) {
  const log: string[] = [];
  const socketIo = new SocketIoClient(
    { url, timeoutMs: 2_000, reconnectDelayMs: 20, reconnectDelayMaxMs: 100, ...options },
    { connect: () => log.push('connect'), disconnect: (reason) => log.push(`disconnect ${reason}`), event: (name) => log.push(`event ${name}`) },
  );
  t.after(() => socketIo.close());
  return { socketIo, log };
}

describe('wire client: giving up on a socket that is still connecting (Node with ws)', () => {
  it('an attempt that times out during the WebSocket upgrade does not crash the process', async (t) => {
    const silent = await startSilentServer(t);
    const { socketIo } = client(t, silent.url, { timeoutMs: 150 });
    socketIo.open();
    await waitFor(() => silent.upgrades() >= 1, 'the upgrade request');
    // The deadline passes while the WebSocket is CONNECTING; ws reports the abort as an 'error'.
    await delay(400);
    socketIo.close();
    await delay(50);
    assert.equal(socketIo.connected, false);
  });

  it('close() right after open() does not crash the process', async (t) => {
    const silent = await startSilentServer(t);
    for (let i = 0; i < 3; i++) {
      const { socketIo } = client(t, silent.url);
      socketIo.open();
      await waitFor(() => silent.upgrades() > i, 'the upgrade request');
      socketIo.close();
    }
    await delay(100);
  });

  it('RingnityAgent.create rejects on its timeout and the process lives on', async (t) => {
    const h = await setup(t);
    const token = await h.mint('agent.one');
    const silent = await startSilentServer(t);
    const started = Date.now();
    await assert.rejects(
      RingnityAgent.create({ token, apiBaseUrl: silent.url, connectTimeoutMs: 300 }),
      (error: unknown) => isRingnityError(error, 'NETWORK_ERROR'),
    );
    await delay(100);
    console.log(`# create() gave up on a silent server after ${Date.now() - started} ms`);
  });
});
