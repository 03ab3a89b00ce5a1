/**
 * The SDK's socket.io wire client (src/sdk/wire/) against real socket.io servers: WebSocket, the
 * long-polling fallback, acknowledgements, reconnection and refusals. Faults a real server cannot
 * be told to make (a server that stops pinging, garbage on the wire) come from a bare WebSocket
 * server speaking the same frames.
 */
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type ServerOptions, type Socket as ServerSocket } from 'socket.io';
import { WebSocketServer, WebSocket as NodeWebSocket } from 'ws';
import { SocketIoClient, type SocketIoClientOptions } from '../../src/sdk/wire/client.js';
import { decodeEnginePacket, decodeSocketPacket, encodeConnect, encodeEvent } from '../../src/sdk/wire/packets.js';
import { refuseWebSockets, waitFor } from './helpers.js';

// Browsers have WebSocket; Node 20 has it only behind a flag, so the tests lend it ws's, which
// implements the same interface.
globalThis.WebSocket ??= NodeWebSocket as unknown as typeof WebSocket;

async function listen(server: HttpServer): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A socket.io server on a free loopback port that answers `echo` and records what it sees. */
async function startServer(t: TestContext, options: Partial<ServerOptions> = {}) {
  const http = createServer();
  const io = new Server(http, options);
  const sockets: ServerSocket[] = [];
  const received: Array<{ name: string; args: unknown[] }> = [];
  const disconnects: string[] = [];
  // When the server closes a long-polling session it waits up to 30 s for the client's next poll,
  // on a timer that would keep this test process alive; the client has long moved on by then.
  io.engine.on('connection', (engineSocket: { transport: { closeTimeout?: number } }) => {
    engineSocket.transport.closeTimeout = 200;
  });
  io.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('disconnect', (reason) => disconnects.push(reason));
    socket.on('echo', (payload: unknown, ack: (...args: unknown[]) => void) => ack(null, payload));
    socket.on('silent', () => {});
    socket.onAny((name: string, ...args: unknown[]) => received.push({ name, args }));
  });
  const url = await listen(http);
  t.after(async () => {
    await new Promise<void>((resolve) => {
      io.close(() => resolve());
      // fetch keeps idle connections for reuse (long-polling); end them with the server.
      http.closeAllConnections();
    });
  });
  return { io, url, sockets, received, disconnects };
}

interface Recorded {
  client: SocketIoClient;
  log: string[];
  events: Array<{ name: string; args: unknown[] }>;
  connects: () => number;
}

function connectClient(t: TestContext, url: string, options: Partial<SocketIoClientOptions> = {}): Recorded {
  const log: string[] = [];
  const events: Array<{ name: string; args: unknown[] }> = [];
  const client = new SocketIoClient(
    { url, timeoutMs: 2_000, reconnectDelayMs: 20, reconnectDelayMaxMs: 100, ...options },
    {
      connect: () => log.push('connect'),
      disconnect: (reason) => log.push(`disconnect ${reason}`),
      event: (name, args) => events.push({ name, args }),
    },
  );
  t.after(() => client.close());
  client.open();
  return { client, log, events, connects: () => log.filter((entry) => entry === 'connect').length };
}

describe('wire packets', () => {
  it('decodes the Socket.IO packets of the default namespace', () => {
    assert.deepEqual(decodeSocketPacket('0{"sid":"abc"}'), { type: 'connect', data: { sid: 'abc' } });
    assert.deepEqual(decodeSocketPacket('1'), { type: 'disconnect' });
    assert.deepEqual(decodeSocketPacket('2["chat.typing",{"is":true}]'), { type: 'event', id: undefined, name: 'chat.typing', args: [{ is: true }] });
    assert.deepEqual(decodeSocketPacket('217["agent.connect",1,"two"]'), { type: 'event', id: 17, name: 'agent.connect', args: [1, 'two'] });
    assert.deepEqual(decodeSocketPacket('342[null,{"ok":true}]'), { type: 'ack', id: 42, args: [null, { ok: true }] });
    assert.deepEqual(decodeSocketPacket('4{"message":"Not authorized"}'), { type: 'connect_error', message: 'Not authorized' });
    assert.deepEqual(decodeSocketPacket('51-["file",{"_placeholder":true,"num":0}]'), { type: 'binary' });
  });

  it('turns away malformed packets and other namespaces instead of throwing', () => {
    for (const data of ['', 'x', '2', '2not json', '2["unterminated"', '2[42]', '2{"name":"x"}', '3["no id"]', '37{"not":"a list"}', '9["x"]', '2/admin,["x"]', '2/admin,7["x"]']) {
      assert.equal(decodeSocketPacket(data), undefined, JSON.stringify(data));
    }
  });

  it('decodes Engine.IO packets and checks the handshake', () => {
    assert.deepEqual(decodeEnginePacket('0{"sid":"s1","pingInterval":25000,"pingTimeout":20000,"upgrades":[]}'), {
      type: 'open',
      handshake: { sid: 's1', pingInterval: 25000, pingTimeout: 20000, upgrades: [] },
    });
    assert.deepEqual(decodeEnginePacket('2'), { type: 'ping' });
    assert.deepEqual(decodeEnginePacket('42["x"]'), { type: 'message', data: '2["x"]' });
    assert.equal(decodeEnginePacket('0{"sid":"s1"}'), undefined, 'a handshake without heartbeat figures');
    assert.equal(decodeEnginePacket('0garbage'), undefined);
    assert.equal(decodeEnginePacket('5'), undefined, 'upgrade is not ours to handle');
    assert.equal(decodeEnginePacket('bAQID'), undefined, 'base64 binary');
  });

  it('encodes connect and events as socket.io writes them', () => {
    assert.equal(encodeConnect(), '40');
    assert.equal(encodeConnect({ token: 'x' }), '40{"token":"x"}');
    assert.equal(encodeEvent('chat.typing', [{ is: true }]), '42["chat.typing",{"is":true}]');
    assert.equal(encodeEvent('agent.connect', [{ id: 'a' }], 3), '423["agent.connect",{"id":"a"}]');
  });
});

describe('wire client over WebSocket', () => {
  it('connects, sends events, gets acknowledgements and receives events', async (t) => {
    const server = await startServer(t);
    const { client, events, connects } = connectClient(t, server.url);
    await waitFor(() => connects() === 1, 'the connection');
    assert.equal(client.connected, true);
    assert.equal(server.sockets[0]!.conn.transport.name, 'websocket');

    assert.deepEqual(await client.request('echo', [{ text: 'héllo ☎' }], 1_000), [null, { text: 'héllo ☎' }]);
    assert.equal(client.emit('chat.typing', { conversationId: 'c1', is: true }), true);
    await waitFor(() => server.received.find((e) => e.name === 'chat.typing'), 'the typing event');
    assert.deepEqual(server.received.find((e) => e.name === 'chat.typing')!.args, [{ conversationId: 'c1', is: true }]);

    server.sockets[0]!.emit('chat.message.created', { seq: 1 }, 'second');
    await waitFor(() => events.length === 1, 'the server event');
    assert.deepEqual(events[0], { name: 'chat.message.created', args: [{ seq: 1 }, 'second'] });
  });

  it('rejects a request that is not answered in time, and one sent while disconnected', async (t) => {
    const server = await startServer(t);
    const { client, connects } = connectClient(t, server.url);
    await waitFor(() => connects() === 1, 'the connection');
    await assert.rejects(client.request('silent', [{}], 100), /silent was not answered within 100 ms/);
    // The late-answer path is gone: a later request still works.
    assert.deepEqual(await client.request('echo', ['again'], 1_000), [null, 'again']);
    client.close();
    assert.equal(client.emit('chat.typing', {}), false);
    await assert.rejects(client.request('echo', ['x'], 1_000), /echo was not sent: not connected/);
  });

  it('fails pending requests when the connection drops, then reconnects', async (t) => {
    const server = await startServer(t);
    const { client, log, connects } = connectClient(t, server.url);
    await waitFor(() => connects() === 1, 'the connection');
    const pending = client.request('silent', [{}], 5_000);
    server.sockets[0]!.conn.close();
    await assert.rejects(pending, /The connection ended \(transport close\) before an answer came/);
    await waitFor(() => connects() === 2, 'the reconnection');
    assert.deepEqual(log, ['connect', 'disconnect transport close', 'connect']);
    assert.deepEqual(await client.request('echo', ['back'], 1_000), [null, 'back']);
  });

  it('reconnects after the server disconnects it, which socket.io-client would not do by itself', async (t) => {
    const server = await startServer(t);
    const { log, connects } = connectClient(t, server.url);
    await waitFor(() => connects() === 1, 'the connection');
    server.sockets[0]!.disconnect(true);
    await waitFor(() => connects() === 2, 'the reconnection');
    assert.deepEqual(log, ['connect', 'disconnect io server disconnect', 'connect']);
    assert.equal(server.io.of('/').sockets.size, 1);
  });

  it('close() disconnects the namespace cleanly and stops for good', async (t) => {
    const server = await startServer(t);
    const { client, log, connects } = connectClient(t, server.url);
    await waitFor(() => connects() === 1, 'the connection');
    client.close();
    await waitFor(() => server.disconnects.length === 1, 'the server to see the disconnect');
    assert.equal(server.disconnects[0], 'client namespace disconnect');
    assert.deepEqual(log, ['connect', 'disconnect io client disconnect']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(server.io.of('/').sockets.size, 0, 'nothing reconnected');
  });

  it('keeps retrying with backoff while the server refuses the namespace, and stops on close()', async (t) => {
    const server = await startServer(t);
    let refusals = 0;
    server.io.use((_socket, next) => {
      refusals++;
      next(new Error('Not now'));
    });
    const { client, log } = connectClient(t, server.url, { reconnectDelayMs: 30, reconnectDelayMaxMs: 60 });
    await waitFor(() => refusals >= 3, 'three refused attempts');
    assert.equal(client.connected, false);
    assert.deepEqual(log, [], 'a refused connection was never connected');
    client.close();
    const after = refusals;
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(refusals, after, 'no attempt after close()');
  });

  it('keeps connecting to a server that comes up late', async (t) => {
    // A port that was free a moment ago: nothing listens there yet.
    const probe = createServer();
    const url = await listen(probe);
    await new Promise((resolve) => probe.close(resolve));
    const { connects } = connectClient(t, url, { reconnectDelayMs: 20, reconnectDelayMaxMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(connects(), 0);
    const http = createServer();
    const io = new Server(http);
    t.after(() => new Promise<void>((resolve) => io.close(() => resolve())));
    await new Promise<void>((resolve) => http.listen(Number(new URL(url).port), '127.0.0.1', resolve));
    await waitFor(() => connects() === 1, 'the connection once the server is up');
  });
});

describe('wire client over long-polling', () => {
  it('falls back to long-polling when the server takes no WebSocket, and works the same', async (t) => {
    const server = await startServer(t, { transports: ['polling'] });
    const { client, events, connects } = connectClient(t, server.url);
    await waitFor(() => connects() === 1, 'the connection');
    assert.equal(server.sockets[0]!.conn.transport.name, 'polling');

    // Several packets at once travel in one POST, in order.
    const answers = await Promise.all([1, 2, 3, 4, 5].map((n) => client.request('echo', [n], 2_000)));
    assert.deepEqual(
      answers,
      [1, 2, 3, 4, 5].map((n) => [null, n]),
    );
    for (let n = 0; n < 20; n++) client.emit('burst', n);
    await waitFor(() => server.received.filter((e) => e.name === 'burst').length === 20, 'the burst');
    assert.deepEqual(
      server.received.filter((e) => e.name === 'burst').map((e) => e.args[0]),
      [...Array(20).keys()],
    );

    server.sockets[0]!.emit('chat.message.created', { seq: 7 });
    await waitFor(() => events.length === 1, 'the server event');
    assert.deepEqual(events[0], { name: 'chat.message.created', args: [{ seq: 7 }] });
  });

  it('answers heartbeats, so the session outlives several ping intervals', async (t) => {
    // A client that did not answer would be dropped 600 ms in; the wait spans about ten pings. The
    // 400 ms answer window leaves room for a loaded CI machine, where 100 ms was not always enough.
    const server = await startServer(t, { transports: ['polling'], pingInterval: 200, pingTimeout: 400 });
    const { log, connects } = connectClient(t, server.url);
    await waitFor(() => connects() === 1, 'the connection');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    assert.deepEqual(log, ['connect']);
    assert.equal(server.disconnects.length, 0);
  });

  it('reconnects after the server disconnects it, and close() frees the session on the server', async (t) => {
    const server = await startServer(t, { transports: ['polling'] });
    const { client, log, connects } = connectClient(t, server.url);
    await waitFor(() => connects() === 1, 'the connection');
    server.sockets[0]!.disconnect(true);
    await waitFor(() => connects() === 2, 'the reconnection');
    assert.deepEqual(log, ['connect', 'disconnect io server disconnect', 'connect']);
    client.close();
    await waitFor(() => server.io.engine.clientsCount === 0, 'the server to drop the session');
    assert.deepEqual(server.disconnects, ['server namespace disconnect', 'client namespace disconnect']);
  });

  it('uses long-polling where the page cannot open a WebSocket at all', async (t) => {
    const server = await startServer(t);
    refuseWebSockets(t);
    const { client, connects } = connectClient(t, server.url);
    await waitFor(() => connects() === 1, 'the connection');
    assert.equal(server.sockets[0]!.conn.transport.name, 'polling');
    assert.deepEqual(await client.request('echo', ['over polling'], 1_000), [null, 'over polling']);
  });
});

describe('wire client against a faulty server', () => {
  /** A bare WebSocket server that speaks Engine.IO frames as each test scripts them. */
  async function startBareServer(t: TestContext, onConnection: (socket: NodeWebSocket) => void) {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    wss.on('connection', onConnection);
    const url = await listen(http);
    t.after(
      () =>
        new Promise<void>((resolve) => {
          for (const client of wss.clients) client.terminate();
          wss.close();
          http.close(() => resolve());
        }),
    );
    return url;
  }

  const handshake = (pingInterval: number, pingTimeout: number) => `0${JSON.stringify({ sid: 'bare', upgrades: [], pingInterval, pingTimeout, maxPayload: 1e6 })}`;

  it('drops a connection whose server stops pinging, and connects again', async (t) => {
    let connections = 0;
    const url = await startBareServer(t, (socket) => {
      connections++;
      socket.send(handshake(50, 50));
      socket.on('message', (data) => {
        if (String(data) === '40') socket.send('40{"sid":"ns"}');
      });
      // No ping ever follows.
    });
    const { log } = connectClient(t, url);
    await waitFor(() => log.includes('disconnect ping timeout'), 'the heartbeat to give up');
    await waitFor(() => connections >= 2, 'a new connection');
    assert.deepEqual(log.slice(0, 2), ['connect', 'disconnect ping timeout']);
  });

  it('ignores garbage and binary frames and keeps the connection', async (t) => {
    const url = await startBareServer(t, (socket) => {
      socket.send(handshake(25_000, 20_000));
      socket.on('message', (data) => {
        if (String(data) !== '40') return;
        socket.send('40{"sid":"ns"}');
        for (const junk of ['', '4', '42', '42{bad json', '42[1,2]', '9', '42/admin,["elsewhere"]', '451-["file",{"_placeholder":true,"num":0}]']) socket.send(junk);
        socket.send(Buffer.from([1, 2, 3]));
        socket.send('42["after.the.junk",{"ok":true}]');
      });
    });
    const { log, events } = connectClient(t, url);
    await waitFor(() => events.length === 1, 'the good event');
    assert.deepEqual(events, [{ name: 'after.the.junk', args: [{ ok: true }] }]);
    assert.deepEqual(log, ['connect']);
  });

  it('answers pings with pongs', async (t) => {
    const pongs: number[] = [];
    const url = await startBareServer(t, (socket) => {
      socket.send(handshake(40, 200));
      socket.on('message', (data) => {
        const text = String(data);
        if (text === '40') socket.send('40{"sid":"ns"}');
        if (text === '3') pongs.push(Date.now());
      });
      const pinger = setInterval(() => socket.readyState === socket.OPEN && socket.send('2'), 40);
      socket.on('close', () => clearInterval(pinger));
    });
    const { log } = connectClient(t, url);
    await waitFor(() => pongs.length >= 5, 'five pongs');
    assert.deepEqual(log, ['connect'], 'a pinged connection stays up well past pingInterval + pingTimeout');
  });
});
