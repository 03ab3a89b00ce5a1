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
import { delay, refuseWebSockets, setup, waitFor } from './helpers.js';

// Node 20 has no WebSocket without a flag; ws is what a Node host of the SDK would lend it.
globalThis.WebSocket ??= NodeWebSocket as unknown as typeof WebSocket;

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
    await assert.rejects(RingnityAgent.create({ token, apiBaseUrl: silent.url, connectTimeoutMs: 300 }), (error: unknown) => isRingnityError(error, 'NETWORK_ERROR'));
    await delay(100);
    console.log(`# create() gave up on a silent server after ${Date.now() - started} ms`);
  });
});

describe('wire client: a server it should not trust', () => {
  /** A bare WebSocket server speaking Engine.IO frames as the test scripts them; polling is refused. */
  async function startBareServer(t: TestContext, onConnection: (socket: NodeWebSocket) => void) {
    const http = createServer((_req, res) => res.writeHead(400).end());
    const wss = new WebSocketServer({ server: http });
    wss.on('connection', onConnection);
    const url = await listen(t, http);
    t.after(() => {
      for (const socket of wss.clients) socket.terminate();
      wss.close();
    });
    return url;
  }

  const handshake = (pingInterval: unknown, pingTimeout: unknown) => `0${JSON.stringify({ sid: 'bare', upgrades: [], pingInterval, pingTimeout, maxPayload: 1e6 })}`;

  for (const [label, pingInterval, pingTimeout] of [
    ['a pingInterval of 2^31', 2 ** 31, 20_000],
    ['a pingTimeout far beyond any timer', 25_000, 2 ** 40],
    ['heartbeat figures sent as strings', '25000', '20000'],
    ['a fractional pingInterval', 2500.5, 20_000],
    ['a negative pingTimeout', 25_000, -1],
  ] as const) {
    it(`refuses a handshake with ${label}, and tries again with backoff`, async (t) => {
      let connections = 0;
      const url = await startBareServer(t, (socket) => {
        connections++;
        socket.send(handshake(pingInterval, pingTimeout));
        socket.on('message', (data) => String(data) === '40' && socket.send('40{"sid":"ns"}'));
      });
      const { socketIo, log } = client(t, url, { reconnectDelayMs: 50, reconnectDelayMaxMs: 200 });
      socketIo.open();
      await waitFor(() => connections >= 3, 'the client to come back after refused handshakes');
      assert.deepEqual(log, [], 'the namespace was never taken as connected');
      assert.equal(socketIo.connected, false);
    });
  }

  it('ignores a repeated namespace connect: the handler runs once, so nothing re-authenticates', async (t) => {
    const url = await startBareServer(t, (socket) => {
      socket.send(handshake(25_000, 20_000));
      socket.on('message', (data) => {
        if (String(data) !== '40') return;
        for (let i = 0; i < 5; i++) socket.send(`40{"sid":"ns${i}"}`);
        socket.send('42["after.the.connects"]');
      });
    });
    const { socketIo, log } = client(t, url);
    socketIo.open();
    await waitFor(() => log.includes('event after.the.connects'), 'the event after the connects');
    assert.deepEqual(log, ['connect', 'event after.the.connects']);
  });

  it('backs off when long-polls come back empty or unreadable at once instead of being held', async (t) => {
    let polls = 0;
    let handshakes = 0;
    const answer = (req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url!, 'http://x');
      if (url.searchParams.get('transport') !== 'polling') return res.writeHead(400).end();
      if (req.method === 'POST') {
        req.resume();
        return res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      }
      if (!url.searchParams.has('sid')) {
        handshakes++;
        return res.writeHead(200, { 'Content-Type': 'text/plain' }).end(handshake(25_000, 20_000));
      }
      polls++;
      // A proxy or a broken server: 200 at once, with nothing (or nothing sensible) in it.
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(polls % 2 ? '' : 'not a packet');
    };
    const http = createServer(answer);
    const url = await listen(t, http);
    // No WebSocket at all here, so the client goes straight to long-polling.
    refuseWebSockets(t);
    const { socketIo } = client(t, url);
    socketIo.open();
    await waitFor(() => polls >= 2, 'the first polls');
    const start = polls;
    await delay(1_500);
    const inWindow = polls - start;
    console.log(`# ${inWindow} empty long-polls answered in 1.5 s`);
    assert.ok(inWindow < 30, `${inWindow} polls in 1.5 s is a tight loop`);
    assert.equal(handshakes, 1);
  });
});
