/**
 * A real TURN relay for the call tests: Debian's coturn (`turnserver`, installed by .ci/run) on
 * 127.0.0.1 with a random port, static long-term credentials, no TLS, no CLI, and its own temporary
 * log and pid files. It can be stopped and started again on the same port, which is how a test cuts
 * the media path mid-call; every start is bounded in time, and the test's cleanup stops it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Cleanup } from './world.js';

export const TURNSERVER = process.env.TURNSERVER_PATH ?? '/usr/bin/turnserver';

/** No relay outlives this, whatever a test does. */
const MAX_LIFETIME_MS = 180_000;

export interface TurnRelay {
  /** The `iceServers` entry for this relay, over UDP. */
  readonly iceServer: RTCIceServer;
  start(): Promise<void>;
  stop(): Promise<void>;
  log(): Promise<string>;
}

/**
 * Starts coturn. With `authSecret`, it takes short-lived REST-API credentials made with that
 * secret (`use-auth-secret`) instead of its static user; `iceServer` then carries no credentials.
 */
export async function startTurnRelay(t: Cleanup, options: { authSecret?: string } = {}): Promise<TurnRelay & { port: number }> {
  if (!existsSync(TURNSERVER)) throw new Error(`${TURNSERVER} is missing: install the Debian package coturn (.ci/run does)`);
  const dir = await mkdtemp(path.join(tmpdir(), 'ringnity-turn-'));
  const port = await freeUdpPort();
  const username = 'ringnity-test';
  const credential = `pw-${Math.random().toString(36).slice(2)}`;
  // Relay ports from a range of its own, so that two test files never share one.
  const minPort = 40_000 + Math.floor(Math.random() * 200) * 100;
  const args = [
    '-n',
    '--listening-ip=127.0.0.1',
    '--relay-ip=127.0.0.1',
    `--listening-port=${port}`,
    `--min-port=${minPort}`,
    `--max-port=${minPort + 99}`,
    ...(options.authSecret ? ['--use-auth-secret', `--static-auth-secret=${options.authSecret}`] : ['--lt-cred-mech', `--user=${username}:${credential}`]),
    '--realm=ringnity.test',
    '--fingerprint',
    '--allow-loopback-peers',
    '--no-tls',
    '--no-dtls',
    '--no-tcp',
    '--no-cli',
    '--no-stdout-log',
    '--simple-log',
    `--log-file=${path.join(dir, 'turn.log')}`,
    `--pidfile=${path.join(dir, 'turn.pid')}`,
    `--db=${path.join(dir, 'turndb')}`,
  ];
  let child: ChildProcess | null = null;
  let lifetime: NodeJS.Timeout | undefined;

  const stop = async () => {
    clearTimeout(lifetime);
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };

  const start = async () => {
    if (child) throw new Error('the relay is already running');
    const started = spawn(TURNSERVER, args, { stdio: 'ignore' });
    child = started;
    lifetime = setTimeout(() => void stop(), MAX_LIFETIME_MS);
    lifetime.unref();
    await waitForBinding(port, started, path.join(dir, 'turn.log'));
  };

  t.after(async () => {
    await stop();
    await rm(dir, { recursive: true, force: true });
  });
  await start();
  return {
    port,
    iceServer: options.authSecret ? { urls: `turn:127.0.0.1:${port}?transport=udp` } : { urls: `turn:127.0.0.1:${port}?transport=udp`, username, credential },
    start,
    stop,
    log: () => readFile(path.join(dir, 'turn.log'), 'utf8').catch(() => ''),
  };
}

/** A UDP port nobody holds right now. */
function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** Waits (bounded) until the relay answers a STUN binding request on its port. */
async function waitForBinding(port: number, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  const socket = createSocket('udp4');
  const answered = new Promise<void>((resolve) => socket.once('message', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`turnserver exited with ${child.exitCode}: ${await readFile(logFile, 'utf8').catch(() => '')}`);
      // Binding request: type 0x0001, no attributes, the magic cookie, a transaction id.
      const request = Buffer.alloc(20);
      request.writeUInt16BE(0x0001, 0);
      request.writeUInt32BE(0x2112a442, 4);
      for (let i = 8; i < 20; i++) request[i] = Math.floor(Math.random() * 256);
      socket.send(request, port, '127.0.0.1');
      const ok = await Promise.race([answered.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 100))]);
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`turnserver did not answer on ${port}: ${await readFile(logFile, 'utf8').catch(() => '')}`);
    }
  } finally {
    socket.close();
  }
}
