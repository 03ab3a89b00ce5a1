import { QualitySampler, readStats, type QualitySample, type QualitySummary, type QualityWarning, type QualityWarningName } from './quality.js';

/** How often a live call's statistics are read. */
const QUALITY_INTERVAL_MS = 2_000;

/** Hands a sample (`quality`) or a warning raised or cleared to the call's listeners. */
type QualityEmit = ((name: 'quality', sample: QualitySample) => void) & ((name: 'warning' | 'warning-cleared', warning: QualityWarning) => void);

/** Reads a call's statistics every QUALITY_INTERVAL_MS through the pure sampler (quality.ts). */
export class QualityMonitor {
  private readonly sampler = new QualitySampler();
  private timer: ReturnType<typeof setInterval> | undefined;
  private reading = false;
  latest: QualitySample | null = null;

  constructor(
    private readonly call: { getStats(): Promise<RTCStatsReport | null>; readonly state: string; readonly muted: boolean },
    private readonly emit: QualityEmit,
  ) {}

  get warnings(): QualityWarningName[] {
    return this.sampler.warnings;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.read(), QUALITY_INTERVAL_MS);
  }

  /** Stops reading; the summary of what was read. */
  stop(): QualitySummary {
    clearInterval(this.timer);
    this.timer = undefined;
    return this.sampler.summary();
  }

  summary(): QualitySummary {
    return this.sampler.summary();
  }

  private async read(): Promise<void> {
    // A slow getStats() (a busy tab) must not pile reads up.
    if (this.reading) return;
    this.reading = true;
    try {
      const report = await this.call.getStats();
      if (!report || this.timer === undefined) return;
      const { sample, raised, cleared } = this.sampler.push(readStats(report as never), this.call.state === 'active' && !this.call.muted);
      this.latest = sample;
      this.emit('quality', sample);
      for (const warning of raised) this.emit('warning', warning);
      for (const warning of cleared) this.emit('warning-cleared', warning);
    } catch {
      // A closing connection can refuse getStats(); the next read, or the end, follows.
    } finally {
      this.reading = false;
    }
  }
}
