import {
  AGENT_PROTOCOL_VERSION,
  AGENT_REQUESTS,
  codeOfSocketError,
  REALTIME_EVENTS,
  SESSION_EXPIRED_EVENT,
  type AgentConnectReply,
  type AgentConnectRequest,
  type AnyRealtimeEnvelope,
  type ChatTypingRequest,
  type SocketError,
} from '../protocol/index.js';
import { Emitter, type Unsubscribe } from './emitter.js';
import { RingnityError, destroyedError, isRingnityError } from './errors.js';
import type { Lifecycle } from './lifecycle.js';
import type { TokenSource } from './token.js';
import { SocketIoClient } from './wire/client.js';

/**
 * - `connecting`: before the first successful `agent.connect`
 * - `connected`: authenticated; realtime events flow
 * - `reconnecting`: lost after having been connected, or re-authenticating; trying again
 * - `disconnected`: destroyed, or the server refused the session for good
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface AgentSocketOptions {
  url: string;
  bundleVersion: string;
  /** How long to wait for the socket to connect and `agent.connect` to be answered. */
  connectTimeoutMs: number;
}

interface AgentSocketEvents {
  [name: string]: unknown[];
  state: [state: ConnectionState, previous: ConnectionState];
  authenticated: [reply: AgentConnectReply];
  envelope: [envelope: AnyRealtimeEnvelope];
  error: [error: RingnityError];
}

const REALTIME_EVENT_NAMES: ReadonlySet<string> = new Set(REALTIME_EVENTS);

/**
 * Live envelopes kept while `agent.connect` is being answered. Dropping beyond it loses nothing
 * for good: the next durable envelope's `prevSeq` shows the gap and the catch-up fills it.
 */
const MAX_HELD_ENVELOPES = 1_000;

/**
 * The agent's socket.io connection. It authenticates with `agent.connect` after every
 * (re)connect and after every token refresh; the wire client reconnects on its own, including
 * after the server disconnected it.
 */
export class AgentSocket {
  private readonly socket: SocketIoClient;
  private readonly events = new Emitter<AgentSocketEvents>();
  private currentState: ConnectionState = 'connecting';
  private everAuthenticated = false;
  /** Set by close() and by a final auth failure: from then on nothing reconnects. */
  private stopped = false;
  private fatalError: RingnityError | undefined;
  /** The token the server accepted on this connection; undefined while unauthenticated. */
  private authenticatedToken: string | undefined;
  /** Bumped on every attempt and every disconnect, so a late ack from an older attempt is ignored. */
  private authGeneration = 0;
  private authInFlight = false;
  /** The last token the server accepted; if it is refused later, it has most likely expired. */
  private lastAcceptedToken: string | undefined;
  /** A token refused before its first use was already replaced once since the last acceptance. */
  private retriedUnusedToken = false;
  /**
   * Envelopes that arrived before the answer to the `agent.connect` in flight. The answer carries
   * the `lastSeq` they follow, so they are handed on only after it, never ahead of it.
   */
  private held: AnyRealtimeEnvelope[] = [];

  constructor(
    private readonly options: AgentSocketOptions,
    private readonly tokens: TokenSource,
    private readonly lifecycle: Lifecycle,
  ) {
    // Every agent owns its connection, even next to another one for the same server.
    this.socket = new SocketIoClient(
      { url: options.url, timeoutMs: options.connectTimeoutMs, reconnectDelayMs: 500, reconnectDelayMaxMs: 10_000 },
      {
        connect: () => void this.authenticate(),
        disconnect: () => this.handleDisconnect(),
        event: (name, [payload]) => {
          if (name === SESSION_EXPIRED_EVENT) void this.handleSessionExpired();
          else if (REALTIME_EVENT_NAMES.has(name) && isEnvelope(payload)) this.receiveEnvelope(payload);
        },
      },
    );
    tokens.onRefreshed(() => {
      // An attempt already running keeps its token; if that one expires the server says so.
      if (this.socket.connected && !this.authInFlight && !this.stopped) void this.authenticate();
    });
    lifecycle.onDestroy(() => this.close());
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  onStateChange(listener: (state: ConnectionState, previous: ConnectionState) => void): Unsubscribe {
    return this.events.on('state', listener);
  }

  onAuthenticated(listener: (reply: AgentConnectReply) => void): Unsubscribe {
    return this.events.on('authenticated', listener);
  }

  onEnvelope(listener: (envelope: AnyRealtimeEnvelope) => void): Unsubscribe {
    return this.events.on('envelope', listener);
  }

  onError(listener: (error: RingnityError) => void): Unsubscribe {
    return this.events.on('error', listener);
  }

  /** Connects; resolves after the first accepted `agent.connect`, rejects on refusal or timeout. */
  open(): Promise<AgentConnectReply> {
    return new Promise((resolve, reject) => {
      const timeoutMs = this.options.connectTimeoutMs;
      const timer = setTimeout(
        () => settle(() => reject(new RingnityError('NETWORK_ERROR', `Could not connect to Ringnity at ${this.options.url} within ${timeoutMs} ms`))),
        timeoutMs,
      );
      const offAuthenticated = this.onAuthenticated((reply) => settle(() => resolve(reply)));
      const offState = this.onStateChange((state) => {
        if (state === 'disconnected') settle(() => reject(this.fatalError ?? destroyedError()));
      });
      const settle = (finish: () => void) => {
        clearTimeout(timer);
        offAuthenticated();
        offState();
        finish();
      };
      this.socket.open();
    });
  }

  /** Resolves once authenticated; rejects if the session ends for good first. */
  whenConnected(): Promise<void> {
    if (this.lifecycle.destroyed) return Promise.reject(destroyedError());
    if (this.fatalError) return Promise.reject(this.fatalError);
    if (this.currentState === 'connected') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const off = this.onStateChange((state) => {
        if (state === 'connected') {
          off();
          resolve();
        } else if (state === 'disconnected') {
          off();
          reject(this.fatalError ?? destroyedError());
        }
      });
    });
  }

  /** Typing is only meaningful right now, so it is dropped rather than queued while offline. */
  sendTyping(request: ChatTypingRequest): boolean {
    if (this.currentState !== 'connected') return false;
    return this.socket.emit(AGENT_REQUESTS.typing, request);
  }

  /**
   * A request the server answers `(err, result)`, sent once the socket is authenticated (the call
   * requests use it). Rejects with a RingnityError carrying the server's code when it gave one.
   */
  async request<T>(event: string, payload: unknown = {}, timeoutMs = this.options.connectTimeoutMs): Promise<T> {
    await this.whenConnected();
    let reply: unknown[];
    try {
      reply = await this.socket.request(event, [payload], timeoutMs);
    } catch (transportError) {
      throw new RingnityError('NETWORK_ERROR', (transportError as Error).message, { cause: transportError });
    }
    const [serverError, result] = reply as [SocketError | null, T];
    if (serverError) throw requestError(serverError);
    return result;
  }

  private async authenticate(): Promise<void> {
    if (this.stopped) return;
    const generation = ++this.authGeneration;
    const token = this.tokens.token;
    const claims = this.tokens.claims;
    const request: AgentConnectRequest = {
      version: AGENT_PROTOCOL_VERSION,
      id: claims.sub,
      key: claims.tkey,
      authToken: token,
      deviceType: 'browser',
      bundleVersion: this.options.bundleVersion,
    };
    this.authInFlight = true;
    try {
      const reply = await this.requestConnect(request);
      if (generation !== this.authGeneration || this.stopped) return;
      this.authInFlight = false;
      this.authenticatedToken = token;
      this.lastAcceptedToken = token;
      this.retriedUnusedToken = false;
      this.everAuthenticated = true;
      // Realtime catches up first, so that whoever waits for 'connected' sees a complete state.
      this.events.emit('authenticated', reply);
      this.releaseHeld();
      this.setState('connected');
    } catch (error) {
      if (generation !== this.authGeneration || this.stopped) return;
      this.authInFlight = false;
      if (isSocketError(error) && error.type === 'auth_failure') {
        await this.handleAuthFailure(error, token);
      } else if (this.socket.connected) {
        // No answer in time: start over on a fresh connection rather than wait on a silent one.
        this.socket.restart();
      }
    }
  }

  /** Rejects with the server's SocketError when it refuses, and with an Error when no answer comes. */
  private async requestConnect(request: AgentConnectRequest): Promise<AgentConnectReply> {
    const [serverError, reply] = (await this.socket.request(AGENT_REQUESTS.connect, [request], this.options.connectTimeoutMs)) as [SocketError | null, AgentConnectReply | null];
    if (serverError || !reply) throw serverError ?? new Error('agent.connect was answered without a reply');
    return reply;
  }

  private async handleAuthFailure(error: SocketError, rejectedToken: string): Promise<void> {
    // A token the server accepted before and refuses now has expired (we were away, or asleep):
    // a fresh one fixes that. A token it never accepted is most likely refused for good (the
    // agent or the tenant does not match), so retrying would only hammer the server. Except once
    // in a session that was up: a refreshed token can expire before its first use when the
    // machine sleeps in between, and one more fresh token tells the two apart.
    const neverAccepted = rejectedToken !== this.lastAcceptedToken;
    if (!this.tokens.canRefresh || (neverAccepted && (!this.everAuthenticated || this.retriedUnusedToken))) {
      this.fail(authFailure(error));
      return;
    }
    if (neverAccepted) this.retriedUnusedToken = true;
    if (this.tokens.token !== rejectedToken) {
      void this.authenticate();
      return;
    }
    try {
      // The fresh token re-authenticates through the onRefreshed listener.
      await this.tokens.refresh();
    } catch (refreshError) {
      // The token endpoint may be down for a moment: report it and come back with backoff.
      if (isRingnityError(refreshError) && !this.lifecycle.destroyed) this.events.emit('error', refreshError);
      if (this.socket.connected) this.socket.restart();
    }
  }

  private async handleSessionExpired(): Promise<void> {
    if (this.stopped) return;
    const expiredToken = this.authenticatedToken;
    this.authenticatedToken = undefined;
    if (this.currentState === 'connected') this.setState('reconnecting');
    if (expiredToken !== undefined && this.tokens.token !== expiredToken) {
      void this.authenticate();
      return;
    }
    if (!this.tokens.canRefresh) {
      this.fail(new RingnityError('AGENT_SDK_TOKEN_INVALID', 'The agent token expired; pass getToken to RingnityAgent.create to keep sessions alive'));
      return;
    }
    try {
      // The refreshed token re-authenticates through the onRefreshed listener.
      await this.tokens.refresh();
    } catch (error) {
      // TokenSource keeps retrying in the background; a later success re-authenticates.
      if (isRingnityError(error) && !this.lifecycle.destroyed) this.events.emit('error', error);
    }
  }

  private receiveEnvelope(envelope: AnyRealtimeEnvelope): void {
    if (!this.authInFlight && this.authenticatedToken !== undefined) {
      this.events.emit('envelope', envelope);
    } else if (this.held.length < MAX_HELD_ENVELOPES) {
      this.held.push(envelope);
    }
  }

  private releaseHeld(): void {
    const held = this.held;
    this.held = [];
    for (const envelope of held) this.events.emit('envelope', envelope);
  }

  private handleDisconnect(): void {
    // What was held belongs to a connection that is gone; the next agent.connect catches up on it.
    this.held = [];
    this.authGeneration++;
    this.authInFlight = false;
    this.authenticatedToken = undefined;
    if (this.stopped) {
      this.setState('disconnected');
      return;
    }
    this.setState(this.everAuthenticated ? 'reconnecting' : 'connecting');
  }

  private fail(error: RingnityError): void {
    this.fatalError = error;
    this.stop();
    this.events.emit('error', error);
  }

  private close(): void {
    this.stop();
    this.events.clear();
  }

  private stop(): void {
    this.stopped = true;
    this.socket.close();
    this.setState('disconnected');
  }

  private setState(state: ConnectionState): void {
    const previous = this.currentState;
    if (previous === state) return;
    this.currentState = state;
    this.events.emit('state', state, previous);
  }
}

function isSocketError(value: unknown): value is SocketError {
  return typeof value === 'object' && value !== null && typeof (value as SocketError).type === 'string' && typeof (value as SocketError).message === 'string';
}

function isEnvelope(value: unknown): value is AnyRealtimeEnvelope {
  const envelope = value as Partial<AnyRealtimeEnvelope> | null;
  return typeof envelope === 'object' && envelope !== null && typeof envelope.seq === 'number' && typeof envelope.type === 'string';
}

function requestError(error: SocketError): RingnityError {
  return new RingnityError(codeOfSocketError(error), error.message);
}

function authFailure(error: SocketError): RingnityError {
  return new RingnityError('SOCKET_AUTH_FAILED', `Ringnity refused the agent connection: ${error.message}`, { status: 401 });
}
