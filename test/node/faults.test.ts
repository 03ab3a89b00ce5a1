/**
 * The fault suite: random schedules of customer messages, agent replies, drops, blackholes,
 * network changes, slow and late bytes, server restarts and token expiry, played against the
 * real emulator through a TCP fault proxy, with the headless SDK as the agent. The property:
 * every durable event reaches the subscriber exactly once and in order, or a resync was
 * signalled; every reply is stored once.
 *
 * FAULT_SEED and FAULT_RUNS change the seed and the number of schedules (defaults: fixed, 200);
 * FAULT_PARALLEL sets how many play at once (default 2); FAULT_SKIP leaves step kinds out and
 * FAULT_SHRINK shrinks a failure, when hunting one.
 * The figures it prints (detection and recovery times) are measured, not asserted.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkWorld } from './support/fault-check.js';
import { FaultWorld } from './support/fault-world.js';
import { median, newFigures, playSchedule, scheduleArbitrary, type Step } from './support/fault-schedule.js';

const SEED = Number(process.env.FAULT_SEED ?? 20261129);
const RUNS = Number(process.env.FAULT_RUNS ?? 200);
/** Schedules played at the same time. */
const PARALLEL = Math.max(1, Number(process.env.FAULT_PARALLEL ?? 2));
/** Step kinds to leave out while hunting a failure, e.g. FAULT_SKIP=restart,expire. */
const SKIP = new Set((process.env.FAULT_SKIP ?? '').split(',').filter(Boolean));
const schedules = SKIP.size ? scheduleArbitrary.map((steps) => steps.filter((s) => !SKIP.has(s.kind))) : scheduleArbitrary;

const figures = newFigures();
/** Long blackholes held until the client notices, with the emulator's own heartbeat. */
const halfOpen = { detectMs: [] as number[], recoverMs: [] as number[] };
const HALF_OPEN_ROUNDS = 3;
/** A half-open connection nobody notices within this long counts as never noticed. */
const HALF_OPEN_CAP_MS = 20_000;
/** Schedules run with a fast heartbeat, so that a blackhole of a few hundred ms is often noticed. */
const FAST_HEARTBEAT = { pingIntervalMs: 200, pingTimeoutMs: 300 };
/** And with short REST timeouts, so that a request stuck on a connection a network change killed fails fast. */
const REQUEST_TIMEOUT_MS = 1_500;
const totals = { schedules: 0, events: 0, replies: 0, resyncs: 0, restarts: 0, steps: 0, replyOutcomes: new Map<string, number>() };
const startedAt = Date.now();

function describeSchedule(steps: readonly Step[]): string {
  return steps
    .map((s) => {
      if (s.kind === 'visitor') return `visitor#${s.slot}x${s.count}`;
      if (s.kind === 'reply') return `reply#${s.slot}`;
      if (s.kind === 'restart') return `restart(down ${s.downMs})`;
      return 'ms' in s ? `${s.kind}(${s.ms})` : s.kind;
    })
    .join(' ');
}

after(() => {
  const fmt = (value: number | null) => (value === null ? 'n/a' : `${value} ms`);
  const recoverAll = Object.values(figures.recoverMs).flat();
  const outcomes = [...totals.replyOutcomes].map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(
    [
      '',
      `fault suite (seed ${SEED}): ${totals.schedules} schedules, ${totals.steps} steps, ${totals.restarts} server restarts, in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
      `  events checked: ${totals.events} tagged messages (exactly once, in order, or excused by one of ${totals.resyncs} resyncs)`,
      `  replies checked: ${totals.replies} (${outcomes || 'none'})`,
      `  half-open detection in schedules (heartbeat ${FAST_HEARTBEAT.pingIntervalMs} + ${FAST_HEARTBEAT.pingTimeoutMs} ms), blackhole start to leaving 'connected': median ${fmt(median(figures.detectMs))} over ${figures.detectMs.length} detected; ${figures.undetected} blackholes ended before detection`,
      `  half-open detection, long blackholes with the default heartbeat: median ${fmt(median(halfOpen.detectMs))} over ${halfOpen.detectMs.length}; caught up after the network came back: median ${fmt(median(halfOpen.recoverMs))}`,
      `  network back to caught up: median ${fmt(median(recoverAll))} (drop ${fmt(median(figures.recoverMs.drop))} n=${figures.recoverMs.drop.length}, blackhole ${fmt(median(figures.recoverMs.blackhole))} n=${figures.recoverMs.blackhole.length}, restart ${fmt(median(figures.recoverMs.restart))} n=${figures.recoverMs.restart.length}, network change ${fmt(median(figures.recoverMs.strand))} n=${figures.recoverMs.strand.length})`,
    ].join('\n'),
  );
});

/** Plays one schedule in a world of its own and answers what is wrong with it, if anything. */
async function judge(tag: string, steps: readonly Step[]): Promise<string | null> {
  const world = await FaultWorld.start(tag, { emulator: { heartbeat: FAST_HEARTBEAT }, agent: { requestTimeoutMs: REQUEST_TIMEOUT_MS } });
  try {
    const { restarts, settled } = await playSchedule(world, steps, figures);
    const verdict = checkWorld(world, restarts);
    if (!settled) verdict.violations.push('the agent did not catch up with a last message once the network was back');
    totals.schedules++;
    totals.steps += steps.length;
    totals.restarts += restarts;
    totals.events += verdict.eventsChecked;
    totals.replies += verdict.repliesChecked;
    totals.resyncs += verdict.resyncs;
    for (const reply of world.replies) totals.replyOutcomes.set(reply.outcome, (totals.replyOutcomes.get(reply.outcome) ?? 0) + 1);
    if (!verdict.violations.length) return null;
    return `schedule ${tag}: ${describeSchedule(steps)}\n${verdict.violations.map((v) => `  - ${v}`).join('\n')}\n${world.trace()}`;
  } finally {
    await world.close();
  }
}

describe('fault schedules', () => {
  it(`keeps every event exactly once and in order, or signals a resync, over ${RUNS} random schedules`, { timeout: 600_000 }, async () => {
    let run = 0;
    // Schedules spend their time waiting on timers and sockets, so a few run side by side, each
    // with its own emulator, proxy and agent.
    await fc.assert(
      fc.asyncProperty(fc.array(schedules, { minLength: PARALLEL, maxLength: PARALLEL }), async (batch) => {
        const problems = await Promise.all(batch.map((steps) => judge(`f${++run}`, steps)));
        assert.deepEqual(problems.filter(Boolean), []);
      }),
      { seed: SEED, numRuns: Math.ceil(RUNS / PARALLEL), endOnFailure: !process.env.FAULT_SHRINK, includeErrorInReport: true },
    );
  });
});

describe('half-open connections', () => {
  it('notices a silent network while it lasts, and catches up once it is back', { timeout: 120_000 }, async () => {
    const world = await FaultWorld.start('h');
    try {
      for (let round = 0; round < HALF_OPEN_ROUNDS; round++) {
        assert.ok(await world.waitForState('connected', HALF_OPEN_CAP_MS), `round ${round}: the agent should be connected before the network goes silent`);
        await world.visitorSays(0);
        const from = Date.now();
        world.setMode({ kind: 'blackhole' });
        await world.visitorSays(1);
        world.agentReplies(0);
        const noticed = await world.waitForState((state) => state !== 'connected', HALF_OPEN_CAP_MS);
        assert.ok(noticed, `round ${round}: the connection still says connected ${HALF_OPEN_CAP_MS} ms into a silent network`);
        halfOpen.detectMs.push(world.states.at(-1)!.at - from);
        world.setMode({ kind: 'pass' });
        const back = Date.now();
        const probe = await world.visitorSays(0);
        assert.ok(await world.waitForDelivery(() => world.deliveredAt(probe) !== undefined, HALF_OPEN_CAP_MS), `round ${round}: no catch-up after the network came back`);
        halfOpen.recoverMs.push(world.deliveredAt(probe)! - back);
      }
      await Promise.all(world.replies.map((r) => r.settled));
      const verdict = checkWorld(world, 0);
      assert.deepEqual(verdict.violations, [], world.trace());
    } finally {
      await world.close();
    }
  });
});
