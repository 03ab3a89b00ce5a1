/**
 * Call quality: getStats() reports, shaped as Chromium records them, fed through the sampler
 * (every warning raised and cleared), the E-model estimate, and the call log keeping each leg's
 * summary over the real agent socket (`call.quality`).
 */
import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import type { CallRecord } from '../../src/protocol/calls.js';
import { estimateMos, QualitySampler, readStats, type QualityWarning, type RawQuality } from '../../src/sdk/calls/quality.js';
import { DEP, emitWithAck, setup } from './helpers.js';

interface Figures {
  rttMs: number;
  jitterMs: number;
  /** Cumulative, as the report counts them. */
  received: number;
  lost: number;
  level: number;
  energy: number;
}

/** A report as Chromium's getStats() gives it, as `[id, stats]` pairs (trimmed to what matters and a little more). */
function chromiumReport(f: Figures): Array<[string, Record<string, unknown>]> {
  return [
    ['T01', { id: 'T01', type: 'transport', selectedCandidatePairId: 'CPa', dtlsState: 'connected', bytesSent: 9000, bytesReceived: 9000 }],
    ['CPb', { id: 'CPb', type: 'candidate-pair', state: 'failed', nominated: false, currentRoundTripTime: 9 }],
    ['CPa', { id: 'CPa', type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: f.rttMs / 1000, totalRoundTripTime: 1 }],
    [
      'IT01A',
      { id: 'IT01A', type: 'inbound-rtp', kind: 'audio', mid: '0', packetsReceived: f.received, packetsLost: f.lost, jitter: f.jitterMs / 1000, bytesReceived: f.received * 80 },
    ],
    ['IT01V', { id: 'IT01V', type: 'inbound-rtp', kind: 'video', mid: '1', packetsReceived: 10, packetsLost: 500, jitter: 4 }],
    ['SA1', { id: 'SA1', type: 'media-source', kind: 'audio', trackIdentifier: 'mic', audioLevel: f.level, totalAudioEnergy: f.energy, totalSamplesDuration: 1 }],
    ['RIA', { id: 'RIA', type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: 0.02, fractionLost: 0 }],
  ];
}

const GOOD: Omit<Figures, 'received' | 'lost' | 'energy' | 'level'> = { rttMs: 40, jitterMs: 5 };

/** Feeds `count` reports 2 s apart; `step(i)` says how each interval differs from a good one. */
function run(
  sampler: QualitySampler,
  count: number,
  start: { received: number; lost: number; energy: number },
  step: (i: number) => Partial<Figures> & { newLost?: number },
  sending = true,
) {
  const raised: QualityWarning[] = [];
  const cleared: QualityWarning[] = [];
  let { received, lost, energy } = start;
  for (let i = 0; i < count; i++) {
    const change = step(i);
    const newLost = change.newLost ?? 0;
    received += 100 - newLost;
    lost += newLost;
    energy += 0.01;
    const level = change.level ?? 0.05 + (i % 3) * 0.02;
    const raw: RawQuality = readStats(chromiumReport({ ...GOOD, ...change, received, lost, energy, level }));
    const result = sampler.push(raw, sending);
    raised.push(...result.raised);
    cleared.push(...result.cleared);
  }
  return { raised, cleared, next: { received, lost, energy } };
}

describe('readStats', () => {
  it('reads the selected pair, incoming audio and the microphone from a recorded report', () => {
    const raw = readStats(chromiumReport({ rttMs: 120, jitterMs: 12, received: 500, lost: 7, level: 0.25, energy: 3 }));
    assert.deepEqual(raw, { rttMs: 120, jitterMs: 12, packetsReceived: 500, packetsLost: 7, audioLevel: 0.25, totalAudioEnergy: 3 });
  });

  it('falls back to the nominated succeeded pair without a transport entry, and to nulls on an empty report', () => {
    const report = chromiumReport({ rttMs: 80, jitterMs: 1, received: 1, lost: 0, level: 0, energy: 0 }).filter(([id]) => id !== 'T01');
    assert.equal(readStats(new Map(report)).rttMs, 80);
    assert.deepEqual(readStats([]), { rttMs: null, jitterMs: null, packetsReceived: 0, packetsLost: 0, audioLevel: null, totalAudioEnergy: null });
  });
});

describe('estimateMos (E-model, simplified)', () => {
  it('gives a clean loopback call about 4.4, and falls with delay and loss', () => {
    assert.ok(estimateMos(20, 2, 0) > 4.3);
    assert.ok(estimateMos(600, 2, 0) < estimateMos(100, 2, 0));
    assert.ok(estimateMos(50, 5, 10) < 3.5);
    assert.ok(estimateMos(50, 5, 100) >= 1);
  });
});

describe('QualitySampler', () => {
  const fresh = { received: 0, lost: 0, energy: 0 };

  for (const [name, bad] of [
    ['high-rtt', { rttMs: 650 }],
    ['high-jitter', { jitterMs: 60 }],
    ['high-packet-loss', { newLost: 8 }],
  ] as const) {
    it(`raises ${name} after three bad samples of five and clears it after three good ones`, () => {
      const sampler = new QualitySampler();
      const warm = run(sampler, 3, fresh, () => ({}));
      assert.deepEqual(warm.raised, []);
      const first = run(sampler, 2, warm.next, () => bad);
      assert.deepEqual(first.raised, [], 'two bad samples are noise');
      const third = run(sampler, 1, first.next, () => bad);
      assert.deepEqual(
        third.raised.map((w) => w.name),
        [name],
      );
      assert.ok(third.raised[0]!.value > 0);
      assert.deepEqual(sampler.warnings, [name]);
      const better = run(sampler, 3, third.next, () => ({}));
      assert.deepEqual(
        better.cleared.map((w) => w.name),
        [name],
      );
      assert.deepEqual(sampler.warnings, []);
      assert.deepEqual(sampler.summary().warnings, [name]);
    });
  }

  it('raises low-mos along with heavy loss and clears it once the line recovers', () => {
    const sampler = new QualitySampler();
    const warm = run(sampler, 2, fresh, () => ({}));
    const bad = run(sampler, 4, warm.next, () => ({ newLost: 20, rttMs: 300 }));
    assert.ok(bad.raised.some((w) => w.name === 'low-mos' && w.value < 3.5));
    const good = run(sampler, 3, bad.next, () => ({}));
    assert.ok(good.cleared.some((w) => w.name === 'low-mos' && w.value >= 3.5));
  });

  it('raises constant-audio-input when the microphone level stands still for four samples while sending, and clears it when it moves', () => {
    const sampler = new QualitySampler();
    const silent = run(sampler, 3, fresh, () => ({ level: 0 }));
    assert.deepEqual(silent.raised, [], 'six seconds are needed');
    const fourth = run(sampler, 1, silent.next, () => ({ level: 0 }));
    assert.deepEqual(
      fourth.raised.map((w) => w.name),
      ['constant-audio-input'],
    );
    const speaking = run(sampler, 1, fourth.next, () => ({ level: 0.3 }));
    assert.deepEqual(
      speaking.cleared.map((w) => w.name),
      ['constant-audio-input'],
    );
  });

  it('does not judge the microphone while it is not sent (muted or held), and clears a raised warning then', () => {
    const sampler = new QualitySampler();
    const muted = run(sampler, 6, fresh, () => ({ level: 0 }), false);
    assert.deepEqual(muted.raised, []);
    const silent = run(sampler, 4, muted.next, () => ({ level: 0 }));
    assert.equal(silent.raised.length, 1);
    const mutedAgain = run(sampler, 1, silent.next, () => ({ level: 0 }), false);
    assert.deepEqual(
      mutedAgain.cleared.map((w) => w.name),
      ['constant-audio-input'],
    );
  });

  it('a normal call raises nothing, and its summary has averages and worsts', () => {
    const sampler = new QualitySampler();
    const normal = run(sampler, 10, fresh, () => ({}));
    assert.deepEqual(normal.raised, []);
    const summary = sampler.summary();
    assert.equal(summary.samples, 10);
    assert.deepEqual(summary.rttMs, { avg: 40, worst: 40 });
    assert.equal(summary.packetLossPct?.worst, 0);
    assert.ok(summary.mos!.worst > 4);
    assert.deepEqual(summary.warnings, []);
  });
});

/** agent.one online for calls, on a call a visitor placed. */
async function answeredCall(t: Parameters<typeof setup>[0]) {
  const h = await setup(t);
  const token = await h.mint('agent.one');
  await h.as(token).put('/api/agent/presence', { status: 'online' });
  const agent = await h.connectAgent(token);
  assert.equal((await emitWithAck(agent.socket, 'calls.online'))[0], null);
  const session = await h.openVisitor({ name: 'Q', departmentId: DEP.support });
  const visitor = await h.connectVisitor(session.visitorToken);
  const [startErr, view] = await emitWithAck(visitor.socket, 'visitor.call.start', { type: 'voice' });
  assert.equal(startErr, null);
  await agent.waitFor((e) => e.name === 'call.ringing');
  const [err, call] = await emitWithAck(agent.socket, 'call.accept', { callId: view.callId });
  assert.equal(err, null, JSON.stringify(err));
  return { h, token, agent, callId: view.callId as string, legId: call.legId as string };
}

const SUMMARY = {
  samples: 12,
  rttMs: { avg: 40, worst: 90 },
  jitterMs: { avg: 3, worst: 9 },
  packetLossPct: { avg: 0.2, worst: 1.5 },
  mos: { avg: 4.3, worst: 4.1 },
  warnings: ['high-jitter'],
};

test('call.quality: the call log keeps the leg quality the agent reported, once, after the end', async (t) => {
  const { h, token, agent, callId, legId } = await answeredCall(t);
  assert.equal((await emitWithAck(agent.socket, 'call.end', { callId }))[0], null);
  const [err, ok] = await emitWithAck(agent.socket, 'call.quality', { callId, legId, quality: SUMMARY });
  assert.equal(err, null, JSON.stringify(err));
  assert.equal(ok, true);
  const answer = await h.as(token).get('/api/agent/calls');
  const record = (answer.body.calls as CallRecord[]).find((c) => c.callId === callId)!;
  assert.deepEqual(record.legs[0]!.quality, SUMMARY);
  const [again] = await emitWithAck(agent.socket, 'call.quality', { callId, legId, quality: SUMMARY });
  assert.equal(again?.code, 'AGENT_SDK_CALL_STATE_CONFLICT');
});

test('call.quality: malformed summaries name the field, and another agent cannot write a leg', async (t) => {
  const { h, agent, callId, legId } = await answeredCall(t);
  for (const [quality, field] of [
    [{ ...SUMMARY, mos: { avg: -1, worst: 2 } }, /mos/],
    [{ ...SUMMARY, warnings: ['too-loud'] }, /warnings/],
    [{ ...SUMMARY, extra: { nested: { deep: 1 } } }, /extra|unrecognized/i],
    [{ ...SUMMARY, samples: 1.5 }, /samples/],
  ] as const) {
    const [err] = await emitWithAck(agent.socket, 'call.quality', { callId, legId, quality });
    assert.equal(err?.code, 'AGENT_SDK_INVALID_REQUEST', JSON.stringify(quality));
    assert.match(err!.message, field);
  }
  const [noLeg] = await emitWithAck(agent.socket, 'call.quality', { callId, legId: 'leg_nothere', quality: SUMMARY });
  assert.equal(noLeg?.code, 'AGENT_SDK_CALL_NOT_FOUND');
  const other = await h.connectAgent(await h.mint('agent.three'));
  const [notYours] = await emitWithAck(other.socket, 'call.quality', { callId, legId, quality: SUMMARY });
  assert.equal(notYours?.code, 'AGENT_SDK_CALL_NOT_FOUND');
  // The store is intact and the process answers on.
  const [ok] = await emitWithAck(agent.socket, 'call.quality', { callId, legId, quality: SUMMARY });
  assert.equal(ok, null);
});
