/**
 * Call quality from `getStats()`: what one report says (`readStats`), and what a run of reports
 * says (`QualitySampler`): the warnings to raise and to clear, and the call's summary. Pure: no
 * timers and no WebRTC objects, so that recorded reports can be fed through it in Node.
 *
 * Thresholds (README, "Call quality"), each judged over the last WINDOW samples (2 s apart):
 * raised when at least RAISE_AFTER of them are over, cleared once the last CLEAR_AFTER are all
 * within. One bad sample is noise; three in ten seconds is what the agent hears.
 */

import { QUALITY_WARNINGS, type QualityRange, type QualitySummary, type QualityWarningName } from '../../protocol/call-quality.js';

export type { QualitySummary, QualityWarningName };

export interface QualityWarning {
  name: QualityWarningName;
  /** The figure that raised or cleared it: ms, percent, MOS, or the microphone's level (0..1). */
  value: number;
}

const QUALITY_THRESHOLDS = {
  /** Round trip over the selected candidate pair, ms. */
  rttMs: 400,
  /** Share of incoming audio packets lost in the interval, percent. */
  packetLossPct: 3,
  /** Incoming audio jitter, ms. */
  jitterMs: 30,
  /** Below this the E-model estimate counts as poor. */
  mos: 3.5,
  /** The microphone's level moved less than this (0..1) across the whole window while sending. */
  audioLevelSpread: 0.001,
} as const;

const WINDOW = 5;
const RAISE_AFTER = 3;
const CLEAR_AFTER = 3;
/** Microphone levels that must stand still, 2 s apart: six seconds of nothing moving. */
const INPUT_SAMPLES = 4;

/** What one `getStats()` report says, cumulative counters as they are. */
export interface RawQuality {
  /** ms; null when no pair has measured one yet. */
  rttMs: number | null;
  /** ms, incoming audio. */
  jitterMs: number | null;
  packetsReceived: number;
  packetsLost: number;
  /** The microphone's level now, 0..1, and its energy so far (media-source). */
  audioLevel: number | null;
  totalAudioEnergy: number | null;
}

interface StatsEntry {
  type?: string;
  kind?: string;
  [key: string]: unknown;
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** Reads an RTCStatsReport (or any iterable of `[id, stats]`, as recorded reports are). */
export function readStats(report: Iterable<[string, StatsEntry]> | { forEach(fn: (value: StatsEntry, key: string) => void): void }): RawQuality {
  const entries = new Map<string, StatsEntry>();
  if (Symbol.iterator in report) for (const [id, value] of report) entries.set(id, value);
  else report.forEach((value, id) => entries.set(id, value));
  const raw: RawQuality = { rttMs: null, jitterMs: null, packetsReceived: 0, packetsLost: 0, audioLevel: null, totalAudioEnergy: null };
  let pair: StatsEntry | undefined;
  for (const stats of entries.values()) {
    if (stats.type === 'transport' && typeof stats.selectedCandidatePairId === 'string') pair = entries.get(stats.selectedCandidatePairId) ?? pair;
  }
  for (const stats of entries.values()) {
    switch (stats.type) {
      case 'candidate-pair':
        if (!pair && stats.nominated === true && stats.state === 'succeeded') pair = stats;
        break;
      case 'inbound-rtp':
        if (stats.kind !== 'audio') break;
        raw.packetsReceived += num(stats.packetsReceived) ?? 0;
        raw.packetsLost += Math.max(0, num(stats.packetsLost) ?? 0);
        if (num(stats.jitter) !== null) raw.jitterMs = Math.max(raw.jitterMs ?? 0, (stats.jitter as number) * 1000);
        break;
      case 'media-source':
        if (stats.kind !== 'audio') break;
        raw.audioLevel = num(stats.audioLevel);
        raw.totalAudioEnergy = num(stats.totalAudioEnergy);
        break;
    }
  }
  const rtt = num(pair?.currentRoundTripTime);
  raw.rttMs = rtt === null ? null : rtt * 1000;
  return raw;
}

/**
 * Mean opinion score from the ITU-T G.107 E-model, simplified as WebRTC monitors commonly do:
 * effective latency d = rtt / 2 + 2 × jitter + 10 ms (codec); R = 93.2 − Id − Ie with
 * Id = d / 40 below 160 ms, (d − 120) / 10 above, and Ie = 2.5 × loss%; then
 * MOS = 1 + 0.035 R + 7·10⁻⁶ R (R − 60) (100 − R), R clamped to 0..100.
 */
export function estimateMos(rttMs: number, jitterMs: number, packetLossPct: number): number {
  const latency = rttMs / 2 + jitterMs * 2 + 10;
  const delayImpairment = latency < 160 ? latency / 40 : (latency - 120) / 10;
  const r = Math.min(100, Math.max(0, 93.2 - delayImpairment - packetLossPct * 2.5));
  return Math.round((1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r)) * 100) / 100;
}

/** One sample: the figures over one interval. Null where the report had nothing to tell. */
export interface QualitySample {
  rttMs: number | null;
  jitterMs: number | null;
  packetLossPct: number | null;
  mos: number | null;
  audioLevel: number | null;
}

export interface SamplerResult {
  sample: QualitySample;
  raised: QualityWarning[];
  cleared: QualityWarning[];
}

type Judged = { over: boolean | null; value: number | null };

export class QualitySampler {
  private previous: RawQuality | null = null;
  private readonly history: Record<QualityWarningName, Judged[]> = Object.fromEntries(QUALITY_WARNINGS.map((name) => [name, []])) as never;
  private readonly levels: number[] = [];
  private readonly active = new Set<QualityWarningName>();
  private readonly raisedEver = new Set<QualityWarningName>();
  private readonly samples: QualitySample[] = [];

  /** Warnings up now. */
  get warnings(): QualityWarningName[] {
    return [...this.active];
  }

  /**
   * Takes the next report. `sending` says whether the microphone should be heard now (the call is
   * live and not muted); while it is not, the input warning is neither judged nor kept.
   */
  push(raw: RawQuality, sending: boolean): SamplerResult {
    const previous = this.previous;
    this.previous = raw;
    const received = previous ? raw.packetsReceived - previous.packetsReceived : 0;
    const lost = previous ? raw.packetsLost - previous.packetsLost : 0;
    const packetLossPct = previous && received + lost > 0 ? Math.max(0, (lost / (received + lost)) * 100) : null;
    const mos = raw.rttMs === null ? null : estimateMos(raw.rttMs, raw.jitterMs ?? 0, packetLossPct ?? 0);
    const sample: QualitySample = { rttMs: raw.rttMs, jitterMs: raw.jitterMs, packetLossPct, mos, audioLevel: raw.audioLevel };
    this.samples.push(sample);

    if (sending && raw.audioLevel !== null) this.levels.push(raw.audioLevel);
    else this.levels.length = 0;
    if (this.levels.length > WINDOW) this.levels.shift();
    const spread = this.levels.length >= INPUT_SAMPLES ? Math.max(...this.levels) - Math.min(...this.levels) : null;

    const judged: Record<QualityWarningName, Judged> = {
      'high-rtt': judge(raw.rttMs, (v) => v > QUALITY_THRESHOLDS.rttMs),
      'high-packet-loss': judge(packetLossPct, (v) => v > QUALITY_THRESHOLDS.packetLossPct),
      'high-jitter': judge(raw.jitterMs, (v) => v > QUALITY_THRESHOLDS.jitterMs),
      'low-mos': judge(mos, (v) => v < QUALITY_THRESHOLDS.mos),
      // Judged on the whole window at once: the level standing still is what is odd, not its value.
      'constant-audio-input': { over: spread === null ? (sending ? null : false) : spread < QUALITY_THRESHOLDS.audioLevelSpread, value: raw.audioLevel },
    };
    const raised: QualityWarning[] = [];
    const cleared: QualityWarning[] = [];
    for (const name of QUALITY_WARNINGS) {
      const history = this.history[name];
      const now = judged[name];
      if (now.over === null) continue;
      history.push(now);
      if (history.length > WINDOW) history.shift();
      const value = Math.round((now.value ?? 0) * 1000) / 1000;
      if (!this.active.has(name) && history.filter((j) => j.over).length >= (name === 'constant-audio-input' ? 1 : RAISE_AFTER)) {
        this.active.add(name);
        this.raisedEver.add(name);
        raised.push({ name, value });
      } else if (this.active.has(name) && history.length >= CLEAR_AFTER && history.slice(-CLEAR_AFTER).every((j) => !j.over)) {
        this.active.delete(name);
        cleared.push({ name, value });
      } else if (this.active.has(name) && name === 'constant-audio-input' && !now.over) {
        // The microphone moved (or stopped being sent): nothing is standing still any more.
        this.active.delete(name);
        cleared.push({ name, value });
      }
    }
    return { sample, raised, cleared };
  }

  summary(): QualitySummary {
    const range = (pick: (s: QualitySample) => number | null, lowIsWorse = false): QualityRange | null => {
      const values = this.samples.map(pick).filter((v): v is number => v !== null);
      if (!values.length) return null;
      const round = (v: number) => Math.round(v * 100) / 100;
      return { avg: round(values.reduce((a, b) => a + b, 0) / values.length), worst: round(lowIsWorse ? Math.min(...values) : Math.max(...values)) };
    };
    return {
      samples: this.samples.length,
      rttMs: range((s) => s.rttMs),
      jitterMs: range((s) => s.jitterMs),
      packetLossPct: range((s) => s.packetLossPct),
      mos: range((s) => s.mos, true),
      warnings: [...this.raisedEver],
    };
  }
}

function judge(value: number | null, over: (value: number) => boolean): Judged {
  return value === null ? { over: null, value } : { over: over(value), value };
}
