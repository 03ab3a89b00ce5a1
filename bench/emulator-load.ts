/**
 * Emulator fan-out under load: many agents online in one department while customers write.
 *
 *   npm run bench:emulator-load        (tsx bench/emulator-load.ts)
 *
 * The emulator runs in the main thread alone. The agent sockets run in worker threads, so that
 * parsing a hundred thousand frames a second does not compete with the server being measured,
 * and the customers' REST calls come from one more worker that keeps the send rate steady.
 * Every thread reads the same monotonic clock (process.hrtime, shared by the whole process);
 * `performance.now()` is not used because each worker counts it from its own start.
 *
 * Latency is taken per delivery: from just before a customer's POST to the moment that
 * message's `chat.message.created` reaches one agent socket. Optional environment overrides:
 * BENCH_AGENTS, BENCH_RATE (messages per second), BENCH_SECONDS, BENCH_VISITORS, BENCH_WORKERS.
 */
import http from 'node:http';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import type { TenantSeedInput } from '../src/emulator/index.js';
import type { AgentTokenResponse, AnyRealtimeEnvelope } from '../src/protocol/index.js';

const settings = {
  agents: numberFromEnv('BENCH_AGENTS', 500),
  rate: numberFromEnv('BENCH_RATE', 200),
  seconds: numberFromEnv('BENCH_SECONDS', 5),
  visitors: numberFromEnv('BENCH_VISITORS', 8),
  /** Leave one core to the emulator; the rest parse frames. */
  agentWorkers: numberFromEnv('BENCH_WORKERS', Math.min(4, Math.max(1, availableParallelism() - 1))),
  /** How long to wait for the last deliveries after the last send, before giving up on them. */
  drainMs: 30_000,
  /** How long the customers wait for answers to their last messages. */
  answerTimeoutMs: 60_000,
  quietMs: 3_000,
  connectTimeoutMs: 30_000,
};

const nowMs = () => Number(process.hrtime.bigint() / 1000n) / 1000;

interface AgentLogin {
  id: string;
  token: string;
  tenantKey: string;
}

type AgentsJob = { role: 'agents'; url: string; logins: AgentLogin[]; messageCount: number };
type VisitorsJob = { role: 'visitors'; url: string; visitors: number; rate: number; messageCount: number };

/* ================================================================ main thread: the emulator */

async function main(): Promise<void> {
  const startedAt = nowMs();
  const { startEmulator, demoSeed } = await import('../src/emulator/index.js');
  const { createAgentToken } = await import('../src/server/index.js');

  const seed = benchSeed(demoSeed(), settings.agents);
  // The load comes from a few visitors on one address, far faster than a person types: lift the
  // visitor rate limits, which would otherwise (rightly) refuse most of it.
  const unlimited = { capacity: 1e9, perSecond: 1e9 };
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1', seed, visitorRateLimits: { start: unlimited, send: unlimited } });
  const messageCount = Math.round(settings.rate * settings.seconds);
  console.log(`emulator at ${emulator.url}; ${settings.agents} agents in dep_support, ${settings.visitors} visitors, ${settings.rate} msg/s for ${settings.seconds} s; ${settings.agentWorkers} agent worker(s) on ${availableParallelism()} cores`);

  try {
    const minted = await mapLimit(seed.agents.filter((a) => a.id.startsWith('agt_b')), 25, (agent) =>
      createAgentToken({
        apiBaseUrl: emulator.url,
        serverApiKey: 'rn_sk_test_demo',
        username: agent.username,
        scopes: ['agent:messages:read', 'agent:conversations:read'],
        expiresIn: 3600,
      }),
    );
    const logins = minted.map((m: AgentTokenResponse) => ({ id: m.agent.id, token: m.token, tenantKey: m.tenant.key }));

    // Agent sockets, split across workers.
    const agentWorkers = chunk(logins, Math.ceil(logins.length / settings.agentWorkers)).map((part) =>
      spawn({ role: 'agents', url: emulator.url, logins: part, messageCount } satisfies AgentsJob),
    );
    await Promise.all(agentWorkers.map((w) => w.next('connected')));
    const held = emulator.agentSocketCount();
    console.log(`sockets held: ${held} (connected in ${(nowMs() - startedAt).toFixed(0)} ms since start)`);

    // Customers: open their conversations, then send at the set rate.
    const sender = spawn({ role: 'visitors', url: emulator.url, visitors: settings.visitors, rate: settings.rate, messageCount } satisfies VisitorsJob);
    const sent = (await sender.next('sent')) as { sentAt: number[]; failures: number; issueSeconds: number; sendSeconds: number };

    // Collect arrivals; every worker stops once it has them all or the drain time runs out.
    agentWorkers.forEach((w) => w.post({ type: 'drain', deadline: nowMs() + settings.drainMs }));
    const arrivals = (await Promise.all(agentWorkers.map((w) => w.next('arrivals')))) as Array<{ sockets: number; times: Float64Array; workerHeapMb: number }>;

    const latencies: number[] = [];
    let received = 0;
    for (const { sockets, times } of arrivals) {
      for (let message = 0; message < messageCount; message++) {
        const sentAt = sent.sentAt[message];
        for (let s = 0; s < sockets; s++) {
          const at = times[message * sockets + s]!;
          if (!at || sentAt === undefined || sentAt < 0) continue;
          received++;
          latencies.push(at - sentAt);
        }
      }
    }
    latencies.sort((a, b) => a - b);
    const delivered = sent.sentAt.filter((t) => t >= 0).length;
    const expected = delivered * held;
    // With --expose-gc (the npm script passes it) the heap figure is what is retained, not garbage.
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();

    console.log('');
    console.log(`sockets held:          ${held}`);
    console.log(`messages sent:         ${messageCount} issued over ${sent.issueSeconds.toFixed(2)} s; ${delivered} accepted, ${sent.failures} failed or unanswered; last answer after ${sent.sendSeconds.toFixed(2)} s (${(delivered / sent.sendSeconds).toFixed(0)}/s accepted)`);
    console.log(`deliveries received:   ${received} / ${expected} expected (${((100 * received) / Math.max(1, expected)).toFixed(2)}%)`);
    console.log(`fan-out latency:       median ${percentile(latencies, 0.5).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms, max ${(latencies.at(-1) ?? NaN).toFixed(1)} ms`);
    console.log(`memory (process):      rss ${mb(memory.rss)} MB; emulator thread heap ${mb(memory.heapUsed)} MB; agent worker heaps ${arrivals.map((a) => a.workerHeapMb.toFixed(0)).join(' + ')} MB`);
    console.log(`wall time:             ${((nowMs() - startedAt) / 1000).toFixed(1)} s`);

    await Promise.all([...agentWorkers, sender].map((w) => w.stop()));
  } finally {
    await emulator.close();
  }
}

/** The demo tenant plus `count` agents `agt_b0001…` (username `bench.b0001…`) in Support. */
function benchSeed(base: TenantSeedInput, count: number): TenantSeedInput {
  const extra = Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(4, '0');
    return { id: `agt_b${n}`, username: `bench.b${n}`, name: `Bench Agent ${n}`, email: `bench.b${n}@demo.example`, role: 'agent' as const, departmentId: 'dep_support' };
  });
  return { ...base, agents: [...base.agents, ...extra] };
}

interface WorkerHandle {
  post(message: unknown): void;
  next(type: string): Promise<unknown>;
  stop(): Promise<void>;
}

function spawn(job: AgentsJob | VisitorsJob): WorkerHandle {
  // The same file runs in the worker. tsx's loader does not follow into worker threads by
  // itself, so the worker registers it before importing this file.
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: job });
  const waiting = new Map<string, (value: unknown) => void>();
  const early = new Map<string, unknown>();
  let failure: Error | null = null;
  const rejectAll: Array<(error: Error) => void> = [];
  worker.on('message', (message: { type: string; value?: unknown }) => {
    const resolve = waiting.get(message.type);
    if (resolve) {
      waiting.delete(message.type);
      resolve(message.value);
    } else early.set(message.type, message.value);
  });
  worker.on('error', (error) => {
    failure = error;
    rejectAll.forEach((reject) => reject(error));
  });
  return {
    post: (message) => worker.postMessage(message),
    next(type) {
      if (failure) return Promise.reject(failure);
      if (early.has(type)) {
        const value = early.get(type);
        early.delete(type);
        return Promise.resolve(value);
      }
      return new Promise((resolve, reject) => {
        waiting.set(type, resolve);
        rejectAll.push(reject);
      });
    },
    async stop() {
      worker.postMessage({ type: 'stop' });
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      const timer = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/* ================================================================ worker: agent sockets */

async function runAgents(job: AgentsJob): Promise<void> {
  const sockets: Socket[] = [];
  const count = job.logins.length;
  const times = new Float64Array(job.messageCount * count);
  let arrived = 0;

  await mapLimit(job.logins, 50, async (login, index) => {
    const socket = io(job.url, { transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(socket);
    socket.on('chat.message.created', (envelope: AnyRealtimeEnvelope) => {
      const at = nowMs();
      if (envelope.type !== 'chat.message.created') return;
      const id = envelope.data.message.clientMessageId;
      if (!id || !id.startsWith('bench-')) return;
      const message = Number(id.slice(6));
      const slot = message * count + index;
      if (message < job.messageCount && !times[slot]) {
        times[slot] = at;
        arrived++;
      }
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`agent ${login.id}: no connection after ${settings.connectTimeoutMs} ms`)), settings.connectTimeoutMs);
      socket.once('connect_error', (error) => reject(error));
      socket.once('connect', () => {
        socket.emit(
          'agent.connect',
          { version: 5, id: login.id, key: login.tenantKey, authToken: login.token, deviceType: 'browser', bundleVersion: 'bench' },
          (err: { message: string } | null) => {
            clearTimeout(timer);
            if (err) reject(new Error(`agent.connect ${login.id}: ${err.message}`));
            else resolve();
          },
        );
      });
    });
  });
  parentPort!.postMessage({ type: 'connected' });

  const drain = await nextCommand<{ deadline: number }>('drain');
  // Done when every delivery is in, or nothing new arrived for a while (a failed send is never delivered).
  const total = job.messageCount * count;
  let lastCount = -1;
  let lastChange = nowMs();
  while (arrived < total && nowMs() < drain.deadline && nowMs() - lastChange < settings.quietMs) {
    if (arrived !== lastCount) {
      lastCount = arrived;
      lastChange = nowMs();
    }
    await sleep(50);
  }
  parentPort!.postMessage({ type: 'arrivals', value: { sockets: count, times, workerHeapMb: process.memoryUsage().heapUsed / 2 ** 20 } });

  await nextCommand('stop');
  for (const socket of sockets) socket.disconnect();
}

/* ================================================================ worker: customers */

async function runVisitors(job: VisitorsJob): Promise<void> {
  // A bounded keep-alive pool: when the emulator falls behind, requests wait in this queue (and
  // the wait counts in their latency) instead of piling up as new TCP connections that time out.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const post = (path: string, body: unknown, token?: string) =>
    new Promise<{ conversationId: string; visitorToken: string }>((resolve, reject) => {
      const payload = JSON.stringify(body);
      const request = http.request(`${job.url}${path}`, {
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      });
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((response.statusCode ?? 0) >= 300) reject(new Error(`${path} answered ${response.statusCode}: ${text}`));
          else resolve(JSON.parse(text));
        });
      });
      request.on('error', reject);
      request.end(payload);
    });

  const sessions = [];
  for (let v = 0; v < job.visitors; v++) {
    sessions.push(await post('/api/visitor/conversations', { tenantKey: 'demo-tenant', name: `Load Visitor ${v + 1}`, departmentId: 'dep_support', subject: 'Load test' }));
  }
  // Let the "conversation created" and queue events reach every agent before the clock starts.
  await sleep(500);

  const sentAt = new Array<number>(job.messageCount).fill(-1);
  const inFlight = new Set<Promise<void>>();
  const pending = new Set<number>();
  let failures = 0;
  let next = 0;
  const begin = nowMs();
  // Paced sending: every few milliseconds, send whatever the schedule says is due by now.
  while (next < job.messageCount) {
    const due = Math.min(job.messageCount, Math.floor(((nowMs() - begin) / 1000) * job.rate) + 1);
    while (next < due) {
      const index = next++;
      const session = sessions[index % sessions.length]!;
      sentAt[index] = nowMs();
      const request = post(`/api/visitor/conversations/${session.conversationId}/messages`, { body: `Load message ${index}`, clientMessageId: `bench-${index}` }, session.visitorToken)
        .then(() => undefined)
        .catch((error: Error) => {
          failures++;
          sentAt[index] = -1;
          if (failures <= 3) console.error(`bench: message ${index} failed: ${error.message}`);
        });
      inFlight.add(request);
      pending.add(index);
      void request.finally(() => {
        inFlight.delete(request);
        pending.delete(index);
      });
    }
    await sleep(2);
  }
  const issueSeconds = (nowMs() - begin) / 1000;
  // An overloaded emulator may take very long to answer; stop waiting after a while so that the
  // run stays bounded. Messages still unanswered then are left out of the expected deliveries.
  const answered = await Promise.race([Promise.all(inFlight).then(() => true), sleep(settings.answerTimeoutMs).then(() => false)]);
  const sendSeconds = (nowMs() - begin) / 1000;
  if (!answered) {
    console.error(`bench: ${inFlight.size} requests still unanswered after ${settings.answerTimeoutMs / 1000} s; giving up on them`);
    for (const index of pending) sentAt[index] = -1;
    failures += pending.size;
  }
  agent.destroy();
  parentPort!.postMessage({ type: 'sent', value: { sentAt, failures, issueSeconds, sendSeconds } });
  await nextCommand('stop');
}

/* ================================================================ helpers */

function nextCommand<T = unknown>(type: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (message: { type: string } & T) => {
      if (message.type !== type) return;
      parentPort!.off('message', listener);
      resolve(message);
    };
    parentPort!.on('message', listener);
  });
}

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

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

function numberFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

/* ================================================================ entry */

if (isMainThread) {
  const watchdog = setTimeout(() => {
    console.error('bench: gave up after 150 s');
    process.exit(1);
  }, 150_000);
  watchdog.unref();
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  const job = workerData as AgentsJob | VisitorsJob;
  (job.role === 'agents' ? runAgents(job) : runVisitors(job)).then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
