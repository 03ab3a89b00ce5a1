import { it } from 'node:test';
import { FaultWorld } from '/work/wt-faults/test/node/support/fault-world.js';
import { checkWorld } from '/work/wt-faults/test/node/support/fault-check.js';
import { playSchedule, newFigures } from '/work/wt-faults/test/node/support/fault-schedule.js';
it('dbg', async () => {
  for (let i = 0; i < 30; i++) {
    const w = await FaultWorld.start('d' + i);
    const r = await playSchedule(w, JSON.parse(process.env.STEPS!), newFigures());
    const v = checkWorld(w, r.restarts);
    if (v.violations.length) { console.log(v.violations, w.deliveries.map(d => d.kind === 'event' ? `${d.type}:${d.seq}:${d.body ?? ''}` : 'RESYNC'), w.states.map(s=>s.state)); }
    await w.close();
  }
});
