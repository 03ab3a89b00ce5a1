/**
 * Quality warnings from a real degraded network: both parties relay through coturn
 * (`iceTransportPolicy: 'relay'`), reached through a small UDP proxy on 127.0.0.1 that holds every
 * datagram back. DevTools network throttling does not touch WebRTC's UDP, so the delay is made on
 * the wire; the sampler only reads what Chromium's getStats() measures.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { customerStats, eventually, flowing, startWorld } from './world.js';

const TURNSERVER = '/usr/bin/turnserver';
const TURN_USER = 'ringnity';
const TURN_PASSWORD = 'relay-test';

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Sends one STUN Binding Request and answers whether anything came back within 300 ms. */
async function stunAnswers(port: number): Promise<boolean> {
  const socket = createSocket('udp4');
  const request = Buffer.alloc(20);
  request.writeUInt16BE(0x0001, 0);
  request.writeUInt32BE(0x2112a442, 4);
  randomBytes(12).copy(request, 8);
  try {
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 300);
      socket.once('message', () => {
        clearTimeout(timer);
        resolve(true);
      });
      socket.send(request, port, '127.0.0.1');
    });
  } finally {
    socket.close();
  }
}

/** coturn on 127.0.0.1 with one long-term user; stopped when the test ends. */
async function startTurn(t: TestContext): Promise<number> {
  assert.ok(existsSync(TURNSERVER), 'coturn is installed (.ci/run installs the Debian package)');
  const port = await freeUdpPort();
  const relayBase = 40_000 + (port % 20_000);
  const turn = spawn(
    TURNSERVER,
    [
      '-n',
      '--listening-ip=127.0.0.1',
      `--listening-port=${port}`,
      '--relay-ip=127.0.0.1',
      `--min-port=${relayBase}`,
      `--max-port=${relayBase + 200}`,
      '--lt-cred-mech',
      `--user=${TURN_USER}:${TURN_PASSWORD}`,
      '--realm=ringnity.test',
      '--no-tls',
      '--no-dtls',
      '--no-cli',
      '--allow-loopback-peers',
      '--log-file=stdout',
      '--simple-log',
      '--no-tcp-relay',
      `--pidfile=${path.join(tmpdir(), `ringnity-turn-${port}.pid`)}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  turn.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  turn.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  t.after(() => {
    turn.kill('SIGTERM');
  });
  await eventually('coturn answering STUN', async () => turn.exitCode !== null || (await stunAnswers(port)), 10_000);
  assert.equal(turn.exitCode, null, `coturn exited: ${log.slice(-2000)}`);
  return port;
}

/**
 * A UDP proxy in front of the TURN server that delays every datagram by `delayMs` each way. Each
 * client address gets its own upstream socket, so the server sees one peer per client.
 */
async function startDelayProxy(t: TestContext, turnPort: number, delayMs: number): Promise<number> {
  const front = createSocket('udp4');
  const upstreams = new Map<string, Socket>();
  let closed = false;
  // Datagrams still held back when the test ends are dropped, as a network would.
  const later = (send: () => void) => setTimeout(() => closed || send(), delayMs);
  front.on('message', (message: Buffer, client: RemoteInfo) => {
    const key = `${client.address}:${client.port}`;
    let upstream = upstreams.get(key);
    if (!upstream) {
      const socket = createSocket('udp4');
      socket.bind(0, '127.0.0.1');
      socket.on('message', (reply: Buffer) => later(() => front.send(reply, client.port, client.address)));
      upstreams.set(key, (upstream = socket));
    }
    const to = upstream;
    later(() => to.send(message, turnPort, '127.0.0.1'));
  });
  await new Promise<void>((resolve) => front.bind(0, '127.0.0.1', resolve));
  t.after(() => {
    closed = true;
    front.close();
    for (const socket of upstreams.values()) socket.close();
  });
  return (front.address() as AddressInfo).port;
}

/** Every peer connection of the context relays through `turnUrl` only. */
async function relayOnly(context: BrowserContext, turnUrl: string): Promise<void> {
  // A string, not a function: the test's compiler would add helpers the page does not have.
  const server = JSON.stringify({ urls: turnUrl, username: TURN_USER, credential: TURN_PASSWORD });
  await context.addInitScript(`{
    const Native = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Native {
      constructor(config = {}) {
        super({ ...config, iceServers: [${server}], iceTransportPolicy: 'relay' });
      }
    };
  }`);
}

test('a relay that holds every datagram back raises the high round-trip warning on the agent', async (t) => {
  const turnPort = await startTurn(t);
  // 150 ms each way through the proxy, which media crosses twice one way: a round trip of about 600 ms.
  const proxyPort = await startDelayProxy(t, turnPort, 150);
  const world = await startWorld(t);
  const turnUrl = `turn:127.0.0.1:${proxyPort}?transport=udp`;

  const agentContext = await world.newContext();
  await relayOnly(agentContext, turnUrl);
  const agent = await world.agentPage('agent.one', { context: agentContext });
  const customerContext = await world.newContext();
  await relayOnly(customerContext, turnUrl);
  const customer = await customerContext.newPage();
  await customer.goto(`${world.url}/t/customer.html`);
  await customer.waitForFunction(() => Boolean(window.customer));
  await customer.evaluate(() => window.customer.open('Rel Ay', 'dep_support'));

  assert.deepEqual(await customer.evaluate(() => window.customer.place('voice')), { ok: true });
  await agent.waitForFunction(() => window.harness.calls.length === 1 && window.harness.call().state === 'ringing');
  assert.deepEqual(await agent.evaluate(() => window.harness.act('accept')), { ok: true });
  await customer.waitForFunction(() => window.customer.call?.connected === true, undefined, { timeout: 20_000 });
  await flowing('agent audio at the customer through the relay', async () => (await customerStats(customer)).inAudio);
  // The media really goes through the relay.
  const candidateType = await agent.evaluate(async () => {
    const report = await window.harness.call().getStats();
    let type = '';
    report?.forEach((s: Record<string, unknown>) => {
      if (s.type === 'local-candidate') type ||= String(s.candidateType);
    });
    return type;
  });
  assert.equal(candidateType, 'relay');

  await agent.waitForFunction(() => window.harness.log.some((line) => line.includes(' warning high-rtt ')), undefined, { timeout: 30_000 });
  const raised = await agent.evaluate(() => window.harness.log.find((line) => line.includes(' warning high-rtt '))!);
  const rtt = Number(raised.split(' ').at(-1));
  assert.ok(rtt > 400, `the raised value is the measured round trip (${rtt} ms)`);
  assert.ok((await agent.evaluate(() => window.harness.call().warnings)).includes('high-rtt'));
});
