/**
 * Call setup time on loopback: from `call.accept()` to the first remote media at the agent (the
 * first audio bytes counted by getStats, and the first decoded video frame reported by
 * requestVideoFrameCallback), over 20 video calls between two headless Chromium contexts with
 * fake devices and the real emulator between them. Prints median, p90 and worst.
 *
 *   npm run bench:call-setup [-- --calls 20]
 */
import { parseArgs } from 'node:util';
import { startWorld } from '../test/browser/calls/world.js';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '20' } } });
const calls = Number(values.calls);

const cleanups: Array<() => Promise<void>> = [];
const world = await startWorld({ after: (fn: () => Promise<void>) => void cleanups.push(fn) });
try {
  const agent = await world.agentPage('agent.one');
  const audio: number[] = [];
  const video: number[] = [];
  for (let i = 0; i < calls; i++) {
    const customer = await world.customerPage(`Bench ${i + 1}`, 'dep_support');
    const placed = await customer.evaluate(() => window.customer.place('video'));
    if (!placed.ok) throw new Error(`placing call ${i + 1} failed: ${placed.code}`);
    await agent.waitForFunction((n) => window.harness.calls.length === n && window.harness.call().state === 'ringing', i + 1);
    const timing = await agent.evaluate(() => window.harness.acceptTimed(true));
    audio.push(timing.audioMs);
    if (timing.videoMs !== null) video.push(timing.videoMs);
    await agent.evaluate(() => window.harness.call().end());
    await customer.waitForFunction(() => window.customer.call?.state === 'ended');
    await customer.context().close();
    // The agent is back online for the next call once the server says so.
    await agent.waitForFunction(() => window.harness.agent !== null);
    for (let wait = 0; world.emulator.store.agents.get('agt_one')!.presence !== 'online' && wait < 100; wait++) await new Promise((r) => setTimeout(r, 20));
  }
  const report = (name: string, samples: number[]) => {
    const sorted = [...samples].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
    console.log(
      `${name.padEnd(28)} median ${median.toFixed(0).padStart(4)} ms   p90 ${at(0.9).toFixed(0).padStart(4)} ms   worst ${sorted.at(-1)!.toFixed(0).padStart(4)} ms   (n=${sorted.length})`,
    );
  };
  console.log(`call setup on loopback, accept() to first remote media, ${calls} video calls`);
  report('first remote audio bytes', audio);
  report('first remote video frame', video);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
}
