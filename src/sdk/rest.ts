import {
  ENDPOINTS,
  codeOfHttpStatus,
  routePath,
  type AttachmentDeletion,
  type Conversation,
  type ConversationPage,
  type Directory,
  type EventsPage,
  type Message,
  type MessagePage,
  type Presence,
  type Profile,
  type RouteName,
} from '../protocol/index.js';
import { RingnityError, destroyedError, errorFromBody, isRingnityError } from './errors.js';
import type { Lifecycle } from './lifecycle.js';
import type { TokenSource } from './token.js';

/** What each agent route answers on success. */
export interface AgentRouteResults {
  profile: Profile;
  directory: Directory;
  getPresence: Presence;
  setPresence: Presence;
  listConversations: ConversationPage;
  getConversation: Conversation;
  listMessages: MessagePage;
  reply: Message;
  markRead: Conversation;
  accept: Conversation;
  assign: Conversation;
  transfer: Conversation;
  close: Conversation;
  deleteAttachment: AttachmentDeletion;
  events: EventsPage;
}
export type AgentRouteName = keyof AgentRouteResults & RouteName;

export interface RestRequest {
  params?: Record<string, string>;
  /** Undefined and null values are left out of the query string. */
  query?: Record<string, string | number | boolean | null | undefined>;
  body?: unknown;
  /** Aborts this request only; it then rejects with ABORTED. Destroying the agent aborts every request. */
  signal?: AbortSignal;
}

/** Calls the agent REST API with the current token, using the paths and scopes `protocol/` fixes. */
export class RestClient {
  private readonly baseUrl: string;

  constructor(
    apiBaseUrl: string,
    private readonly tokens: TokenSource,
    private readonly lifecycle: Lifecycle,
    private readonly timeoutMs = 20_000,
  ) {
    this.baseUrl = apiBaseUrl.replace(/\/+$/, '');
  }

  /**
   * Throws DESTROYED or AGENT_SDK_SCOPE_DENIED synchronously, so that a call the token cannot make
   * costs no round trip and reveals nothing to the network.
   */
  assertAllowed(route: AgentRouteName): void {
    this.lifecycle.assertAlive();
    const scope = (ENDPOINTS[route] as { scope?: Parameters<TokenSource['hasScope']>[0] }).scope;
    if (scope && !this.tokens.hasScope(scope)) {
      throw new RingnityError('AGENT_SDK_SCOPE_DENIED', `This agent token lacks the ${scope} scope`, { status: 403 });
    }
  }

  async call<R extends AgentRouteName>(route: R, request: RestRequest = {}): Promise<AgentRouteResults[R]> {
    this.assertAllowed(route);
    if (request.signal?.aborted) throw new RingnityError('ABORTED', 'The request was aborted before it was sent');
    const tokenUsed = this.tokens.token;
    try {
      return await this.send(route, request, tokenUsed);
    } catch (error) {
      // One refresh and one retry: enough for a token that expired in between, without looping
      // on a token the server rejects for good.
      if (!isRingnityError(error, 'AGENT_SDK_TOKEN_INVALID') || !this.tokens.canRefresh) throw error;
      const freshToken = this.tokens.token !== tokenUsed ? this.tokens.token : await this.tokens.refresh();
      return await this.send(route, request, freshToken);
    }
  }

  private async send<R extends AgentRouteName>(route: R, request: RestRequest, token: string): Promise<AgentRouteResults[R]> {
    this.lifecycle.assertAlive();
    const spec = ENDPOINTS[route];
    const url = this.baseUrl + routePath(route, request.params) + queryString(request.query);
    const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${token}` };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';

    let response: Response;
    let text: string;
    // A connection the network dropped without a close (a Wi-Fi change, a NAT that forgot it) is
    // still reused for requests, which would then wait for the OS to give up, minutes later.
    const abort = new AbortController();
    const stopOnDestroy = this.lifecycle.onDestroy(() => abort.abort());
    const deadline = setTimeout(() => abort.abort(), this.timeoutMs);
    // The caller's own signal (a store that lost its last listener) cancels the request too.
    if (request.signal?.aborted) abort.abort();
    request.signal?.addEventListener('abort', () => abort.abort(), { once: true });
    try {
      // Looked up on every call rather than captured once, so page-level fetch instrumentation applies.
      response = await globalThis.fetch(url, {
        method: spec.method,
        headers,
        body: request.body === undefined ? null : JSON.stringify(request.body),
        credentials: 'omit',
        cache: 'no-store',
        signal: abort.signal,
      });
      text = await response.text();
    } catch (error) {
      if (this.lifecycle.destroyed) throw destroyedError();
      if (request.signal?.aborted) throw new RingnityError('ABORTED', `The request was aborted (${spec.method} ${spec.path})`, { cause: error });
      const message = abort.signal.aborted
        ? `Ringnity did not answer ${spec.method} ${spec.path} within ${this.timeoutMs} ms`
        : `Could not reach Ringnity (${spec.method} ${spec.path})`;
      throw new RingnityError('NETWORK_ERROR', message, { cause: error });
    } finally {
      clearTimeout(deadline);
      stopOnDestroy();
    }

    const data = parseJson(text);
    if (response.ok) {
      if (data === undefined) {
        throw new RingnityError('INTERNAL_ERROR', `Ringnity answered ${spec.method} ${spec.path} with a body that is not JSON`, { status: response.status });
      }
      return data as AgentRouteResults[R];
    }
    throw (
      errorFromBody(data, response.status) ??
      new RingnityError(codeOfHttpStatus(response.status), `Ringnity answered HTTP ${response.status} to ${spec.method} ${spec.path}`, { status: response.status })
    );
  }
}

/** Aborts when either does; AbortSignal.any is missing from some browsers the SDK supports. */
function queryString(query: RestRequest['query']): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) search.set(key, String(value));
  }
  const encoded = search.toString();
  return encoded ? `?${encoded}` : '';
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
