/**
 * The fault suite's figures without the test runner: how long the headless SDK takes to notice a
 * half-open connection, and from the network's return to being caught up. Random schedules run
 * through the TCP fault proxy with a fast heartbeat, then long blackholes with the emulator's own
 * heartbeat. Prints figures and how many schedules broke the property; asserts nothing.
 *
 * Knobs: BENCH_RUNS (schedules, default 100), BENCH_SEED, BENCH_HALF_OPEN (rounds, default 5).
 */
import fc from 'fast-check';
import { checkWorld } from '../test/node/support/fault-check.js';
import { median, newFigures, playSchedule, scheduleArbitrary } from '../test/node/support/fault-schedule.js';
import { FaultWorld } from '../test/node/support/fault-world.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const SEED = Number(process.env.BENCH_SEED ?? Date.now() % 1_000_000);
const HALF_OPEN_ROUNDS = Number(process.env.BENCH_HALF_OPEN ?? 5);

const fmt = (values: number[]) => (values.length ? `median ${median(values)} ms, worst ${Math.max(...values)} ms (n=${values.length})` : 'n/a');

async function schedules(): Promise<void> {
  const figures = newFigures();
  let run = 0;
  let broken = 0;
  let events = 0;
  const started = Date.now();
  await fc.check(
    fc.asyncProperty(scheduleArbitrary, async (steps) => {
      const world = await FaultWorld.start(`b${++run}`, { emulator: { heartbeat: { pingIntervalMs: 200, pingTimeoutMs: 300 } }, agent: { requestTimeoutMs: 1_500 } });
      try {
        const { restarts, settled } = await playSchedule(world, steps, figures);
        const verdict = checkWorld(world, restarts);
        events += verdict.eventsChecked;
        if (verdict.violations.length || !settled) broken++;
      } finally {
        await world.close();
      }
      return true;
    }),
    { seed: SEED, numRuns: RUNS },
  );
  console.log(`${RUNS} schedules (seed ${SEED}) in ${((Date.now() - started) / 1000).toFixed(1)} s: ${events} messages checked, ${broken} schedules broke the property`);
  console.log(`  half-open noticed (heartbeat 200 + 300 ms): ${fmt(figures.detectMs)}; ${figures.undetected} blackholes ended first`);
  console.log(
    `  network back to caught up: drop ${fmt(figures.recoverMs.drop)}; blackhole ${fmt(figures.recoverMs.blackhole)}; restart ${fmt(figures.recoverMs.restart)}; network change ${fmt(figures.recoverMs.strand)}`,
  );
}

async function halfOpen(): Promise<void> {
  const detect: number[] = [];
  const recover: number[] = [];
  const world = await FaultWorld.start('h');
  try {
    for (let round = 0; round < HALF_OPEN_ROUNDS; round++) {
      if (!(await world.waitForState('connected', 20_000))) break;
      const from = Date.now();
      world.setMode({ kind: 'blackhole' });
      await world.visitorSays(0);
      if (!(await world.waitForState((state) => state !== 'connected', 60_000))) break;
      detect.push(world.states.at(-1)!.at - from);
      world.setMode({ kind: 'pass' });
      const back = Date.now();
      const { outcome, at } = await world.probe(20_000);
      if (outcome !== 'lost') recover.push(at - back);
    }
  } finally {
    await world.close();
  }
  console.log(`long blackholes with the emulator's own heartbeat: noticed ${fmt(detect)}; caught up after the network came back ${fmt(recover)}`);
}

await schedules();
await halfOpen();
