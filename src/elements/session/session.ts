import { ContextProvider } from '@lit/context';
import { nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { RingnityError, type RingnityAgent, type RingnityAgentInit, type TokenResult } from '../../index.js';
import { sessionContext } from '../../context/context.js';
import { providePageSession } from '../../sdk/session/page-session.js';
import { RingnitySession } from '../../sdk/session/session.js';
import { assetsUrlFromMarkup } from '../shared/element-config.js';
import { COMMON_LABELS, type CommonLabels } from '../shared/labels.js';
import { RingnityElement } from '../shared/ringnity-element.js';

/** Properties that change who signs in, or where: any of them starts a new sign-in. */
const CREDENTIAL_PROPERTIES = ['token', 'getToken', 'tokenEndpoint', 'tokenRequest', 'apiBaseUrl', 'socketUrl'] as const;

/**
 * Signs one agent in and shares that session with every Ringnity element inside it, or with
 * every element on the page when it has the `page` attribute. It renders nothing of its own and
 * has no shadow root: its children show as they are, and it gets `display: contents` unless its
 * `style` sets a display.
 *
 * The token comes from, in order: the `getToken` property, a POST to `token-endpoint` (which
 * answers `{ token }`), or the `token` property. With `getToken` or `token-endpoint` the token
 * is refreshed before it expires.
 *
 * @slot - The elements (or any markup) that share this session.
 * Events: the rows of `ELEMENT_EVENTS` (src/protocol/element-events.ts) sent from `<ringnity-session>`; the
 * manifest lists them.
 */
export class RingnitySessionElement extends RingnityElement<CommonLabels> {
  static override readonly tag = 'ringnity-session';

  /** URL on the CRM's own backend that answers a POST with `{ token }`. */
  @property({ attribute: 'token-endpoint' }) tokenEndpoint: string | undefined;

  /** JSON body sent to `token-endpoint`, e.g. `{ userId }`. */
  // Compared as the JSON it sends: a framework that passes a new but equal object on every render
  // (React's `tokenRequest={{ userId }}`) must not sign the agent in again each time.
  @property({ attribute: false, hasChanged: (value: unknown, old: unknown) => JSON.stringify(value) !== JSON.stringify(old) }) tokenRequest: unknown = {};

  /** Where the Ringnity API lives; relative URLs resolve against the page. Defaults to the Ringnity cloud. */
  @property({ attribute: 'api-base-url' }) apiBaseUrl: string | undefined;

  /** Where the realtime socket connects; defaults to the origin of the API. */
  @property({ attribute: 'socket-url' }) socketUrl: string | undefined;

  /** An agent token minted by your backend. It cannot be refreshed: prefer `token-endpoint` or `getToken`. */
  @property({ attribute: false }) token: string | undefined;

  /** Called whenever a fresh token is needed; answers the token or `{ token }`. */
  @property({ attribute: false }) getToken: (() => TokenResult | Promise<TokenResult>) | undefined;

  /** Share this session with elements anywhere on the page, not only those inside. */
  @property({ type: Boolean, reflect: true }) page = false;

  protected readonly defaultLabels = COMMON_LABELS;

  /** The one session object this element provides for its whole life. */
  readonly agentSession = new RingnitySession();

  private unregisterPage: (() => void) | undefined;
  private pendingClose: ReturnType<typeof setTimeout> | undefined;
  private readyFor: RingnityAgent | null = null;
  private lastState = this.agentSession.state;

  constructor() {
    super();
    new ContextProvider(this, { context: sessionContext, initialValue: this.agentSession });
    super.session = this.agentSession;
    this.agentSession.subscribe((session) => this.onSessionChange(session));
    this.agentSession.onError((error) => this.emit('ringnity-error', { error, action: 'session' }));
  }

  /** The element always shows and provides its own session. */
  override get session(): RingnitySession {
    return this.agentSession;
  }
  override set session(_session: RingnitySession | undefined) {
    console.warn('[ringnity] <ringnity-session> provides its own session; set token, getToken or token-endpoint instead.');
  }

  /** The signed-in agent, once connected. */
  override get agent(): RingnityAgent | null {
    return this.agentSession.agent;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The box a shadow root's `:host { display: contents }` gave it, unless the page set another.
    this.style.display ||= 'contents';
    // Moving the element within the page disconnects and reconnects it: keep the session then.
    clearTimeout(this.pendingClose);
    this.pendingClose = undefined;
    this.syncPageRegistration();
    assetsUrlFromMarkup(this.dataset['assetsUrl']);
    if (this.agentSession.state === 'closed' || this.agentSession.state === 'idle') this.signIn();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unregisterPage?.();
    this.unregisterPage = undefined;
    this.pendingClose = setTimeout(() => this.agentSession.close());
  }

  /** Signs in again with the current credentials. */
  retry(): Promise<RingnityAgent> {
    return this.agentSession.retry();
  }

  // Before rendering, not after: signing in changes the session's state at once, and a change
  // after an update would schedule another one (Lit's development build warns about it).
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('page')) this.syncPageRegistration();
    const credentialsChanged = CREDENTIAL_PROPERTIES.some((name) => changed.has(name) && changed.get(name) !== undefined);
    if (credentialsChanged) this.signIn();
    else if (this.agentSession.state === 'idle') this.signIn();
  }

  protected override readonly drawsTemplates = false;

  /**
   * No shadow root: what the element holds stays in the page's own tree and shows as it is, with
   * no <slot> to pass it through (Salesforce's HTML sanitizer removes <slot>). Lit renders the
   * element's empty template into a fragment that never joins the page.
   */
  protected override createRenderRoot(): DocumentFragment {
    return document.createDocumentFragment();
  }

  protected override render(): typeof nothing {
    return nothing;
  }

  private signIn(): void {
    if (!this.isConnected) return;
    const init = this.agentInit();
    if (!init) return;
    // Failures reach the page as ringnity-error through the session's onError.
    this.agentSession.connect(init).catch(() => {});
  }

  private agentInit(): RingnityAgentInit | null {
    const options = {
      ...(this.apiBaseUrl ? { apiBaseUrl: absoluteUrl(this.apiBaseUrl) } : {}),
      ...(this.socketUrl ? { socketUrl: absoluteUrl(this.socketUrl) } : {}),
    };
    if (this.getToken) return { getToken: this.getToken, ...options };
    if (this.tokenEndpoint) {
      const endpoint = absoluteUrl(this.tokenEndpoint);
      return { getToken: () => fetchToken(endpoint, this.tokenRequest), ...options };
    }
    if (this.token) return { token: this.token, ...options };
    return null;
  }

  private syncPageRegistration(): void {
    if (this.page && this.isConnected && !this.unregisterPage) {
      this.unregisterPage = providePageSession(this.agentSession);
    } else if (!this.page && this.unregisterPage) {
      this.unregisterPage();
      this.unregisterPage = undefined;
    }
  }

  private onSessionChange(session: RingnitySession): void {
    if (session.state !== this.lastState) {
      this.lastState = session.state;
      this.emit('ringnity-connection-change', { state: session.state });
    }
    const agent = session.agent;
    if (agent && session.state === 'connected' && this.readyFor !== agent) {
      this.readyFor = agent;
      this.emit('ringnity-ready', { agentId: agent.id });
    }
  }
}

/** POSTs to the CRM's token route, as the guide's flow does, and reads `{ token }`. */
async function fetchToken(endpoint: string, body: unknown): Promise<string> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body ?? {}),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    throw new RingnityError('TOKEN_UNAVAILABLE', `could not reach ${endpoint}`, { cause: error });
  }
  if (!response.ok) {
    throw new RingnityError('TOKEN_UNAVAILABLE', `${endpoint} answered HTTP ${response.status}`, { status: response.status });
  }
  const data = (await response.json().catch(() => null)) as { token?: unknown } | null;
  if (!data || typeof data.token !== 'string' || !data.token) {
    throw new RingnityError('TOKEN_UNAVAILABLE', `${endpoint} answered without a token`);
  }
  return data.token;
}

function absoluteUrl(url: string): string {
  return new URL(url, document.baseURI).href.replace(/\/+$/, '');
}
