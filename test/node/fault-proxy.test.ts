/**
 * The fault suite's TCP proxy on its own, against an echo server: if it did not break the network
 * the way it claims to, the fault schedules would prove nothing.
 */
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { FaultProxy } from './support/fault-proxy.js';

async function echoServer(t: TestContext, prefix = ''): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk) => socket.write(prefix + chunk.toString()));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as AddressInfo).port;
}

async function proxyTo(t: TestContext, port: number): Promise<FaultProxy> {
  const proxy = await FaultProxy.start(port);
  t.after(() => proxy.close());
  return proxy;
}

/** A client that records what it reads and how it ended. */
async function client(t: TestContext, port: number) {
  const socket = net.connect({ port, host: '127.0.0.1' });
  const state = { text: '', ended: false, error: undefined as NodeJS.ErrnoException | undefined, closed: false };
  socket.on('data', (chunk) => (state.text += chunk.toString()));
  socket.on('end', () => (state.ended = true));
  socket.on('error', (error) => (state.error = error));
  socket.on('close', () => (state.closed = true));
  // A connection refused at once may close before it ever reports being connected.
  await new Promise<void>((resolve) => {
    socket.once('connect', () => resolve());
    socket.once('close', () => resolve());
  });
  t.after(() => void socket.destroy());
  return { socket, state };
}

async function until(probe: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('fault proxy', () => {
  it('passes bytes both ways, and latency keeps them in order', async (t) => {
    const proxy = await proxyTo(t, await echoServer(t));
    const { socket, state } = await client(t, proxy.port);
    socket.write('a');
    await until(() => state.text === 'a', 'the echo');
    proxy.setMode({ kind: 'latency', ms: 30 });
    for (const c of 'bcdef') socket.write(c);
    await until(() => state.text.length === 6, 'the delayed echo');
    assert.equal(state.text, 'abcdef');
  });

  it('holds everything in a blackhole without closing, and lets it through afterwards', async (t) => {
    const proxy = await proxyTo(t, await echoServer(t));
    const { socket, state } = await client(t, proxy.port);
    proxy.setMode({ kind: 'blackhole' });
    socket.write('held');
    await sleep(100);
    assert.equal(state.text, '');
    assert.equal(state.closed, false);
    proxy.setMode({ kind: 'pass' });
    await until(() => state.text === 'held', 'the held bytes');
  });

  it('resets open connections and refuses new ones while resetting', async (t) => {
    const proxy = await proxyTo(t, await echoServer(t));
    const first = await client(t, proxy.port);
    proxy.setMode({ kind: 'reset' });
    await until(() => first.state.closed, 'the reset');
    assert.equal(first.state.error?.code, 'ECONNRESET');
    const second = await client(t, proxy.port);
    await until(() => second.state.closed, 'the refusal');
    assert.equal(second.state.error?.code, 'ECONNRESET');
    proxy.setMode({ kind: 'pass' });
    const third = await client(t, proxy.port);
    third.socket.write('back');
    await until(() => third.state.text === 'back', 'an echo once the network is back');
  });

  it('strands open connections for good while new ones pass', async (t) => {
    const proxy = await proxyTo(t, await echoServer(t));
    const old = await client(t, proxy.port);
    proxy.strandOpenConnections();
    proxy.setMode({ kind: 'pass' });
    const fresh = await client(t, proxy.port);
    old.socket.write('lost');
    fresh.socket.write('fine');
    await until(() => fresh.state.text === 'fine', 'the echo on a new connection');
    await sleep(50);
    assert.equal(old.state.text, '');
    assert.equal(old.state.closed, false);
  });

  it('drips bytes in slow mode', async (t) => {
    const proxy = await proxyTo(t, await echoServer(t));
    const { socket, state } = await client(t, proxy.port);
    proxy.setMode({ kind: 'slow', bytes: 2, everyMs: 20 });
    socket.write('0123456789');
    await sleep(30);
    assert.ok(state.text.length < 10, `only part of it should have come through, got ${state.text}`);
    await until(() => state.text === '0123456789', 'every byte');
  });

  it('sends new connections to a new upstream port', async (t) => {
    const proxy = await proxyTo(t, await echoServer(t, 'one:'));
    const before = await client(t, proxy.port);
    proxy.setUpstream(await echoServer(t, 'two:'));
    const after = await client(t, proxy.port);
    before.socket.write('x');
    after.socket.write('y');
    await until(() => before.state.text === 'one:x' && after.state.text === 'two:y', 'both echoes');
  });

  it('resets the client when nothing listens upstream', async (t) => {
    const proxy = await proxyTo(t, 1);
    const refused = await client(t, proxy.port);
    await until(() => refused.state.closed, 'the client to be dropped');
    assert.equal(refused.state.error?.code, 'ECONNRESET');
  });
});
