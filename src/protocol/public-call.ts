/**
 * The shape of a call that may leave the SDK's own window: what the iframe bridge posts to the
 * hosting page, and what a call turns into when it is serialised. A live call object carries far
 * more (its options with TURN credentials, listener tables, leg ids, the peer link); none of that
 * is anyone else's business, so only the fields declared here are ever copied out.
 */
import type { CallCustomer, CallEndReason, CallMediaState, CallState, CallType } from './calls.js';

export interface PublicCall {
  id: string;
  type: CallType;
  state: CallState;
  customer: CallCustomer;
  departmentId: string | null;
  transferredFrom: string | null;
  connected: boolean;
  muted: boolean;
  videoEnabled: boolean;
  remoteMedia: CallMediaState;
  /** ISO 8601. */
  answeredAt: string | null;
  /** ISO 8601. */
  ringUntil: string | null;
  endReason: CallEndReason | null;
}

/** Every key of `PublicCall`, in order; tests hold the bridge to exactly these. */
export const PUBLIC_CALL_KEYS = [
  'id',
  'type',
  'state',
  'customer',
  'departmentId',
  'transferredFrom',
  'connected',
  'muted',
  'videoEnabled',
  'remoteMedia',
  'answeredAt',
  'ringUntil',
  'endReason',
] as const satisfies readonly (keyof PublicCall)[];

/** What `toPublicCall` reads: the SDK's `Call` fits, and so does anything shaped like it. */
export interface PublicCallSource {
  readonly id: string;
  readonly type: CallType;
  readonly state: CallState;
  readonly customer: Readonly<CallCustomer>;
  readonly departmentId: string | null;
  readonly transferredFrom: string | null;
  readonly connected: boolean;
  readonly muted: boolean;
  readonly videoEnabled: boolean;
  readonly remoteMedia: Readonly<CallMediaState>;
  readonly answeredAt: Date | string | null;
  readonly ringUntil: Date | string | null;
  readonly endReason: CallEndReason | null;
}

/** Copies the declared fields, and only those, into plain data that survives structured cloning. */
export function toPublicCall(call: PublicCallSource): PublicCall {
  const { customer, remoteMedia } = call;
  return {
    id: call.id,
    type: call.type,
    state: call.state,
    customer: { id: customer.id, name: customer.name, conversationId: customer.conversationId },
    departmentId: call.departmentId,
    transferredFrom: call.transferredFrom,
    connected: call.connected,
    muted: call.muted,
    videoEnabled: call.videoEnabled,
    remoteMedia: { audio: remoteMedia.audio, video: remoteMedia.video },
    answeredAt: iso(call.answeredAt),
    ringUntil: iso(call.ringUntil),
    endReason: call.endReason,
  };
}

// Dates, or strings when the source is itself a public call being passed on.
const iso = (at: Date | string | null): string | null => (at === null ? null : typeof at === 'string' ? at : at.toISOString());

/** Whether a value is a live call to reduce (duck-typed: the call chunk is built apart from this one). */
export function isPublicCallSource(value: unknown): value is PublicCallSource {
  const v = value as Partial<PublicCallSource> | null;
  return !!v && typeof v === 'object' && typeof v.id === 'string' && typeof v.state === 'string' && typeof v.customer === 'object' && 'remoteMedia' in v;
}
