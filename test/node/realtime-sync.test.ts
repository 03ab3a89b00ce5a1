/**
 * RealtimeSync as a pure unit: a scripted events route stands in for the server, so that a
 * server that pages forever, one that stops advancing and one that restarted can be played
 * exactly. The real emulator drives the same paths in agent-realtime.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RealtimeSync } from '../../src/sdk/realtime.js';
import { Lifecycle } from '../../src/sdk/lifecycle.js';
import type { RingnityError } from '../../src/sdk/errors.js';
import type { AnyRealtimeEnvelope, EventsPage } from '../../src/protocol/socket.js';

const presence = (seq: number, prevSeq = seq - 1): AnyRealtimeEnvelope => ({
  type: 'agent.presence.updated',
  seq,
  prevSeq,
  at: new Date(0).toISOString(),
  ephemeral: false,
  data: { agentId: 'agt_admin', status: seq % 2 ? 'busy' : 'online', previousStatus: seq % 2 ? 'online' : 'busy' },
});

/** A stream of `total` events on one stream id, served `pageSize` at a time. */
function pagedServer(streamId: string, total: number, pageSize: number) {
  const asked: number[] = [];
  const fetch = async (after: number): Promise<EventsPage> => {
    asked.push(after);
    const events: AnyRealtimeEnvelope[] = [];
    for (let seq = after + 1; seq <= total && events.length < pageSize; seq++) events.push(presence(seq));
    const nextAfter = events.at(-1)?.seq ?? after;
    return { events, lastSeq: total, streamId, hasMore: nextAfter < total, nextAfter };
  };
  return { fetch, asked };
}

function harness(fetch: (after: number) => Promise<EventsPage>) {
  const lifecycle = new Lifecycle();
  const errors: RingnityError[] = [];
  const sync = new RealtimeSync(fetch, lifecycle, (error) => errors.push(error));
  const delivered: number[] = [];
  let resyncs = 0;
  sync.on('agent.presence.updated', (_data, envelope) => delivered.push(envelope.seq));
  sync.onResync(() => resyncs++);
  return { sync, delivered, errors, resyncs: () => resyncs, lifecycle };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('RealtimeSync: paged catch-up', () => {
  it('follows the pages for as long as the server says there are more (60 pages here)', async () => {
    const server = pagedServer('s1', 600, 10);
    const { sync, delivered, resyncs, lifecycle } = harness(server.fetch);
    sync.resume(0, 's1');
    sync.resume(600, 's1');
    await settle();
    assert.equal(delivered.length, 600, `delivered ${delivered.length} of 600`);
    assert.deepEqual(
      delivered,
      [...Array(600).keys()].map((i) => i + 1),
    );
    assert.equal(resyncs(), 0);
    assert.equal(server.asked.length, 60);
    assert.equal(sync.lastDeliveredSeq, 600);
    lifecycle.destroy();
  });

  it('stops a server that says there is more but never moves its cursor, and signals a resync', async () => {
    let asked = 0;
    const stuck = async (after: number): Promise<EventsPage> => {
      asked++;
      return { events: [], lastSeq: 50, streamId: 's1', hasMore: true, nextAfter: after };
    };
    const { sync, delivered, errors, resyncs, lifecycle } = harness(stuck);
    sync.resume(0, 's1');
    sync.resume(50, 's1');
    await settle();
    assert.equal(asked, 1, 'no second request to a cursor that did not move');
    assert.equal(resyncs(), 1);
    assert.equal(errors.length, 1);
    assert.deepEqual(delivered, []);
    // What comes next on the live stream is delivered from the server's lastSeq on.
    sync.receive(presence(51, 50));
    await settle();
    assert.deepEqual(delivered, [51]);
    lifecycle.destroy();
  });
});

describe('RealtimeSync: stream identity', () => {
  it('a new streamId on resume means the server restarted: resync, and start from its lastSeq without fetching', async () => {
    const server = pagedServer('s1', 10, 200);
    const { sync, delivered, resyncs, lifecycle } = harness(server.fetch);
    sync.resume(0, 's1');
    for (let seq = 1; seq <= 5; seq++) sync.receive(presence(seq));
    await settle();
    assert.deepEqual(delivered, [1, 2, 3, 4, 5]);
    // The new server has already gone past our 5: comparing seqs would skip its first events.
    sync.resume(12, 's2');
    await settle();
    assert.equal(resyncs(), 1);
    assert.deepEqual(server.asked, [], 'seqs of another stream are not caught up on');
    assert.equal(sync.lastDeliveredSeq, 12);
    sync.receive(presence(13, 12));
    await settle();
    assert.deepEqual(delivered, [1, 2, 3, 4, 5, 13]);
    lifecycle.destroy();
  });

  it('a page from another stream also means a restart: resync instead of delivering its events', async () => {
    const restarted = pagedServer('s2', 30, 200);
    const { sync, delivered, resyncs, lifecycle } = harness(restarted.fetch);
    sync.resume(0, 's1');
    for (let seq = 1; seq <= 3; seq++) sync.receive(presence(seq));
    // A gap on the old stream, fetched from a server that restarted in between.
    sync.receive(presence(9, 8));
    await settle();
    assert.deepEqual(delivered, [1, 2, 3]);
    assert.equal(resyncs(), 1);
    assert.equal(sync.lastDeliveredSeq, 30);
    lifecycle.destroy();
  });
});
