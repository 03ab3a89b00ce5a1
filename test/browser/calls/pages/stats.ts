/** RTP byte counters of one peer connection, summed per direction and kind. */
export interface RtpTotals {
  inAudio: number;
  inVideo: number;
  outAudio: number;
  outVideo: number;
  framesDecoded: number;
}

export function rtpTotals(report: RTCStatsReport | null): RtpTotals {
  const totals: RtpTotals = { inAudio: 0, inVideo: 0, outAudio: 0, outVideo: 0, framesDecoded: 0 };
  report?.forEach((entry: Record<string, any>) => {
    if (entry.type === 'inbound-rtp') {
      if (entry.kind === 'audio') totals.inAudio += entry.bytesReceived ?? 0;
      else {
        totals.inVideo += entry.bytesReceived ?? 0;
        totals.framesDecoded += entry.framesDecoded ?? 0;
      }
    } else if (entry.type === 'outbound-rtp') {
      if (entry.kind === 'audio') totals.outAudio += entry.bytesSent ?? 0;
      else totals.outVideo += entry.bytesSent ?? 0;
    }
  });
  return totals;
}

/** Makes the next getUserMedia fail the way a refusing user or a missing device does. */
export function failNextGetUserMedia(name: 'NotAllowedError' | 'NotFoundError'): void {
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async () => {
    navigator.mediaDevices.getUserMedia = original;
    throw new DOMException(name === 'NotAllowedError' ? 'Permission denied' : 'Requested device not found', name);
  };
}

/** The candidate types (`host`, `srflx`, `relay`) of the pair the transport has selected, local then remote. */
export function selectedCandidateTypes(report: RTCStatsReport | null): string[] {
  const byId = new Map<string, Record<string, any>>();
  report?.forEach((entry: Record<string, any>) => byId.set(entry.id, entry));
  const types: string[] = [];
  for (const entry of byId.values()) {
    if (entry.type !== 'transport' || !entry.selectedCandidatePairId) continue;
    const pair = byId.get(entry.selectedCandidatePairId);
    if (pair) types.push(byId.get(pair.localCandidateId)?.candidateType, byId.get(pair.remoteCandidateId)?.candidateType);
  }
  return types;
}
