/**
 * The headless client's realtime stream end to end, in Node with ws, against the real emulator:
 * a server restart, a catch-up of several pages, a live event that overtakes the agent.connect
 * answer, and a network that goes silent without closing anything (through a small TCP proxy).
 * Durations are printed, never asserted.
 */
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { WebSocket as NodeWebSocket } from 'ws';
import type { Socket as ServerSocket } from 'socket.io';
import { RingnityAgent } from '../../src/sdk/agent.js';
import type { ConnectionState } from '../../src/sdk/socket.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { AGENT, SERVER_KEY, delay, setup, waitFor as waitForWithin } from './helpers.js';

const waitFor = <T>(probe: () => T | undefined | false, what: string, timeoutMs = 15_000) => waitForWithin(probe, what, timeoutMs);

globalThis.WebSocket ??= NodeWebSocket as unknown as typeof WebSocket;

/** Durable events for every agent, made straight in the store: admin.one's presence flipping. */
function presenceFlips(emulator: RunningEmulator, count: number): void {
  for (let i = 0; i < count; i++) emulator.store.setPresence(AGENT.admin, emulator.store.agents.get(AGENT.admin)!.presence === 'online' ? 'busy' : 'online', { byServer: true });
}

async function mint(url: string, username = 'agent.one'): Promise<string> {
  const response = await fetch(`${url}/api/server/sdk-token/agent`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${SERVER_KEY}` },
    body: JSON.stringify({ username, scopes: ['agent:profile:read', 'agent:presence:read', 'agent:conversations:read', 'agent:messages:read'], expiresIn: 900 }),
  });
  return ((await response.json()) as { token: string }).token;
}

/** A signed-in agent that records every presence event it is handed, its resyncs and its states. */
async function watchingAgent(t: TestContext, init: Parameters<typeof RingnityAgent.create>[0]) {
  const agent = await RingnityAgent.create({ connectTimeoutMs: 3_000, ...init });
  t.after(() => agent.destroy());
  const seqs: number[] = [];
  const states: Array<{ state: ConnectionState; at: number }> = [];
  let resyncs = 0;
  agent.on('agent.presence.updated', (_data, envelope) => seqs.push(envelope.seq));
  agent.on('resync', () => resyncs++);
  agent.connection.onChange((state) => states.push({ state, at: Date.now() }));
  return { agent, seqs, states, resyncs: () => resyncs };
}

function assertOnceInOrder(seqs: readonly number[]): void {
  for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i]! > seqs[i - 1]!, `seq ${seqs[i]} delivered after ${seqs[i - 1]}: ${JSON.stringify(seqs)}`);
}

describe('agent realtime: server restart', () => {
  it('a restarted server whose new sequence has passed ours is noticed by its streamId: resync, no silent loss', async (t) => {
    const signingSecret = 'restart-test-secret';
    const first = await startEmulator({ port: 0, signingSecret });
    t.after(() => first.close());
    const token = await mint(first.url);
    const { agent, seqs, resyncs } = await watchingAgent(t, { token, apiBaseUrl: first.url });
    presenceFlips(first, 4);
    await waitFor(() => seqs.length === 4, 'the first server’s events');
    const heldSeq = seqs.at(-1)!;

    await first.close();
    await waitFor(() => agent.connection.state === 'reconnecting', 'the client to notice');
    const second = await startEmulator({ port: first.port, signingSecret });
    t.after(() => second.close());
    // Before the client can get in: the new server's sequence goes well past the seq the client holds.
    presenceFlips(second, heldSeq + 6);
    const newStreamEnd = second.store.hub.currentSeq;

    await waitFor(() => resyncs() === 1, 'a resync');
    await waitFor(() => agent.connection.state === 'connected', 'the reconnection');
    assert.notEqual(second.store.hub.streamId, first.store.hub.streamId);
    assert.deepEqual(seqs.slice(4), [], 'no event of the new stream was taken for one of the old');
    presenceFlips(second, 1);
    await waitFor(() => seqs.length === 5, 'the next live event');
    assert.equal(seqs[4], newStreamEnd + 1);
    assert.equal(resyncs(), 1);
  });
});

describe('agent realtime: catch-up', () => {
  it('catches up on more than one page of missed events, each once and in order', async (t) => {
    const h = await setup(t);
    const { agent, seqs, resyncs } = await watchingAgent(t, { token: await h.mint('agent.one'), apiBaseUrl: h.url });
    presenceFlips(h.emulator, 3);
    await waitFor(() => seqs.length === 3, 'the live events');
    const pages: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (input, init) => {
      if (String(input).includes('/api/agent/events')) pages.push(String(input));
      return realFetch(input, init);
    };
    t.after(() => (globalThis.fetch = realFetch));

    assert.ok(h.emulator.dropAgentSockets(AGENT.one) > 0);
    presenceFlips(h.emulator, 450);
    await waitFor(() => seqs.length === 453, 'every missed event', 30_000);
    await waitFor(() => agent.connection.state === 'connected', 'the reconnection');
    console.log(`# caught up on 450 events in ${pages.length} pages`);
    assert.ok(pages.length >= 3, `${pages.length} pages`);
    assertOnceInOrder(seqs);
    assert.equal(seqs.at(-1), h.emulator.store.hub.currentSeq);
    assert.equal(resyncs(), 0);
  });

  it('a live event sent just before the agent.connect answer is handled after it: no duplicate, no false resync', async (t) => {
    const h = await setup(t);
    const { agent, seqs, resyncs, states } = await watchingAgent(t, { token: await h.mint('agent.one'), apiBaseUrl: h.url });
    presenceFlips(h.emulator, 2);
    await waitFor(() => seqs.length === 2, 'the live events');

    // From now on the server publishes an event between indexing the socket and acknowledging
    // agent.connect, so that the event reaches the client first: the window of the race, every time.
    let raced = 0;
    h.emulator.io.on('connection', (socket: ServerSocket) => {
      socket.use((packet, next) => {
        const ack = packet[2];
        if (packet[0] === 'agent.connect' && typeof ack === 'function') {
          packet[2] = (error: unknown, reply: unknown) => {
            if (!error) {
              raced++;
              presenceFlips(h.emulator, 1);
            }
            ack(error, reply);
          };
        }
        next();
      });
    });
    assert.ok(h.emulator.dropAgentSockets(AGENT.one) > 0);
    presenceFlips(h.emulator, 3);
    await waitFor(() => raced === 1 && agent.connection.state === 'connected', 'the raced reconnection');
    await waitFor(() => seqs.length === 6, 'the missed events and the raced one');
    presenceFlips(h.emulator, 1);
    await waitFor(() => seqs.at(-1) === h.emulator.store.hub.currentSeq, 'the next live event');
    await delay(100);
    assert.ok(states.some((s) => s.state === 'reconnecting'));
    assertOnceInOrder(seqs);
    assert.equal(seqs.length, 7);
    assert.equal(resyncs(), 0, 'nothing went backwards, so nothing to resync');
  });
});

/**
 * A TCP proxy that can turn into a black hole: bytes stop flowing both ways and nothing closes,
 * as when a network drops without a FIN or RST. New connections are taken and left silent too.
 */
async function startBlackholeProxy(t: TestContext, targetPort: number) {
  let blackholed = false;
  const connections = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    let dead = blackholed;
    const link = { kill: () => (dead = true) };
    connections.add(client).add(upstream);
    killers.add(link);
    client.on('data', (chunk) => dead || upstream.write(chunk));
    upstream.on('data', (chunk) => dead || client.write(chunk));
    const end = () => {
      killers.delete(link);
      client.destroy();
      upstream.destroy();
    };
    // Only a live link passes a close on; a dead one hears nothing of it.
    client.on('close', () => dead || end());
    upstream.on('close', () => dead || end());
    client.on('error', () => {});
    upstream.on('error', () => {});
  });
  const killers = new Set<{ kill(): void }>();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of connections) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    blackhole() {
      blackholed = true;
      for (const link of killers) link.kill();
    },
    restore() {
      blackholed = false;
    },
  };
}

describe('agent realtime: a silent network drop', () => {
  it('notices a half-open connection, reconnects when the network is back and catches up', async (t) => {
    const h = await setup(t);
    const proxy = await startBlackholeProxy(t, h.emulator.port);
    const { agent, seqs, states, resyncs } = await watchingAgent(t, { token: await h.mint('agent.one'), apiBaseUrl: h.url, socketUrl: proxy.url });
    presenceFlips(h.emulator, 2);
    await waitFor(() => seqs.length === 2, 'the live events');

    const droppedAt = Date.now();
    proxy.blackhole();
    presenceFlips(h.emulator, 5);
    await waitFor(() => agent.connection.state === 'reconnecting', 'the client to notice the silent drop');
    const detectedAt = states.find((s) => s.state === 'reconnecting' && s.at >= droppedAt)!.at;
    await waitFor(() => h.emulator.agentSocketCount() === 0, 'the server to notice too');
    const serverDetectedAt = Date.now();

    const restoredAt = Date.now();
    proxy.restore();
    await waitFor(() => seqs.length === 7 && agent.connection.state === 'connected', 'the catch-up once the network is back');
    const caughtUpAt = Date.now();
    console.log(
      `# half-open connection: client detected it after ${detectedAt - droppedAt} ms, server after ≤ ${serverDetectedAt - droppedAt} ms; ` +
        `network back to caught up: ${caughtUpAt - restoredAt} ms`,
    );
    assertOnceInOrder(seqs);
    assert.equal(resyncs(), 0);
  });
});
