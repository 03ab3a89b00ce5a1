import type { Directory } from '../../protocol/index.js';
import { RingnityAgent, type RingnityAgentInit } from '../agent.js';
import { resolveApiBaseUrl } from '../defaults.js';
import type { Unsubscribe } from '../emitter.js';
import { RingnityError, isRingnityError } from '../errors.js';
import type { ConnectionState } from '../socket.js';

/**
 * - `idle`: no credentials given yet
 * - `connecting`: getting a token and opening the realtime connection
 * - `connected`: the agent is usable
 * - `reconnecting`: the connection dropped; the SDK is bringing it back and catching up
 * - `failed`: no token could be had, the server refused it, or the connection ended for good
 * - `closed`: `close()` was called
 */
export type SessionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';

type Listener = (session: RingnitySession) => void;
type ErrorListener = (error: RingnityError) => void;

/**
 * The one object every UI on a page shares for one signed-in agent: the custom elements, and
 * any React, Vue or plain-script view beside them. It holds no Lit, so a host without Lit can
 * build one, sign in with it and hand it to the page (`providePageSession`). It never changes
 * identity: a new token, a retry or a reconnect swap the agent inside it and tell subscribers,
 * because `@lit/context` only tells consumers when the provided value itself is replaced.
 */
export class RingnitySession {
  private currentState: SessionState = 'idle';
  private currentAgent: RingnityAgent | null = null;
  private currentError: RingnityError | null = null;
  private ownsAgent = true;
  private knownApiBaseUrl: string | undefined;
  private lastInit: RingnityAgentInit | undefined;
  /** Bumped on every connect and close, so a slow `create` from an older attempt is thrown away. */
  private generation = 0;
  private detachAgent: Unsubscribe = () => {};
  private directoryCache: { agent: RingnityAgent; value: Promise<Directory> } | undefined;
  private readonly listeners = new Set<Listener>();
  private readonly errorListeners = new Set<ErrorListener>();

  /** Wraps an agent built elsewhere, e.g. in a test or by an app that already has one. The session does not destroy it. */
  static fromAgent(agent: RingnityAgent, options: { apiBaseUrl?: string } = {}): RingnitySession {
    const session = new RingnitySession();
    session.knownApiBaseUrl = options.apiBaseUrl;
    session.adopt(agent, { owned: false });
    return session;
  }

  /** Where the agent's API lives, to resolve relative attachment URLs: found exactly as `RingnityAgent.create` finds it. */
  get apiBaseUrl(): string {
    return resolveApiBaseUrl(this.lastInit?.apiBaseUrl ?? this.knownApiBaseUrl);
  }

  get state(): SessionState {
    return this.currentState;
  }

  /** The agent while connected or reconnecting; null otherwise. */
  get agent(): RingnityAgent | null {
    return this.currentState === 'connected' || this.currentState === 'reconnecting' ? this.currentAgent : null;
  }

  /** Why the session is `failed`. */
  get error(): RingnityError | null {
    return this.currentError;
  }

  /** Can `retry()` do anything: a failed session built from credentials. */
  get canRetry(): boolean {
    return this.currentState === 'failed' && this.lastInit !== undefined;
  }

  /** Called after every change of state, agent or error. */
  subscribe(listener: Listener): Unsubscribe {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Errors with no caller to reject: sign-in failures and the agent's background errors. */
  onError(listener: ErrorListener): Unsubscribe {
    this.errorListeners.add(listener);
    return () => void this.errorListeners.delete(listener);
  }

  /**
   * Signs in with fresh credentials, replacing any previous agent. Resolves with the agent;
   * rejects with the RingnityError that also left the session `failed`.
   */
  async connect(init: RingnityAgentInit): Promise<RingnityAgent> {
    this.lastInit = init;
    const generation = ++this.generation;
    this.releaseAgent();
    this.currentError = null;
    this.setState('connecting');
    try {
      const agent = await RingnityAgent.create(init);
      if (generation !== this.generation) {
        agent.destroy();
        throw new RingnityError('DESTROYED', 'A newer sign-in replaced this one');
      }
      this.adopt(agent, { owned: true });
      return agent;
    } catch (error) {
      const failure = asRingnityError(error);
      if (generation === this.generation) {
        this.currentError = failure;
        this.setState('failed');
        this.reportError(failure);
      }
      throw failure;
    }
  }

  /** Signs in again with the last credentials, after a failure. */
  retry(): Promise<RingnityAgent> {
    if (!this.lastInit) return Promise.reject(new RingnityError('TOKEN_UNAVAILABLE', 'This session has no credentials to retry with'));
    return this.connect(this.lastInit);
  }

  /** Departments and agents of the tenant, fetched once per agent and shared by every element. */
  directory(): Promise<Directory> {
    const agent = this.agent;
    if (!agent) return Promise.reject(new RingnityError('DESTROYED', 'The session is not connected'));
    if (this.directoryCache?.agent !== agent) {
      const value = agent.directory.get();
      value.catch(() => {
        if (this.directoryCache?.value === value) this.directoryCache = undefined;
      });
      this.directoryCache = { agent, value };
    }
    return this.directoryCache.value;
  }

  /** Ends the session and the agent's connection. */
  close(): void {
    this.generation++;
    this.releaseAgent();
    this.setState('closed');
  }

  private adopt(agent: RingnityAgent, { owned }: { owned: boolean }): void {
    this.releaseAgent();
    this.currentAgent = agent;
    this.ownsAgent = owned;
    this.currentError = null;
    let lastBackgroundError: RingnityError | null = null;
    const offState = agent.connection.onChange((state) => {
      if (this.currentAgent !== agent) return;
      if (state === 'disconnected') {
        this.currentError = lastBackgroundError ?? new RingnityError('SOCKET_AUTH_FAILED', 'The realtime connection ended and will not come back');
      }
      this.setState(sessionStateOf(state));
    });
    const offError = agent.on('error', (error) => {
      lastBackgroundError = error;
      this.reportError(error);
    });
    this.detachAgent = () => {
      offState();
      offError();
    };
    this.setState(sessionStateOf(agent.connection.state));
  }

  private releaseAgent(): void {
    this.detachAgent();
    this.detachAgent = () => {};
    if (this.currentAgent && this.ownsAgent) this.currentAgent.destroy();
    this.currentAgent = null;
    this.directoryCache = undefined;
  }

  private setState(state: SessionState): void {
    this.currentState = state;
    for (const listener of [...this.listeners]) callSafely(() => listener(this));
  }

  private reportError(error: RingnityError): void {
    for (const listener of [...this.errorListeners]) callSafely(() => listener(error));
  }
}

function sessionStateOf(state: ConnectionState): SessionState {
  switch (state) {
    case 'connected':
      return 'connected';
    case 'disconnected':
      return 'failed';
    case 'connecting':
      return 'connecting';
    case 'reconnecting':
      return 'reconnecting';
  }
}

/** One throwing subscriber must not keep the others from hearing about the change. */
function callSafely(run: () => void): void {
  try {
    run();
  } catch (error) {
    setTimeout(() => {
      throw error;
    });
  }
}

function asRingnityError(error: unknown): RingnityError {
  if (isRingnityError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new RingnityError('TOKEN_UNAVAILABLE', message, { cause: error });
}
