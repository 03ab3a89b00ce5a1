import {
  AGENT_REQUESTS,
  EPHEMERAL_EVENTS,
  RELAYED_REQUEST_SCOPES,
  REALTIME_EVENT_SCOPES,
  type AnyRealtimeEnvelope,
  type ChatTypingRequest,
  type ErrorCode,
} from '../../protocol/index.js';
import { Emitter, type Unsubscribe } from '../emitter.js';
import { RingnityError, destroyedError } from '../errors.js';
import { Lifecycle } from '../lifecycle.js';
import type { AgentSocket, ConnectionState } from '../socket.js';
import { decodeAgentToken, type TokenSource } from '../token.js';
import type { AgentTransport, ResumePoint } from '../transport.js';

/**
 * What tabs say to each other on the agent's BroadcastChannel. `f` is the sender's tab id, `to`
 * the one tab a message is meant for (none: every tab). Only tabs of this origin and browser
 * profile (and storage partition) can post here, and they run this same code, so the shapes are
 * checked only as far as the kind (`k`) and the sender.
 */
type TabMessage = { f: string; to?: string } & (
  | { k: 'hello' | 'leader' | 'bye' }
  | { k: 'auth'; point: ResumePoint; scopes: string[] }
  | { k: 'state'; state: ConnectionState }
  | { k: 'env'; envelope: AnyRealtimeEnvelope }
  | { k: 'req'; id: number; event: string; payload: unknown; token: string; ack: boolean }
  | { k: 'ack'; id: number; result?: unknown; error?: { code: ErrorCode; message: string; status: number } }
  | { k: 'focus'; at: number | null }
  | { k: 'ringer'; tab: string }
);

interface Pending {
  resolve(value: unknown): void;
  reject(error: RingnityError): void;
  timer: ReturnType<typeof setTimeout>;
}

/** Whether this browser can share: Web Locks to elect a leader, BroadcastChannel to talk. */
export function canShareTabs(): boolean {
  return typeof BroadcastChannel === 'function' && typeof document !== 'undefined' && typeof navigator !== 'undefined' && typeof navigator.locks?.request === 'function';
}

/**
 * One realtime connection for every tab of one agent (same API, tenant and agent, same origin and
 * profile). The tab holding the Web Lock is the leader: it owns the socket, posts every envelope
 * it receives on the channel, and sends the other tabs' socket requests, after checking each
 * against the sender's own token. Every tab feeds what it gets into its own `RealtimeSync`, so
 * each keeps its exactly-once, in-order delivery and catches up over REST by itself. When the
 * leader goes away (closed, crashed, frozen, destroyed) the browser hands the lock to the next
 * tab in line, which opens its own socket and resumes from where the server stands.
 */
export class TabShare implements AgentTransport {
  readonly tabId = Math.random().toString(36).slice(2);
  private readonly events = new Emitter<{
    state: [state: ConnectionState, previous: ConnectionState];
    authenticated: [point: ResumePoint];
    envelope: [envelope: AnyRealtimeEnvelope];
    error: [error: RingnityError];
    tabs: [];
  }>();
  private readonly channel: BroadcastChannel;
  private currentState: ConnectionState = 'connecting';
  /** The leader's socket, while this tab leads (or runs alone); its own lifecycle ends it on resign. */
  private socket: { socket: AgentSocket; lifecycle: Lifecycle } | null = null;
  private leaderId: string | null = null;
  /** A follower hands envelopes on only once it has a point to resume from. */
  private synced = false;
  /** Where the leader's stream stands: what a tab that joins late resumes from. */
  private point: ResumePoint | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextRequestId = 0;
  private releaseLock: (() => void) | null = null;
  private lockAbort = new AbortController();
  /** Leader only: the tabs that are visible and focused, with when they became so. */
  private readonly focused = new Map<string, number>();
  private ringer: string | null = null;
  private alone = false;
  private fatal: RingnityError | undefined;

  constructor(
    private readonly name: string,
    private readonly tokens: TokenSource,
    private readonly lifecycle: Lifecycle,
    private readonly makeSocket: (lifecycle: Lifecycle) => AgentSocket,
    private readonly timeoutMs: number,
  ) {
    this.channel = new BroadcastChannel(name);
    this.channel.onmessage = (event: MessageEvent<TabMessage>) => {
      const message = event.data;
      if (message && typeof message.f === 'string' && (message.to === undefined || message.to === this.tabId)) this.receive(message);
    };
    // A tab on a connection of its own rings for itself and must not be picked to ring for the others.
    const onFocus = () => this.alone || this.post({ k: 'focus', at: document.visibilityState === 'visible' && document.hasFocus() ? Date.now() : null });
    const onFreeze = () => this.resign();
    const onResume = () => this.join();
    const onHide = () => this.post({ k: 'bye' });
    const listen = typeof addEventListener === 'function' && typeof document !== 'undefined';
    const windowEvents = [
      ['focus', onFocus],
      ['blur', onFocus],
      ['pagehide', onHide],
    ] as const;
    // A frozen tab runs no code, so it must not keep the connection every tab depends on.
    const documentEvents = [
      ['visibilitychange', onFocus],
      ['freeze', onFreeze],
      ['resume', onResume],
    ] as const;
    if (listen) {
      for (const [type, listener] of windowEvents) addEventListener(type, listener);
      for (const [type, listener] of documentEvents) document.addEventListener(type, listener);
      queueMicrotask(onFocus);
    }
    lifecycle.onDestroy(() => {
      if (listen) {
        for (const [type, listener] of windowEvents) removeEventListener(type, listener);
        for (const [type, listener] of documentEvents) document.removeEventListener(type, listener);
      }
      this.post({ k: 'bye' });
      this.resign();
      this.channel.close();
      this.failPending('DESTROYED', 'The agent was destroyed');
      this.setState('disconnected');
      this.events.clear();
    });
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  /** True while this tab holds the connection. */
  get leader(): boolean {
    return this.socket !== null;
  }

  /** The one tab that plays the ringtone: the last tab to become visible and focused, else the leader. */
  get ringsHere(): boolean {
    return (this.ringer ?? this.leaderId) === this.tabId || this.alone;
  }

  onTabsChange(listener: () => void): Unsubscribe {
    return this.events.on('tabs', listener);
  }

  onStateChange(listener: (state: ConnectionState, previous: ConnectionState) => void): Unsubscribe {
    return this.events.on('state', listener);
  }

  onAuthenticated(listener: (point: ResumePoint) => void): Unsubscribe {
    return this.events.on('authenticated', listener);
  }

  onEnvelope(listener: (envelope: AnyRealtimeEnvelope) => void): Unsubscribe {
    return this.events.on('envelope', listener);
  }

  onError(listener: (error: RingnityError) => void): Unsubscribe {
    return this.events.on('error', listener);
  }

  open(): Promise<void> {
    const opened = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => settle(new RingnityError('NETWORK_ERROR', `No realtime connection, own or shared, within ${this.timeoutMs} ms`)), this.timeoutMs);
      const off = this.onStateChange((state) => {
        if (state === 'connected') settle();
        else if (state === 'disconnected') settle(this.fatal ?? destroyedError());
      });
      const settle = (error?: RingnityError) => {
        clearTimeout(timer);
        off();
        if (error) reject(error);
        else resolve();
      };
    });
    this.join();
    return opened;
  }

  whenConnected(): Promise<void> {
    if (this.lifecycle.destroyed) return Promise.reject(destroyedError());
    if (this.currentState === 'connected') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const off = this.onStateChange((state) => {
        if (state === 'connected' || state === 'disconnected') {
          off();
          if (state === 'connected') resolve();
          else reject(destroyedError());
        }
      });
    });
  }

  sendTyping(request: ChatTypingRequest): boolean {
    if (this.socket) return this.socket.socket.sendTyping(request);
    if (this.currentState !== 'connected') return false;
    this.post({ k: 'req', id: 0, event: AGENT_REQUESTS.typing, payload: request, token: this.tokens.token, ack: false });
    return true;
  }

  async request<T>(event: string, payload: unknown = {}, timeoutMs = this.timeoutMs): Promise<T> {
    if (this.socket) return this.socket.socket.request<T>(event, payload, timeoutMs);
    await this.whenConnected();
    if (this.socket) return (this.socket as { socket: AgentSocket }).socket.request<T>(event, payload, timeoutMs);
    return new Promise<T>((resolve, reject) => {
      const id = ++this.nextRequestId;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RingnityError('NETWORK_ERROR', `The leader tab did not answer ${event} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      this.post({ k: 'req', id, event, payload, token: this.tokens.token, ack: true });
    });
  }

  /** Queues for the lock (becoming leader when granted) and asks the current leader where it stands. */
  private join(): void {
    if (this.lifecycle.destroyed || this.socket || this.releaseLock) return;
    this.lockAbort = new AbortController();
    const signal = this.lockAbort.signal;
    navigator.locks
      .request(this.name, { signal }, () => (this.lifecycle.destroyed ? undefined : this.lead()))
      .catch(() => {
        // Refused rather than given up (a sandboxed or opaque-origin frame gets "The request was
        // denied"): with no lock there is no leader to wait for, so this tab runs on its own.
        if (!signal.aborted && !this.lifecycle.destroyed && !this.socket) {
          this.post({ k: 'bye' });
          void this.lead(false);
        }
      });
    this.post({ k: 'hello' });
  }

  /** Holds the lock and the socket until `resign()`; `relay` is false for a tab that runs alone. */
  private lead(relay = true): Promise<void> {
    this.alone = !relay;
    // A leader that crashed said no goodbye; it cannot ring any more.
    if (this.leaderId) this.focused.delete(this.leaderId);
    this.leaderId = this.tabId;
    this.synced = true;
    this.failPending('NETWORK_ERROR', 'The leader tab went away before it answered');
    if (relay) this.post({ k: 'leader' });
    // Until its own socket is in, what this tab had was the old leader's connection.
    if (this.currentState === 'connected') this.setState('reconnecting');
    const lifecycle = new Lifecycle();
    const socket = this.makeSocket(lifecycle);
    this.socket = { socket, lifecycle };
    socket.onEnvelope((envelope) => {
      if (!envelope.ephemeral && !EPHEMERAL_EVENTS.includes(envelope.type) && this.point && envelope.seq > this.point.lastSeq) this.point.lastSeq = envelope.seq;
      this.events.emit('envelope', envelope);
      if (relay) this.post({ k: 'env', envelope });
    });
    socket.onAuthenticated(({ lastSeq, streamId }) => {
      this.point = { lastSeq, streamId };
      this.events.emit('authenticated', { lastSeq, streamId });
      if (relay) this.post({ k: 'auth', point: this.point, scopes: [...this.tokens.claims.scp] });
    });
    socket.onStateChange((state) => {
      // A socket this tab gave up is being closed on purpose: nothing to tell.
      if (this.socket?.socket !== socket) return;
      if (state !== 'disconnected') {
        this.setState(state);
        if (relay) this.post({ k: 'state', state });
        return;
      }
      if (relay) this.post({ k: 'state', state: 'reconnecting' });
      // Refused for good: the next tab in line tries with its own token; this one stays down,
      // with the error the socket reports right after this state.
      queueMicrotask(() => {
        this.channel.onmessage = null;
        this.resign();
        this.setState('disconnected');
      });
    });
    socket.onError((error) => this.events.emit('error', (this.fatal = error)));
    socket.open().catch(() => {});
    this.setRinger();
    this.events.emit('tabs');
    return new Promise<void>((release) => (this.releaseLock = release));
  }

  /** Gives up the socket and the lock (destroyed or frozen); the next tab in line takes over. */
  private resign(): void {
    this.lockAbort.abort();
    const socket = this.socket;
    this.socket = null;
    socket?.lifecycle.destroy();
    this.releaseLock?.();
    this.releaseLock = null;
    if (this.leaderId === this.tabId) this.leaderId = null;
    this.synced = false;
    if (this.currentState === 'connected') this.setState('reconnecting');
  }

  private receive(message: TabMessage): void {
    const fromLeader = message.f === this.leaderId;
    switch (message.k) {
      case 'hello':
        if (this.socket && this.point && this.currentState === 'connected' && !this.alone) {
          this.post({ k: 'auth', to: message.f, point: this.point, scopes: [...this.tokens.claims.scp] });
          this.post({ k: 'ringer', to: message.f, tab: this.ringer ?? this.tabId });
        }
        break;
      case 'leader':
        this.leaderId = message.f;
        this.synced = false;
        this.failPending('NETWORK_ERROR', 'The leader tab went away before it answered');
        if (this.currentState === 'connected') this.setState('reconnecting');
        break;
      case 'auth':
        if (this.socket) break;
        // A leader whose token reads less than ours would hold back events we may read: run alone.
        if (this.tokens.claims.scp.some((scope) => !message.scopes.includes(scope))) {
          this.lockAbort.abort();
          this.post({ k: 'bye' });
          void this.lead(false);
          break;
        }
        this.leaderId = message.f;
        this.synced = true;
        this.events.emit('authenticated', message.point);
        this.setState('connected');
        break;
      case 'state':
        if (fromLeader && this.synced && !this.socket) this.setState(message.state);
        break;
      case 'env':
        if (fromLeader && this.synced && !this.socket && this.tokens.hasScope(REALTIME_EVENT_SCOPES[message.envelope.type])) this.events.emit('envelope', message.envelope);
        break;
      case 'req':
        if (this.socket && !this.alone) this.relay(message);
        break;
      case 'ack': {
        const pending = this.pending.get(message.id);
        if (!pending) break;
        this.pending.delete(message.id);
        clearTimeout(pending.timer);
        if (message.error) pending.reject(new RingnityError(message.error.code, message.error.message, { status: message.error.status }));
        else pending.resolve(message.result);
        break;
      }
      case 'focus':
      case 'bye':
        if (message.k === 'focus' && message.at !== null) this.focused.set(message.f, message.at);
        else this.focused.delete(message.f);
        if (this.socket) this.setRinger();
        break;
      case 'ringer':
        this.ringer = message.tab;
        this.events.emit('tabs');
        break;
    }
  }

  /** Sends another tab's socket request, if that tab's own token may make it. */
  private relay(message: Extract<TabMessage, { k: 'req' }>): void {
    const answer = (reply: { result?: unknown; error?: { code: ErrorCode; message: string; status: number } }) => {
      if (message.ack) this.post({ k: 'ack', to: message.f, id: message.id, ...reply });
    };
    const refusal = this.refusal(message);
    if (refusal) return answer({ error: { code: refusal.code, message: refusal.message, status: refusal.status } });
    const socket = this.socket!.socket;
    // Typing has no acknowledgement on the wire; the tab hears only that it went out.
    if (message.event === AGENT_REQUESTS.typing) return answer({ result: socket.sendTyping(message.payload as ChatTypingRequest) });
    socket.request(message.event, message.payload).then(
      (result) => answer({ result }),
      (error: RingnityError) => answer({ error: { code: error.code, message: error.message, status: error.status } }),
    );
  }

  /**
   * The server sees the leader's token only, so the sender's is checked here: the same agent and
   * tenant, not expired, and holding the scope the request needs. Its claims are read, not
   * verified (the tab has no key): what posts here runs on this origin, in this profile, and could
   * send with its token to the API directly. The check keeps a tab from reaching past the scopes
   * of its own token, which is what a downgraded or expired token must not be able to do.
   */
  private refusal(message: Extract<TabMessage, { k: 'req' }>): RingnityError | null {
    const scope = RELAYED_REQUEST_SCOPES[message.event];
    if (!scope || !Object.hasOwn(RELAYED_REQUEST_SCOPES, message.event))
      return new RingnityError('AGENT_SDK_INVALID_REQUEST', `${message.event} cannot be sent through another tab`, { field: 'event' });
    let claims;
    try {
      claims = decodeAgentToken(message.token);
    } catch (error) {
      return error as RingnityError;
    }
    const mine = this.tokens.claims;
    if (claims.sub !== mine.sub || claims.tid !== mine.tid || claims.exp * 1000 <= Date.now()) {
      return new RingnityError('AGENT_SDK_TOKEN_INVALID', 'The requesting tab holds no valid token of this agent');
    }
    if (!claims.scp.includes(scope)) return new RingnityError('AGENT_SDK_SCOPE_DENIED', `The requesting tab's token lacks the ${scope} scope`);
    return null;
  }

  private setRinger(): void {
    let ringer = this.tabId;
    let latest = -1;
    for (const [tab, at] of this.focused) {
      if (at > latest) [ringer, latest] = [tab, at];
    }
    if (ringer === this.ringer) return;
    this.ringer = ringer;
    this.post({ k: 'ringer', tab: ringer });
    this.events.emit('tabs');
  }

  private failPending(code: ErrorCode, message: string): void {
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(new RingnityError(code, message));
    }
    this.pending.clear();
  }

  private post(message: { k: TabMessage['k'] } & Record<string, unknown>): void {
    // Every tab keeps the focus list, so that whichever leads next knows it.
    if (message.k === 'focus') this.receive({ ...(message as TabMessage), f: this.tabId });
    try {
      this.channel.postMessage({ ...message, f: this.tabId });
    } catch {
      // Closed (destroyed): nobody is left to tell.
    }
  }

  private setState(state: ConnectionState): void {
    const previous = this.currentState;
    if (previous === state || (previous === 'disconnected' && this.lifecycle.destroyed)) return;
    this.currentState = state;
    this.events.emit('state', state, previous);
  }
}
