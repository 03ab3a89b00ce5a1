/**
 * A call's quality as the agent's browser measured it (src/sdk/calls/quality.ts) and as the call
 * log keeps it, per answered leg: the SDK sends it once with `call.quality` when its part of the
 * call ends.
 */
export const QUALITY_WARNINGS = ['high-rtt', 'high-packet-loss', 'high-jitter', 'low-mos', 'constant-audio-input'] as const;
export type QualityWarningName = (typeof QUALITY_WARNINGS)[number];

export interface QualityRange {
  avg: number;
  /** The worst: the highest, or for MOS the lowest. */
  worst: number;
}

export interface QualitySummary {
  /** Statistics samples read, 2 s apart while connected. */
  samples: number;
  rttMs: QualityRange | null;
  jitterMs: QualityRange | null;
  packetLossPct: QualityRange | null;
  mos: QualityRange | null;
  /** Every warning raised during the call, once each. */
  warnings: QualityWarningName[];
}

export interface CallQualityRequest {
  callId: string;
  legId: string;
  quality: QualitySummary;
}
