import { executeServerCommand } from '@web/test-runner-commands';
import { AGENT_SCOPES, RingnityAgent, RingnitySession, type AgentScope, type Message, type VisitorSession } from '../../../src/index.js';
import { emulatorUrl, mintAgentToken } from '../helpers/emulator.js';
import { waitFor } from '../helpers/wait.js';

export { emulatorUrl };

/** A `getToken` that plays the CRM backend for one agent. */
export function tokenGetter(username: string, scopes: readonly AgentScope[] = AGENT_SCOPES): () => Promise<string> {
  return async () => (await mintAgentToken(username, { scopes })).token;
}

/** A signed-in agent driven by the test itself (another tab, another agent). */
export async function testAgent(username: string, scopes: readonly AgentScope[] = AGENT_SCOPES): Promise<RingnityAgent> {
  return RingnityAgent.create({ getToken: tokenGetter(username, scopes), apiBaseUrl: emulatorUrl });
}

/** A session handed to an element directly, as a test without a provider does. */
export async function testSession(username: string, scopes: readonly AgentScope[] = AGENT_SCOPES): Promise<RingnitySession> {
  const session = new RingnitySession();
  await session.connect({ getToken: tokenGetter(username, scopes), apiBaseUrl: emulatorUrl });
  return session;
}

/** Authenticated agent sockets the emulator holds right now. */
export async function agentSocketCount(): Promise<number> {
  return (await executeServerCommand<number, undefined>('emulator-agent-socket-count')) ?? 0;
}

/**
 * The socket count once it stops moving: sessions of an earlier test close a moment after their
 * elements leave the page, and new ones authenticate a moment after they arrive.
 */
export async function settledSocketCount(): Promise<number> {
  let last = await agentSocketCount();
  for (let same = 0; same < 4;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = await agentSocketCount();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}

/** The thread as the customer's browser fetches it. */
export async function visitorThread(session: VisitorSession): Promise<Message[]> {
  const response = await fetch(`${emulatorUrl}/api/visitor/conversations/${session.conversationId}/messages`, {
    headers: { Authorization: `Bearer ${session.visitorToken}` },
  });
  if (!response.ok) throw new Error(`visitor thread answered ${response.status}`);
  return ((await response.json()) as { messages: Message[] }).messages;
}

/** The shadow root of an element, typed for querying. */
export function shadow(element: Element): ShadowRoot {
  const root = element.shadowRoot;
  if (!root) throw new Error(`${element.localName} has no shadow root`);
  return root;
}

export function queryShadow<T extends Element = HTMLElement>(element: Element, selector: string): T | null {
  return shadow(element).querySelector<T>(selector);
}

export function queryAllShadow<T extends Element = HTMLElement>(element: Element, selector: string): T[] {
  return [...shadow(element).querySelectorAll<T>(selector)];
}

/** Waits until a shadow element matching `selector` exists (and `check` holds for it). */
export function waitForShadow<T extends Element = HTMLElement>(element: Element, selector: string, check: (el: T) => boolean = () => true, what = selector): Promise<T> {
  return waitFor(() => {
    const found = queryShadow<T>(element, selector);
    return found && check(found) ? found : null;
  }, what);
}

/** Collects `ringnity-*` events of one name that reach the document. */
export function recordEvents<K extends keyof HTMLElementEventMap>(name: K): { events: HTMLElementEventMap[K][]; stop(): void } {
  const events: HTMLElementEventMap[K][] = [];
  const listener = (event: Event) => events.push(event as HTMLElementEventMap[K]);
  document.addEventListener(name, listener);
  return { events, stop: () => document.removeEventListener(name, listener) };
}

/** Row of a conversation in an inbox, once it is rendered. */
export function rowOf(inbox: Element, customerName: string): HTMLElement | null {
  return queryAllShadow(inbox, '[role="option"]').find((row) => row.querySelector('.row-customer')?.textContent === customerName) ?? null;
}

/** Scopes minus some, for scope-limited tokens. */
export function scopesWithout(...removed: AgentScope[]): AgentScope[] {
  return AGENT_SCOPES.filter((scope) => !removed.includes(scope));
}

export function uniqueName(prefix: string): string {
  return `${prefix} ${Math.random().toString(36).slice(2, 8)}`;
}

/** A customer's live connection, as the customer page opens it. */
export async function visitorSocket(visitor: VisitorSession): Promise<{
  received: Array<{ name: string; data: { message?: Message } }>;
  typing(is: boolean): void;
  close(): void;
}> {
  const { io } = await import('socket.io-client');
  const socket = io(emulatorUrl, { transports: ['websocket'], forceNew: true });
  const received: Array<{ name: string; data: { message?: Message } }> = [];
  socket.onAny((name: string, data: { message?: Message }) => received.push({ name, data }));
  await new Promise<void>((resolve, reject) => {
    socket.emit('visitor.connect', { token: visitor.visitorToken }, (err: unknown) => (err ? reject(new Error(JSON.stringify(err))) : resolve()));
  });
  return {
    received,
    typing: (is) => void socket.emit('visitor.typing', { is }),
    close: () => void socket.close(),
  };
}

/** The server sets an agent's presence itself (in_call while a call runs). */
export async function serverSetsPresence(agentId: string, status: 'online' | 'busy' | 'offline' | 'in_call'): Promise<void> {
  await executeServerCommand<string, { agentId: string; status: string }>('emulator-set-presence', { agentId, status });
}
