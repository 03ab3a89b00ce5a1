/**
 * `agent.calls`: the light half of calls, part of every agent. It holds the listeners and loads the
 * call engine (simple-peer and the WebRTC code, `./engine.ts`) the first time `goOnline()` runs,
 * so a page that never takes calls never downloads it.
 */
import { CALL_REQUESTS, type CallRealtimeData, type ErrorCode } from '../../protocol/index.js';
import { toPublicCall } from '../../protocol/public-call.js';
import { Emitter, type Unsubscribe } from '../emitter.js';
import { RingnityError } from '../errors.js';
import type { Lifecycle } from '../lifecycle.js';
import type { RealtimeSync } from '../realtime.js';
import type { AgentTransport } from '../transport.js';
import type { CallEngine, CallEngineHost } from './engine.js';
import type { Call, CallsOptions } from './types.js';
import { CallsStore } from '../stores/calls.js';
import { CallDevices } from './devices.js';

export type { Call, CallEvents, CallState, CallViewTarget, CallsOptions } from './types.js';
export type { CallDevice, CallDeviceEvents, CallDeviceKind, CallDeviceLists, CallDevices } from './devices.js';
export type { QualitySample, QualityWarning } from './quality.js';

export type CallEngineModule = typeof import('./engine.js');

const importEngine = (): Promise<CallEngineModule> => import('./engine.js');
let engineLoader: () => Promise<CallEngineModule> = importEngine;

/**
 * Replaces how the engine is loaded. The no-build bundle uses it to fetch
 * `ringnity-agent-calls.js` from beside itself; everything else keeps the bundler's dynamic import.
 */
export function setCallEngineLoader(loader: (() => Promise<CallEngineModule>) | null): void {
  engineLoader = loader ?? importEngine;
}

const DEFAULT_CALLS_OPTIONS: Required<CallsOptions> = {
  iceServers: [],
  iceGatheringTimeoutMs: 3_000,
  connectTimeoutMs: 15_000,
  iceTransportPolicy: 'all',
  reconnectGraceMs: 20_000,
};

export interface CallsDependencies {
  agentId: string;
  socket: AgentTransport;
  realtime: RealtimeSync;
  lifecycle: Lifecycle;
  hasCallScopes: () => boolean;
  options?: CallsOptions;
}

export class CallsApi {
  private readonly incoming = new Emitter<{ call: [call: Call] }>();
  private engine: CallEngine | null = null;
  private loading: Promise<CallEngine> | null = null;
  private readonly options: Required<CallsOptions>;
  /** Microphones, cameras and speakers: list them, choose each (kept in this browser), follow changes. */
  readonly devices = new CallDevices();

  constructor(private readonly deps: CallsDependencies) {
    this.options = { ...DEFAULT_CALLS_OPTIONS, ...stripUndefined(deps.options ?? {}) };
    deps.lifecycle.onDestroy(() => {
      this.engine?.destroy();
      this.devices.destroy();
      this.incoming.clear();
    });
  }

  /** True between a successful `goOnline()` and `goOffline()`. */
  get online(): boolean {
    return this.engine?.online ?? false;
  }

  /** The calls this tab knows of that have not ended: ringing, active, held or transferring. */
  get current(): Call[] {
    return [...(this.engine?.calls.values() ?? [])];
  }

  /**
   * Makes this agent available for calls: loads the call code (once), then tells Ringnity. Calls
   * already waiting for this agent's department start ringing here right away.
   */
  async goOnline(): Promise<void> {
    this.deps.lifecycle.assertAlive();
    this.assertScopes();
    const engine = await this.load();
    await engine.goOnline();
  }

  /**
   * Makes this agent unavailable for calls: ringing stops, an active call ends, and every local
   * track and peer connection is released. The chat connection stays up.
   */
  async goOffline(): Promise<void> {
    this.deps.lifecycle.assertAlive();
    if (this.engine) return this.engine.goOffline();
    this.assertScopes();
    await this.deps.socket.request(CALL_REQUESTS.offline);
  }

  /**
   * Changes call settings (`iceServers`, timeouts) for the calls set up from now on; for agents
   * built by `<ringnity-session>`, where `RingnityAgent.create` options are out of reach.
   */
  configure(options: CallsOptions): void {
    Object.assign(this.options, stripUndefined(options));
  }

  /** Whether this tab takes calls, and its calls, live: `subscribe` / `getSnapshot`, like the conversation stores. */
  store(): CallsStore {
    return new CallsStore(this);
  }

  /** Runs `listener` for every call that starts ringing this agent while online. */
  onIncomingCall(listener: (call: Call) => void): Unsubscribe {
    return this.incoming.on('call', listener);
  }

  private assertScopes(): void {
    if (!this.deps.hasCallScopes()) {
      throw new RingnityError('AGENT_SDK_SCOPE_DENIED', 'This agent token lacks the agent:calls:read and agent:calls:write scopes', { status: 403 });
    }
  }

  private load(): Promise<CallEngine> {
    this.loading ??= engineLoader().then(
      (module) => {
        this.deps.lifecycle.assertAlive();
        this.engine = module.createCallEngine(this.host());
        return this.engine;
      },
      (error: unknown) => {
        this.loading = null;
        // ASSETS_URL_REQUIRED (the no-build bundle's) already says what to do.
        if (error instanceof RingnityError) throw error;
        throw new RingnityError('CALL_ENGINE_LOAD_FAILED', `The call code could not be loaded: ${(error as Error)?.message ?? error}`, { cause: error });
      },
    );
    return this.loading;
  }

  private host(): CallEngineHost {
    const { socket, realtime, agentId } = this.deps;
    return {
      agentId,
      options: this.options,
      request: (event, payload) => socket.request(event, payload),
      on: <N extends keyof CallRealtimeData>(name: N, listener: (data: CallRealtimeData[N]) => void) => realtime.on(name, (data) => listener(data as CallRealtimeData[N])),
      onResync: (listener) => realtime.onResync(listener),
      toPublicCall,
      makeError: (code: ErrorCode, message: string, cause?: unknown) => new RingnityError(code, message, cause === undefined ? {} : { cause }),
      announce: (call) => this.incoming.emit('call', call),
      devices: this.devices,
    };
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
