/**
 * A network change under the headless SDK, through the fault proxy: every open connection goes
 * silent for good (nothing closes it) while new connections work, as after a Wi-Fi switch. Found
 * by the fault suite: a REST request sent on a pooled connection that died this way waited for
 * the OS to give up on it, minutes later. The catch-up after the reconnect was such a request,
 * so the agent showed `connected` and received nothing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkWorld } from './support/fault-check.js';
import { FaultWorld } from './support/fault-world.js';

const CAP_MS = 15_000;

describe('agent: network change', () => {
  it('catches up and stores a reply once although pooled connections died silently', { timeout: 60_000 }, async () => {
    const world = await FaultWorld.start('n', { emulator: { heartbeat: { pingIntervalMs: 200, pingTimeoutMs: 300 } }, agent: { requestTimeoutMs: 1_000 } });
    try {
      await world.visitorSays(0);
      // A reply leaves a kept-alive REST connection in the pool.
      await world.agentReplies(0)!.settled;
      world.proxy.strandOpenConnections();
      const missed = [await world.visitorSays(0), await world.visitorSays(0)];
      const caughtUp = await world.waitForDelivery(() => missed.every((body) => world.deliveredAt(body) !== undefined), CAP_MS);
      assert.ok(caughtUp, `the agent did not catch up after the network changed:\n${world.trace()}`);

      // Again, with a reply in flight this time.
      world.proxy.strandOpenConnections();
      const reply = world.agentReplies(0)!;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([reply.settled, new Promise((resolve) => (timer = setTimeout(resolve, CAP_MS)))]);
      clearTimeout(timer);
      assert.equal(reply.outcome, 'stored', 'the reply did not get through after the network changed');
      const probe = await world.probe(CAP_MS);
      assert.equal(probe.outcome, 'delivered');
      assert.deepEqual(checkWorld(world, 0).violations, [], world.trace());
    } finally {
      await world.close();
    }
  });
});
