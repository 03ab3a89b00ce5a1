import type { CallQualityRequest, CallRecord } from '../protocol/index.js';
import { ApiError } from './api-error.js';

/**
 * `call.quality`: the agent's browser reports what it measured on its leg of a call, once, as its
 * part ends, which may be after the call itself ended. Only the agent of that leg may, and only
 * once: the log is a record, not a scratchpad.
 */
export function recordLegQuality(callLog: readonly CallRecord[], agentId: string, request: CallQualityRequest): true {
  const record = callLog.find((r) => r.callId === request.callId);
  const leg = record?.legs.find((l) => l.legId === request.legId);
  if (!record || !leg || leg.agentId !== agentId) {
    throw new ApiError('AGENT_SDK_CALL_NOT_FOUND', `Call ${request.callId} has no leg ${request.legId} of this agent`, 'callId');
  }
  if (leg.quality) throw new ApiError('AGENT_SDK_CALL_STATE_CONFLICT', `The quality of leg ${request.legId} is already recorded`, 'legId');
  leg.quality = request.quality;
  return true;
}
