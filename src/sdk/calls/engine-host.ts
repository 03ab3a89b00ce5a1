/**
 * What the call engine (`engine.ts`, its own chunk) takes from the light half of calls and what it
 * gives back; types only, so the light half can name them without loading the engine.
 */
import type { CallRealtimeData } from '../../protocol/index.js';
import type { PublicCall, PublicCallSource } from '../../protocol/public-call.js';
import type { Unsubscribe } from '../emitter.js';
import type { CallDevices } from './devices.js';
import type { MakeError } from './media.js';
import type { Call, CallsOptions } from './types.js';

export interface CallEngineHost {
  agentId: string;
  options: Required<CallsOptions>;
  /** Sends a call request once the socket is authenticated; rejects with the SDK's error type. */
  request<T>(event: string, payload?: unknown): Promise<T>;
  on<N extends keyof CallRealtimeData>(name: N, listener: (data: CallRealtimeData[N]) => void): Unsubscribe;
  /** The light half's `toPublicCall`, so that this chunk does not carry a copy. */
  toPublicCall(call: PublicCallSource): PublicCall;
  /** Realtime events were lost for good (`agent.on('resync')`). */
  onResync(listener: () => void): Unsubscribe;
  makeError: MakeError;
  /** Hands a new incoming call to `onIncomingCall` listeners. */
  announce(call: Call): void;
  /** `agent.calls.devices`: the chosen devices, and live calls follow a new choice. */
  devices: CallDevices;
}

export interface CallEngine {
  readonly online: boolean;
  readonly calls: ReadonlyMap<string, Call>;
  goOnline(): Promise<void>;
  goOffline(): Promise<void>;
  /** Ends every call locally and stops listening; used when the agent is destroyed. */
  destroy(): void;
}
