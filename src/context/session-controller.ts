import { ContextConsumer, ContextRoot } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RingnityAgent } from '../sdk/agent.js';
import { onPageSessionChange, pageSession } from '../sdk/session/page-session.js';
import type { RingnitySession, SessionState } from '../sdk/session/session.js';
import { sessionContext } from './context.js';

type Host = ReactiveControllerHost & HTMLElement;

/** Work an element does with a connected agent (subscriptions, first load); the returned function undoes it. */
type AgentBinding = (agent: RingnityAgent, session: RingnitySession) => void | (() => void);

export interface SessionControllerOptions {
  bind?: AgentBinding;
}

/** Where the host found its session, for diagnostics and tests. */
export type SessionSource = 'property' | 'provider' | 'page' | 'none';

/**
 * Lets an element follow the shared session. The session comes from, in order:
 * 1. one handed to the element directly (`controller.session = s`), as tests do;
 * 2. the nearest `<ringnity-session>` ancestor, through `@lit/context`;
 * 3. the page-level session, for elements scattered outside any provider.
 *
 * The host re-renders on every session change, and `bind` runs once per agent while the host is
 * connected, so an element's realtime subscriptions never outlive the agent they were made on.
 */
export class SessionController implements ReactiveController {
  private explicitSession: RingnitySession | undefined;
  private providedSession: RingnitySession | undefined;
  private followed: RingnitySession | undefined;
  private unfollow: () => void = () => {};
  private unwatchPage: () => void = () => {};
  private boundAgent: RingnityAgent | null = null;
  private unbind: () => void = () => {};
  private connected = false;

  constructor(
    private readonly host: Host,
    private readonly options: SessionControllerOptions = {},
  ) {
    ensureContextRoot();
    // subscribe: true, so that a provider that shows up later (ContextRoot replays the request) still reaches us.
    new ContextConsumer(host, {
      context: sessionContext,
      subscribe: true,
      callback: (session) => {
        this.providedSession = session ?? undefined;
        this.sync();
      },
    });
    host.addController(this);
  }

  /** The session in use, wherever it came from. */
  get session(): RingnitySession | undefined {
    return this.explicitSession ?? this.providedSession ?? pageSession();
  }

  /** Hands the host a session directly; it wins over providers. `undefined` goes back to searching. */
  set session(session: RingnitySession | undefined) {
    this.explicitSession = session;
    this.sync();
  }

  get source(): SessionSource {
    if (this.explicitSession) return 'property';
    if (this.providedSession) return 'provider';
    return pageSession() ? 'page' : 'none';
  }

  /** `missing` when no session could be found at all. */
  get state(): SessionState | 'missing' {
    return this.session?.state ?? 'missing';
  }

  /** The usable agent, or null while there is none. */
  get agent(): RingnityAgent | null {
    return this.session?.agent ?? null;
  }

  hostConnected(): void {
    this.connected = true;
    this.unwatchPage = onPageSessionChange(() => this.sync());
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.unwatchPage();
    this.unwatchPage = () => {};
    this.unfollow();
    this.unfollow = () => {};
    this.followed = undefined;
    this.rebind(null);
  }

  private sync(): void {
    if (!this.connected) return;
    const session = this.session;
    if (session !== this.followed) {
      this.unfollow();
      this.followed = session;
      this.unfollow = session?.subscribe(() => this.onSessionChange()) ?? (() => {});
    }
    this.onSessionChange();
  }

  private onSessionChange(): void {
    const session = this.followed;
    this.rebind(session?.agent ?? null);
    this.host.requestUpdate();
  }

  private rebind(agent: RingnityAgent | null): void {
    if (agent === this.boundAgent) return;
    this.unbind();
    this.unbind = () => {};
    this.boundAgent = agent;
    if (agent && this.followed && this.options.bind) {
      const cleanup = this.options.bind(agent, this.followed);
      if (typeof cleanup === 'function') this.unbind = cleanup;
    }
  }
}

const ROOT_KEY = Symbol.for('@ringnity/agent-sdk/context-root');

/**
 * One ContextRoot per document holds on to requests no provider answered yet, and replays them
 * when a `<ringnity-session>` connects later (e.g. its definition loaded after the inbox's).
 */
function ensureContextRoot(): void {
  if (typeof document === 'undefined') return;
  const holder = document as unknown as Record<symbol, boolean | undefined>;
  if (holder[ROOT_KEY]) return;
  holder[ROOT_KEY] = true;
  new ContextRoot().attach(document as unknown as HTMLElement);
}
