/**
 * Random schedules for the fault suite and the code that plays one against a FaultWorld. A
 * schedule interleaves customer messages, agent replies, drops, blackholes, slow or late bytes,
 * server restarts and token expiry; replies run in the background, so faults land mid-request.
 */
import fc from 'fast-check';
import type { FaultWorld } from './fault-world.js';

export type Step =
  | { kind: 'visitor'; slot: number; count: number }
  | { kind: 'reply'; slot: number }
  | { kind: 'drop'; ms: number }
  | { kind: 'blackhole'; ms: number }
  | { kind: 'lag'; mode: 'latency' | 'slow'; ms: number }
  | { kind: 'restart'; downMs: number }
  /** The network changes: open connections go silent for good, new ones work. */
  | { kind: 'strand' }
  | { kind: 'expire' }
  | { kind: 'pause'; ms: number };

export const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('visitor' as const), slot: fc.nat(2), count: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('reply' as const), slot: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), ms: fc.integer({ min: 0, max: 120 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('blackhole' as const), ms: fc.integer({ min: 50, max: 700 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('lag' as const), mode: fc.constantFrom('latency' as const, 'slow' as const), ms: fc.integer({ min: 20, max: 150 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), downMs: fc.integer({ min: 0, max: 300 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'expire' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'strand' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pause' as const), ms: fc.integer({ min: 0, max: 60 }) }) },
);

export const scheduleArbitrary = fc.array(stepArbitrary, { minLength: 2, maxLength: 6 });

export interface Figures {
  /** Blackhole start to the connection state leaving `connected`, per detected blackhole. */
  detectMs: number[];
  /** Blackholes that ended before the client noticed them. */
  undetected: number;
  /** Network back (or server back) to a probe message sent at that moment reaching the subscriber, or to a resync. */
  recoverMs: Record<'drop' | 'blackhole' | 'restart' | 'strand', number[]>;
}

export const newFigures = (): Figures => ({ detectMs: [], undetected: 0, recoverMs: { drop: [], blackhole: [], restart: [], strand: [] } });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long the end of a schedule may wait for the agent to catch up before the property judges it. */
const SETTLE_CAP_MS = 15_000;

/** Plays the steps, then brings the network back and waits until a last probe message arrives. */
export async function playSchedule(world: FaultWorld, steps: readonly Step[], figures: Figures): Promise<{ restarts: number; settled: boolean }> {
  let restarts = 0;
  /** Probes still on their way; a later fault makes their recovery time meaningless. */
  const probes: Array<{ sent: Promise<unknown>; cancelled: boolean }> = [];
  const faultStarts = () => {
    for (const open of probes) open.cancelled = true;
  };
  const probe = (kind: keyof Figures['recoverMs']) => {
    const from = Date.now();
    const open = { sent: Promise.resolve() as Promise<unknown>, cancelled: false };
    open.sent = world.probe(SETTLE_CAP_MS).then(({ outcome, at }) => {
      if (outcome !== 'lost' && !open.cancelled) figures.recoverMs[kind].push(at - from);
    });
    // A probe that cannot be sent only costs a figure; the property still judges the schedule.
    open.sent.catch(() => {});
    probes.push(open);
  };

  for (const step of steps) {
    switch (step.kind) {
      case 'visitor':
        for (let i = 0; i < step.count; i++) await world.visitorSays(step.slot);
        break;
      case 'reply':
        world.agentReplies(step.slot);
        break;
      case 'drop':
        faultStarts();
        world.setMode({ kind: 'reset' });
        await sleep(step.ms);
        world.setMode({ kind: 'pass' });
        probe('drop');
        break;
      case 'blackhole': {
        faultStarts();
        const wasConnected = world.state === 'connected';
        const from = Date.now();
        world.setMode({ kind: 'blackhole' });
        await sleep(step.ms);
        const left = world.states.find((s) => s.at >= from && s.state !== 'connected');
        if (wasConnected && left) figures.detectMs.push(left.at - from);
        else if (wasConnected) figures.undetected++;
        world.setMode({ kind: 'pass' });
        probe('blackhole');
        break;
      }
      case 'lag':
        world.setMode(step.mode === 'latency' ? { kind: 'latency', ms: step.ms } : { kind: 'slow', bytes: 64, everyMs: 5 });
        await world.visitorSays(0);
        await sleep(step.ms);
        world.setMode({ kind: 'pass' });
        break;
      case 'restart':
        faultStarts();
        restarts++;
        await world.restart(step.downMs);
        probe('restart');
        break;
      case 'expire':
        world.expireTokens();
        break;
      case 'strand':
        faultStarts();
        world.proxy.strandOpenConnections();
        probe('strand');
        break;
      case 'pause':
        await sleep(step.ms);
        break;
    }
  }

  world.setMode({ kind: 'pass' });
  await withCap(Promise.all(world.replies.map((r) => r.settled)), SETTLE_CAP_MS);
  // A resync may still be on its way from the last fault; after it, one more probe must arrive.
  let settled = false;
  for (let attempt = 0; attempt < 5 && !settled; attempt++) {
    const { outcome } = await world.probe(SETTLE_CAP_MS);
    if (outcome === 'lost') break;
    settled = outcome === 'delivered';
  }
  return { restarts, settled };
}

/** Waits for `promise`, but no longer than `ms`; leaves no timer behind. */
async function withCap(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}
