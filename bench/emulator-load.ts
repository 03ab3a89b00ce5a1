/**
 * Fan-out under load: the emulator against a bare socket.io server, same load, same run.
 *
 *   npm run bench:emulator-load
 *
 * Each server runs in a child process of its own, so that `process.cpuUsage()` there counts that
 * server alone; each server's agent sockets run in one more child process, and
 * this process sends the customers' messages over HTTP. The agent sockets are plain engine.io
 * clients over `ws` that read frames as bytes, so that they cost little next to the servers. Every process reads the same monotonic
 * clock (process.hrtime is CLOCK_MONOTONIC on Linux), so latency is taken per delivery: from just
 * before a message's POST to its arrival at one agent socket.
 *
 * The bare server is socket.io 4.8.4 with the emulator's heartbeat, answering a POST with one
 * `io.emit` of an envelope padded to the size of the emulator's message frame (measured in the
 * warm-up), so the two differ only in what the emulator does on top.
 *
 * Environment: BENCH_AGENTS (500), BENCH_RATE (msg/s of the measured windows, 5), BENCH_WINDOW_S
 * (8), BENCH_ROUNDS (3; figures are medians over rounds), BENCH_STEPS (rates tried for the
 * sustained-rate search, "5,10,20,40,80,160"), BENCH_STEP_S (4), BENCH_VISITORS (8) and
 * BENCH_BASELINE: the src/ directory of another build of the emulator (an older commit, unpacked
 * with `git archive`) to measure in the same run next to the current one.
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const settings = {
  agents: envNumber('BENCH_AGENTS', 500),
  rate: envNumber('BENCH_RATE', 5),
  windowSeconds: envNumber('BENCH_WINDOW_S', 8),
  rounds: envNumber('BENCH_ROUNDS', 3),
  steps: (process.env.BENCH_STEPS ?? '5,10,20,40,80,160')
    .split(',')
    .map(Number)
    .filter((n) => n > 0),
  stepSeconds: envNumber('BENCH_STEP_S', 4),
  visitors: envNumber('BENCH_VISITORS', 8),
  warmupMessages: 20,
  /** A step counts as sustained when every delivery is in this long after its last send. */
  drainMs: 3_000,
  /** How long a measured window waits for late deliveries (a busy machine delays the clients too). */
  windowDrainMs: 30_000,
  /** The quiet time before each window that measures the server's idle CPU (heartbeats), taken off the window's. */
  idleMs: 1_500,
  connectTimeoutMs: 60_000,
};

const SELF = fileURLToPath(import.meta.url);
const nowMs = () => Number(process.hrtime.bigint() / 1000n) / 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const BENCH_SCOPES = ['agent:messages:read', 'agent:conversations:read'] as const;
const SERVER_KEY = 'rn_sk_test_demo';

/* ================================================================ child process plumbing */

interface Child {
  process: ChildProcess;
  request<T>(message: { type: string; [key: string]: unknown }): Promise<T>;
  stop(): Promise<void>;
}

function spawnChild(args: string[]): Child {
  // BENCH_PROFILE=DIR writes a V8 CPU profile of each emulator server there.
  const profile = process.env.BENCH_PROFILE && args[0] === 'emulator-server' ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = fork(SELF, args, { execArgv: ['--import', 'tsx', '--expose-gc', ...profile], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 0;
  const waiting = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  child.on('message', (message: { id: number; value?: never; error?: string }) => {
    const entry = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error) entry?.reject(new Error(message.error));
    else entry?.resolve(message.value as never);
  });
  child.on('exit', (code) => {
    for (const entry of waiting.values()) entry.reject(new Error(`${args.join(' ')} exited with ${code}`));
    waiting.clear();
  });
  return {
    process: child,
    request: <T>(message: { type: string }) =>
      new Promise<T>((resolve, reject) => {
        const id = ++nextId;
        waiting.set(id, { resolve: resolve as (value: never) => void, reject });
        child.send({ ...message, id });
      }),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop', id: 0 });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Answers requests from the parent with `handle`; `stop` ends the process. */
function serveParent(handle: (message: { type: string; [key: string]: unknown }) => Promise<unknown>): void {
  // A child outlives no parent: when the bench ends or dies, so does every server and client.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: { type: string; id: number; [key: string]: unknown }) => {
    if (message.type === 'stop') process.exit(0);
    handle(message).then(
      (value) => process.send!({ id: message.id, value }),
      (error: Error) => process.send!({ id: message.id, error: String(error?.stack ?? error) }),
    );
  });
}

/* ================================================================ child: servers */

interface ServerStats {
  cpuMicros: number;
  rss: number;
}

const serverStats = (): ServerStats => {
  const cpu = process.cpuUsage();
  return { cpuMicros: cpu.user + cpu.system, rss: process.memoryUsage().rss };
};

async function runEmulatorServer(srcDir: string): Promise<void> {
  const { startEmulator, demoSeed } = (await import(path.join(srcDir, 'emulator/index.ts'))) as typeof import('../src/emulator/index.js');
  const base = demoSeed();
  const agents = Array.from({ length: settings.agents }, (_, i) => {
    const n = String(i + 1).padStart(4, '0');
    return { id: `agt_b${n}`, username: `bench.b${n}`, name: `Bench Agent ${n}`, email: `bench.b${n}@demo.example`, role: 'agent' as const, departmentId: 'dep_support' };
  });
  // The load comes from a few visitors on one address, far faster than a person types: lift the
  // visitor rate limits, which would otherwise (rightly) refuse most of it.
  const unlimited = { capacity: 1e9, perSecond: 1e9 };
  const emulator = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    seed: { ...base, agents: [...base.agents, ...agents] },
    visitorRateLimits: { start: unlimited, send: unlimited },
  });
  serveParent(async (message) => {
    if (message.type === 'url') return emulator.url;
    if (message.type === 'stats') {
      if (message.gc) (globalThis as { gc?: () => void }).gc?.();
      return serverStats();
    }
    if (message.type === 'sockets') return emulator.agentSocketCount();
    throw new Error(`unknown request ${message.type}`);
  });
}

async function runBareServer(): Promise<void> {
  const { Server } = await import('socket.io');
  let envelopeBytes = 600;
  let seq = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { clientMessageId } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { clientMessageId: string };
      io.emit('chat.message.created', bareEnvelope(++seq, clientMessageId, envelopeBytes));
      res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    });
  });
  const io = new Server(server, { pingInterval: 2_000, pingTimeout: 2_500 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  serveParent(async (message) => {
    if (message.type === 'url') return `http://127.0.0.1:${port}`;
    if (message.type === 'stats') {
      if (message.gc) (globalThis as { gc?: () => void }).gc?.();
      return serverStats();
    }
    if (message.type === 'size') return (envelopeBytes = message.bytes as number);
    if (message.type === 'sockets') return io.engine.clientsCount;
    throw new Error(`unknown request ${message.type}`);
  });
}

/** A message envelope shaped like the emulator's, with the body padded so that its frame is `bytes` long. */
function bareEnvelope(seq: number, clientMessageId: string, bytes: number) {
  const at = new Date().toISOString();
  const envelope = {
    type: 'chat.message.created',
    seq,
    prevSeq: seq - 1,
    at,
    ephemeral: false,
    data: {
      conversationId: 'cnv_bare0000000000000000',
      message: {
        messageId: `msg_${String(seq).padStart(20, '0')}`,
        conversationId: 'cnv_bare0000000000000000',
        kind: 'customer',
        author: { type: 'customer', id: 'vis_bare0000000000000000', name: 'Load Visitor' },
        body: '',
        createdAt: at,
        clientMessageId,
        attachments: [],
        deleted: null,
        system: null,
      },
    },
  };
  const frame = `42${JSON.stringify(['chat.message.created', envelope])}`;
  envelope.data.message.body = 'x'.repeat(Math.max(0, bytes - frame.length));
  return envelope;
}

/* ================================================================ child: agent sockets */

interface Login {
  id: string;
  token: string;
  tenantKey: string;
}

interface Collected {
  /** Arrival time of message n at socket s, at [n * sockets + s]; 0 when it never came. */
  times: Float64Array;
  frames: number;
  bytes: number;
}

/**
 * The agent sockets speak engine.io over `ws` directly and read each frame as bytes: one process
 * holds hundreds of sockets at thousands of frames a second, and socket.io-client's decoding would
 * make the clients, not the servers, the bottleneck on a small machine.
 */
async function runClients(url: string): Promise<void> {
  const { WebSocket } = await import('ws');
  const sockets: Array<import('ws').WebSocket> = [];
  let window: { needle: Buffer; messages: number; times: Float64Array; arrived: number } | null = null;
  let frames = 0;
  let bytes = 0;
  let messageFrameBytes = 0;
  const MESSAGE_EVENT = Buffer.from('42["chat.message.created"');

  const connect = (login: Login | null, index: number) =>
    new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
      sockets.push(ws);
      const timer = setTimeout(() => reject(new Error(`socket ${index}: no connection after ${settings.connectTimeoutMs} ms`)), settings.connectTimeoutMs);
      const ready = () => {
        clearTimeout(timer);
        resolve();
      };
      ws.on('error', reject);
      ws.on('message', (raw: Buffer) => {
        const at = nowMs();
        const kind = raw[0];
        if (kind === 0x32 /* 2: ping */) return ws.send('3');
        if (kind === 0x30 /* 0: open */) return ws.send('40');
        if (kind !== 0x34 /* 4: message */) return;
        const packet = raw[1];
        if (packet === 0x30 /* 0: namespace connected */) {
          if (!login) return ready();
          const request = { version: 5, id: login.id, key: login.tenantKey, authToken: login.token, deviceType: 'browser', bundleVersion: 'bench' };
          return ws.send(`421${JSON.stringify(['agent.connect', request])}`);
        }
        if (packet === 0x33 /* 3: ack */) {
          const [error] = JSON.parse(raw.subarray(3).toString('utf8')) as [{ message: string } | null];
          return error ? reject(new Error(`agent.connect ${login?.id}: ${error.message}`)) : ready();
        }
        if (packet !== 0x32 /* 2: event */) return;
        frames++;
        bytes += raw.length;
        if (raw.subarray(0, MESSAGE_EVENT.length).equals(MESSAGE_EVENT)) messageFrameBytes = raw.length;
        if (!window) return;
        const found = raw.indexOf(window.needle);
        if (found < 0) return;
        let n = 0;
        for (let i = found + window.needle.length; raw[i]! >= 0x30 && raw[i]! <= 0x39; i++) n = n * 10 + raw[i]! - 0x30;
        const slot = n * settings.agents + index;
        if (n < window.messages && !window.times[slot]) {
          window.times[slot] = at;
          window.arrived++;
        }
      });
    });

  serveParent(async (message) => {
    switch (message.type) {
      case 'connect': {
        const logins = (message.logins as Login[] | null) ?? Array.from({ length: settings.agents }, () => null);
        await mapLimit(logins, 50, (login, index) => connect(login, index));
        return sockets.length;
      }
      case 'window': {
        const messages = message.messages as number;
        window = { needle: Buffer.from(`"clientMessageId":"${message.tag as string}`), messages, times: new Float64Array(messages * settings.agents), arrived: 0 };
        frames = 0;
        bytes = 0;
        return true;
      }
      case 'collect': {
        const current = window!;
        const deadline = message.deadline as number;
        const expected = (message.expected as number) * settings.agents;
        while (current.arrived < expected && nowMs() < deadline) await sleep(20);
        const result: Collected = { times: current.times, frames, bytes };
        window = null;
        return result;
      }
      case 'messageFrameBytes':
        return messageFrameBytes;
      default:
        throw new Error(`unknown request ${message.type}`);
    }
  });
}

/* ================================================================ main: load and figures */

interface Target {
  name: string;
  kind: 'emulator' | 'bare';
  server: Child;
  clients: Child;
  url: string;
  /** Sends message `n` of a window tagged `tag`; resolves true once the server accepted it. */
  send(tag: string, n: number): Promise<boolean>;
  rssStart: number;
}

interface WindowFigures {
  accepted: number;
  cpuMsPerMessage: number;
  framesPerMessagePerAgent: number;
  bytesPerMessagePerAgent: number;
  delivered: number;
  p50: number;
  p99: number;
}

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 32 });

function post(url: string, body: unknown, token?: string): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const request = http.request(url, {
      method: 'POST',
      agent: keepAlive,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, json: text ? JSON.parse(text) : null });
      });
    });
    request.on('error', reject);
    request.end(payload);
  });
}

async function startTarget(name: string, kind: 'emulator' | 'bare', srcDir: string): Promise<Target> {
  const server = spawnChild(kind === 'bare' ? ['bare-server'] : ['emulator-server', srcDir]);
  const url = await server.request<string>({ type: 'url' });
  const clients = spawnChild(['clients', url]);
  let send: Target['send'];
  if (kind === 'bare') {
    await clients.request({ type: 'connect', logins: null });
    send = async (tag, n) => (await post(`${url}/send`, { clientMessageId: `${tag}${n}` })).status === 201;
  } else {
    const { createAgentToken } = await import('../src/server/index.js');
    const usernames = Array.from({ length: settings.agents }, (_, i) => `bench.b${String(i + 1).padStart(4, '0')}`);
    const minted = await mapLimit(usernames, 25, (username) => createAgentToken({ apiBaseUrl: url, serverApiKey: SERVER_KEY, username, scopes: BENCH_SCOPES, expiresIn: 3600 }));
    await clients.request({ type: 'connect', logins: minted.map((m) => ({ id: m.agent.id, token: m.token, tenantKey: m.tenant.key })) });
    const sessions: Array<{ conversationId: string; visitorToken: string }> = [];
    for (let v = 0; v < settings.visitors; v++) {
      const started = await post(`${url}/api/visitor/conversations`, {
        tenantKey: 'demo-tenant',
        name: `Load Visitor ${v + 1}`,
        departmentId: 'dep_support',
        subject: 'Load test',
      });
      if (started.status >= 300) throw new Error(`${name}: a visitor could not start: ${JSON.stringify(started.json)}`);
      sessions.push(started.json as { conversationId: string; visitorToken: string });
    }
    send = async (tag, n) => {
      const session = sessions[n % sessions.length]!;
      const answer = await post(
        `${url}/api/visitor/conversations/${session.conversationId}/messages`,
        { body: `Load message ${n}`, clientMessageId: `${tag}${n}` },
        session.visitorToken,
      );
      return answer.status < 300;
    };
  }
  const sockets = await server.request<number>({ type: 'sockets' });
  if (sockets !== settings.agents) throw new Error(`${name}: ${sockets} sockets held, ${settings.agents} expected`);
  await sleep(500);
  const { rss } = await server.request<ServerStats>({ type: 'stats', gc: true });
  return { name, kind, server, clients, url, send, rssStart: rss };
}

/** Sends `messages` at `rate` per second and measures what the server spent and what the agents got. */
async function measure(target: Target, tag: string, messages: number, rate: number, drainMs: number): Promise<WindowFigures & { inTime: boolean }> {
  await target.clients.request({ type: 'window', tag, messages });
  const sentAt = new Float64Array(messages);
  const accepted = new Uint8Array(messages);
  // The server's CPU with nothing to send (heartbeats, timers), per ms, so that a window counts only what the messages cost.
  const idleFrom = await target.server.request<ServerStats>({ type: 'stats' });
  const idleStart = nowMs();
  await sleep(settings.idleMs);
  const before = await target.server.request<ServerStats>({ type: 'stats' });
  const begin = nowMs();
  const idlePerMs = (before.cpuMicros - idleFrom.cpuMicros) / (begin - idleStart);
  const inFlight: Promise<void>[] = [];
  for (let n = 0; n < messages; n++) {
    const due = begin + (n * 1000) / rate;
    if (due > nowMs()) await sleep(due - nowMs());
    sentAt[n] = nowMs();
    inFlight.push(
      target.send(tag, n).then(
        (ok) => void (accepted[n] = ok ? 1 : 0),
        () => void (accepted[n] = 0),
      ),
    );
  }
  // Keeping up means every delivery is in within the drain time of the last send, however long
  // the answers to the POSTs take.
  const deadline = nowMs() + drainMs;
  await Promise.all(inFlight);
  const acceptedCount = accepted.reduce((sum, ok) => sum + ok, 0);
  const collected = await target.clients.request<Collected>({ type: 'collect', expected: acceptedCount, deadline });
  const after = await target.server.request<ServerStats>({ type: 'stats' });
  const busyMicros = Math.max(0, after.cpuMicros - before.cpuMicros - idlePerMs * (nowMs() - begin));
  const sockets = settings.agents;
  const latencies: number[] = [];
  let late = 0;
  for (let n = 0; n < messages; n++) {
    if (!accepted[n]) continue;
    for (let s = 0; s < sockets; s++) {
      const at = collected.times[n * sockets + s]!;
      if (!at) continue;
      latencies.push(at - sentAt[n]!);
      if (at > deadline) late++;
    }
  }
  latencies.sort((a, b) => a - b);
  const expected = acceptedCount * sockets;
  return {
    accepted: acceptedCount,
    cpuMsPerMessage: busyMicros / 1000 / Math.max(1, acceptedCount),
    framesPerMessagePerAgent: collected.frames / Math.max(1, expected),
    bytesPerMessagePerAgent: collected.bytes / Math.max(1, expected),
    delivered: latencies.length / Math.max(1, messages * sockets),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    inTime: acceptedCount === messages && latencies.length === expected && late === 0,
  };
}

async function main(): Promise<void> {
  const startedAt = nowMs();
  const here = path.dirname(SELF);
  const specs: Array<[string, 'emulator' | 'bare', string]> = [['emulator', 'emulator', path.resolve(here, '../src')]];
  if (process.env.BENCH_BASELINE) specs.push(['emulator (baseline)', 'emulator', path.resolve(process.env.BENCH_BASELINE)]);
  specs.push(['bare socket.io', 'bare', '']);
  console.log(
    `${settings.agents} agents in one department per server; measured windows: ${settings.rate} msg/s for ${settings.windowSeconds} s, ${settings.rounds} round(s), medians; sustained-rate steps: ${settings.steps.join(', ')} msg/s, ${settings.stepSeconds} s each`,
  );
  const targets: Target[] = [];
  try {
    for (const [name, kind, src] of specs) {
      targets.push(await startTarget(name, kind, src));
      console.log(`${name}: ${settings.agents} sockets connected (${((nowMs() - startedAt) / 1000).toFixed(0)} s)`);
    }
    // Warm-up: JIT, socket buffers; and the size of the emulator's message frame for the bare envelope.
    for (const target of targets) await measure(target, 'warm-', settings.warmupMessages, settings.rate, settings.windowDrainMs);
    const frameBytes = await targets[0]!.clients.request<number>({ type: 'messageFrameBytes' });
    const bare = targets.find((t) => t.kind === 'bare')!;
    await bare.server.request({ type: 'size', bytes: frameBytes });
    console.log(`bare envelope padded to the emulator's message frame: ${frameBytes} bytes`);

    const windows = new Map<Target, WindowFigures[]>(targets.map((t) => [t, []]));
    const windowMessages = Math.round(settings.rate * settings.windowSeconds);
    for (let round = 1; round <= settings.rounds; round++) {
      for (const target of targets) windows.get(target)!.push(await measure(target, `r${round}-`, windowMessages, settings.rate, settings.windowDrainMs));
      console.log(`round ${round} done (${((nowMs() - startedAt) / 1000).toFixed(0)} s)`);
    }

    const sustained = new Map<Target, number>();
    for (const target of targets) {
      let best = 0;
      for (const rate of settings.steps) {
        const figures = await measure(target, `s${rate}-`, Math.round(rate * settings.stepSeconds), rate, settings.drainMs);
        console.log(
          `  ${target.name} at ${rate} msg/s: ${figures.inTime ? 'all' : 'not all'} delivered within ${settings.drainMs / 1000} s of the last send (${(100 * figures.delivered).toFixed(2)}% in the end), p99 ${figures.p99.toFixed(0)} ms`,
        );
        if (!figures.inTime) break;
        best = rate;
        await sleep(1_000);
      }
      sustained.set(target, best);
    }

    const rssEnd = new Map<Target, number>();
    for (const target of targets) rssEnd.set(target, (await target.server.request<ServerStats>({ type: 'stats', gc: true })).rss);

    const bareCpu = median(windows.get(bare)!.map((w) => w.cpuMsPerMessage));
    const rows: Array<[string, (t: Target) => string]> = [
      ['server CPU per message (ms)', (t) => median(windows.get(t)!.map((w) => w.cpuMsPerMessage)).toFixed(2)],
      ['ratio to bare socket.io', (t) => (median(windows.get(t)!.map((w) => w.cpuMsPerMessage)) / bareCpu).toFixed(2)],
      ['frames per message per agent', (t) => median(windows.get(t)!.map((w) => w.framesPerMessagePerAgent)).toFixed(2)],
      ['bytes per message per agent', (t) => median(windows.get(t)!.map((w) => w.bytesPerMessagePerAgent)).toFixed(0)],
      ['delivered', (t) => `${(100 * median(windows.get(t)!.map((w) => w.delivered))).toFixed(2)}%`],
      ['latency p50 (ms)', (t) => median(windows.get(t)!.map((w) => w.p50)).toFixed(1)],
      ['latency p99 (ms)', (t) => median(windows.get(t)!.map((w) => w.p99)).toFixed(1)],
      ['server RSS start → end (MB)', (t) => `${mb(t.rssStart)} → ${mb(rssEnd.get(t)!)}`],
      ['highest rate, 100% delivered (msg/s)', (t) => (sustained.get(t) ? `${sustained.get(t)}` : `< ${settings.steps[0]}`)],
    ];
    console.log('');
    const width = 38;
    const col = 22;
    console.log(`${''.padEnd(width)}${targets.map((t) => t.name.padStart(col)).join('')}`);
    for (const [label, value] of rows) console.log(`${label.padEnd(width)}${targets.map((t) => value(t).padStart(col)).join('')}`);
    console.log('');
    console.log(
      `per-round CPU per message (ms): ${targets
        .map(
          (t) =>
            `${t.name} ${windows
              .get(t)!
              .map((w) => w.cpuMsPerMessage.toFixed(2))
              .join(' / ')}`,
        )
        .join('; ')}`,
    );
    console.log(`wall time: ${((nowMs() - startedAt) / 1000).toFixed(0)} s`);
  } finally {
    keepAlive.destroy();
    await Promise.all(targets.flatMap((t) => [t.clients.stop(), t.server.stop()]));
  }
}

/* ================================================================ helpers */

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let cursor = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (cursor < items.length) {
      const index = cursor++;
      results[index] = await fn(items[index]!, index);
    }
  });
  await Promise.all(lanes);
  return results;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

/* ================================================================ entry */

const [role, ...rest] = process.argv.slice(2);
const entry =
  role === 'emulator-server'
    ? runEmulatorServer(rest[0]!)
    : role === 'bare-server'
      ? runBareServer()
      : role === 'clients'
        ? runClients(rest[0]!)
        : (() => {
            // Bounded: the whole run, children included, ends within fifteen minutes.
            setTimeout(() => {
              console.error('bench: gave up after 900 s');
              process.exit(1);
            }, 900_000).unref();
            return main().then(() => process.exit(0));
          })();
entry.catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
