import { REALTIME_EVENT_SCOPES, type AgentScope, type RealtimeEventName, type Role } from '../protocol/index.js';
import { CallsApi, type CallsOptions } from './calls/index.js';
import { ConversationsApi } from './conversations.js';
import { Emitter, type Unsubscribe } from './emitter.js';
import type { RingnityError } from './errors.js';
import { Lifecycle } from './lifecycle.js';
import { MediaApi } from './media.js';
import { PresenceApi } from './presence.js';
import { DirectoryApi, ProfileApi } from './profile.js';
import { RealtimeSync, type RealtimeListener } from './realtime.js';
import { agentDefaults, resolveApiBaseUrl, type AgentDefaults } from './defaults.js';
import { RestClient } from './rest.js';
import { AgentSocket, type ConnectionState } from './socket.js';
import { TabShare, canShareTabs } from './tabs/tab-share.js';
import { TokenSource, type TokenInit } from './token.js';
import type { AgentTransport } from './transport.js';
import { SDK_VERSION } from './version.js';

export interface RingnityAgentOptions {
  /**
   * Where the REST API lives. Defaults to `RingnityAgent.defaults.apiBaseUrl`, then to a
   * `<meta name="ringnity-api-base-url">` in the page, then to https://api.ringnity.com.
   */
  apiBaseUrl?: string;
  /** Where the socket connects. Defaults to the origin of `apiBaseUrl`. */
  socketUrl?: string;
  /** Identifies your build in `agent.connect`. */
  bundleVersion?: string;
  /** How long `create` waits for the first authenticated connection. Default 10000. */
  connectTimeoutMs?: number;
  /**
   * How long one REST request may go unanswered before it fails with NETWORK_ERROR (replies and
   * the catch-up then try again). Default 20000.
   */
  requestTimeoutMs?: number;
  /** Call settings: `iceServers` (empty by default) and timeouts. */
  calls?: CallsOptions;
  /**
   * Share one realtime connection with this agent's other tabs of the same origin (README, "One
   * agent, many tabs"). Default true; false gives this tab a connection of its own.
   */
  shareAcrossTabs?: boolean;
}

export type RingnityAgentInit = TokenInit & RingnityAgentOptions;

/** `agent.connection`: the realtime connection's state, for an online/offline indicator. */
export interface ConnectionStatus {
  readonly state: ConnectionState;
  onChange(listener: (state: ConnectionState, previous: ConnectionState) => void): Unsubscribe;
}

/** `agent.tabs`: how this tab shares the agent's connection with the agent's other tabs. */
export interface TabsStatus {
  /** True when this tab takes part in sharing (it may still be the only tab). */
  readonly shared: boolean;
  /** True while this tab holds the connection: always, when it does not share. */
  readonly leader: boolean;
  /** Whether a ringing call's ringtone belongs to this tab: the focused tab's, else the leader's. */
  readonly ringsHere: boolean;
  onChange(listener: () => void): Unsubscribe;
}

/** Events `agent.on` accepts besides the realtime ones. */
export interface AgentLifecycleEvents {
  /**
   * Events may have been lost for good: the server restarted (its `streamId` changed), its log
   * expired, or its catch-up stopped making progress. Reload what you show.
   */
  resync: () => void;
  /** A background failure with no caller to reject: token refresh, catch-up, socket refusal. */
  error: (error: RingnityError) => void;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 20_000;

/**
 * One signed-in agent: REST calls, the realtime connection and the token that authorises both.
 * Build it with `RingnityAgent.create`; call `destroy()` when the workspace goes away.
 */
export class RingnityAgent {
  readonly profile: ProfileApi;
  readonly directory: DirectoryApi;
  readonly presence: PresenceApi;
  readonly conversations: ConversationsApi;
  readonly media: MediaApi;
  /** Voice and video calls; the call code loads on the first `goOnline()`. */
  readonly calls: CallsApi;
  readonly connection: ConnectionStatus;
  readonly tabs: TabsStatus;

  /** Page-wide fallbacks for the options of `create`; see `AgentDefaults`. */
  static readonly defaults: AgentDefaults = agentDefaults;

  private readonly errors = new Emitter<{ error: [error: RingnityError] }>();

  private constructor(
    private readonly tokens: TokenSource,
    private readonly socket: AgentTransport,
    private readonly realtime: RealtimeSync,
    private readonly lifecycle: Lifecycle,
    rest: RestClient,
    callsOptions?: CallsOptions,
  ) {
    this.profile = new ProfileApi(rest);
    this.directory = new DirectoryApi(rest);
    this.presence = new PresenceApi(rest, realtime, tokens.claims.sub);
    this.conversations = new ConversationsApi(rest, socket, realtime, lifecycle, tokens.claims.sub);
    this.media = new MediaApi(rest);
    this.calls = new CallsApi({
      agentId: tokens.claims.sub,
      socket,
      realtime,
      lifecycle,
      hasCallScopes: () => tokens.hasScope('agent:calls:read') && tokens.hasScope('agent:calls:write'),
      ...(callsOptions ? { options: callsOptions } : {}),
    });
    this.connection = {
      get state() {
        return socket.state;
      },
      onChange: (listener) => socket.onStateChange(listener),
    };
    const share = socket instanceof TabShare ? socket : null;
    this.tabs = {
      shared: share !== null,
      get leader() {
        return share?.leader ?? true;
      },
      get ringsHere() {
        return share?.ringsHere ?? true;
      },
      onChange: (listener) => share?.onTabsChange(listener) ?? (() => {}),
    };
    const forwardError = (error: RingnityError) => this.errors.emit('error', error);
    tokens.onError(forwardError);
    socket.onError(forwardError);
    lifecycle.onDestroy(() => this.errors.clear());
  }

  /**
   * Signs the agent in and resolves once the realtime connection is authenticated. Rejects with a
   * RingnityError when the token is refused or the connection does not come up in time.
   */
  static async create(init: RingnityAgentInit): Promise<RingnityAgent> {
    if (!init || typeof init !== 'object') throw new TypeError('RingnityAgent.create needs { token } or { getToken }');
    const apiBaseUrl = resolveApiBaseUrl(init.apiBaseUrl);
    // A path in a socket.io URL would name a namespace, so the default keeps only the origin.
    const socketUrl = init.socketUrl ?? agentDefaults.socketUrl ?? new URL(apiBaseUrl, globalThis.location?.href).origin;
    const connectTimeoutMs = init.connectTimeoutMs ?? agentDefaults.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const bundleVersion = init.bundleVersion ?? agentDefaults.bundleVersion ?? `@ringnity/agent-sdk/${SDK_VERSION}`;

    const lifecycle = new Lifecycle();
    try {
      const tokens = await TokenSource.create(init, lifecycle);
      const rest = new RestClient(apiBaseUrl, tokens, lifecycle, init.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
      const makeSocket = (owner: Lifecycle) => new AgentSocket({ url: socketUrl, bundleVersion, connectTimeoutMs }, tokens, owner);
      const { sub, tid } = tokens.claims;
      // Origin and profile partition the lock and the channel by themselves; the name adds who and where.
      const socket: AgentTransport =
        init.shareAcrossTabs !== false && (agentDefaults.shareAcrossTabs ?? true) && canShareTabs()
          ? new TabShare(`ringnity-agent ${apiBaseUrl} ${tid} ${sub}`, tokens, lifecycle, makeSocket, connectTimeoutMs)
          : makeSocket(lifecycle);
      let agent: RingnityAgent | undefined;
      const realtime = new RealtimeSync(
        (after) => rest.call('events', { query: { after } }),
        lifecycle,
        (error) => agent?.errors.emit('error', error),
      );
      socket.onEnvelope((envelope) => realtime.receive(envelope));
      socket.onAuthenticated((reply) => realtime.resume(reply.lastSeq, reply.streamId));
      agent = new RingnityAgent(tokens, socket, realtime, lifecycle, rest, init.calls);
      // Side by side: the list does not wait for the socket, nor the socket for the list.
      agent.conversations.prefetchFirstPage();
      await socket.open();
      return agent;
    } catch (error) {
      lifecycle.destroy();
      throw error;
    }
  }

  /** The agent id (`agt_…`). */
  get id(): string {
    return this.tokens.claims.sub;
  }

  get username(): string {
    return this.tokens.claims.usr;
  }

  get tenant(): { id: string; key: string } {
    const { tid, tkey } = this.tokens.claims;
    return { id: tid, key: tkey };
  }

  get role(): Role {
    return this.tokens.claims.role;
  }

  get departmentId(): string | null {
    return this.tokens.claims.dep;
  }

  get scopes(): readonly AgentScope[] {
    return [...this.tokens.claims.scp];
  }

  hasScope(scope: AgentScope): boolean {
    return this.tokens.hasScope(scope);
  }

  /** Whether this token may receive a realtime event: the server sends none its scopes cannot read. */
  canReceive(eventName: RealtimeEventName): boolean {
    return this.tokens.hasScope(REALTIME_EVENT_SCOPES[eventName]);
  }

  get destroyed(): boolean {
    return this.lifecycle.destroyed;
  }

  /** Subscribes to a realtime event (delivered once, in order) or to `resync` / `error`. */
  on<N extends RealtimeEventName>(eventName: N, listener: RealtimeListener<N>): Unsubscribe;
  on<N extends keyof AgentLifecycleEvents>(eventName: N, listener: AgentLifecycleEvents[N]): Unsubscribe;
  on(eventName: RealtimeEventName | keyof AgentLifecycleEvents, listener: (...args: never[]) => void): Unsubscribe {
    if (this.lifecycle.destroyed) return () => {};
    if (eventName === 'error') return this.errors.on('error', listener as AgentLifecycleEvents['error']);
    if (eventName === 'resync') return this.realtime.onResync(listener as AgentLifecycleEvents['resync']);
    return this.realtime.on(eventName, listener as RealtimeListener<typeof eventName>);
  }

  /** Closes the connection and stops every timer; later calls reject with DESTROYED. */
  destroy(): void {
    this.lifecycle.destroy();
  }
}
