import { BRIDGE_COMMANDS, BRIDGE_SOURCE, BRIDGE_VERSION, isBridgeMessage, toPlainData, type BridgeCommand, type BridgeMessage } from './messages.js';

export type BridgeCommandHandlers = Partial<Record<BridgeCommand, (args: Record<string, unknown>) => Promise<unknown> | unknown>>;

export interface FrameBridgeOptions {
  /** Exact origins of CRM pages allowed to host this panel, e.g. `https://crm.example.com`. Never `*`. */
  allowedOrigins: readonly string[];
  /** Names of the DOM events to mirror to the host. */
  events: readonly string[];
  commands: BridgeCommandHandlers;
  /** Where the elements' events bubble to. */
  root?: EventTarget;
  /** The hosting window; `window.parent` by default. */
  host?: Window;
  /** The origin of the hosting page, when the browser does not tell it. */
  hostOrigin?: string;
}

export interface FrameBridge {
  /** The host origin events go to, or null when the panel is not hosted by an allowed origin. */
  readonly hostOrigin: string | null;
  stop(): void;
}

/**
 * Runs inside the panel iframe: mirrors `ringnity-*` events to the hosting page and carries out
 * the page's commands. Both directions use one exact origin, checked against the allow list,
 * and commands must come from the hosting window itself.
 */
export function startFrameBridge(options: FrameBridgeOptions): FrameBridge {
  for (const origin of options.allowedOrigins) {
    if (origin === '*' || !/^https?:\/\/[^/]+$/.test(origin)) throw new Error(`Ringnity bridge: "${origin}" is not an exact origin`);
  }
  const host = options.host ?? window.parent;
  const root = options.root ?? document;
  const hostOrigin = resolveHostOrigin(options);
  const post = (message: BridgeMessage) => {
    if (hostOrigin && host !== window) host.postMessage(message, hostOrigin);
  };

  const forward = (event: Event) => {
    post({ source: BRIDGE_SOURCE, version: BRIDGE_VERSION, kind: 'event', name: event.type, detail: toPlainData((event as CustomEvent).detail) });
  };
  for (const name of options.events) root.addEventListener(name, forward);

  const onMessage = async (event: MessageEvent) => {
    if (!hostOrigin || event.origin !== hostOrigin || event.source !== host) return;
    const message = event.data;
    if (!isBridgeMessage(message) || message.kind !== 'command' || typeof message.id !== 'string') return;
    const reply = (ok: boolean, payload: { result?: unknown; error?: { code: string; message: string } }) =>
      post({ source: BRIDGE_SOURCE, version: BRIDGE_VERSION, kind: 'result', id: message.id, ok, ...payload });
    const handler = (BRIDGE_COMMANDS as readonly string[]).includes(message.command) ? options.commands[message.command] : undefined;
    if (!handler) return reply(false, { error: { code: 'BRIDGE_UNKNOWN_COMMAND', message: `Unknown command ${String(message.command)}` } });
    try {
      const args = message.args && typeof message.args === 'object' ? message.args : {};
      reply(true, { result: toPlainData(await handler(args)) });
    } catch (error) {
      const e = error as { code?: string; message?: string };
      reply(false, { error: { code: e.code ?? 'BRIDGE_COMMAND_FAILED', message: e.message ?? String(error) } });
    }
  };
  window.addEventListener('message', onMessage);
  post({ source: BRIDGE_SOURCE, version: BRIDGE_VERSION, kind: 'ready' });

  return {
    hostOrigin,
    stop() {
      window.removeEventListener('message', onMessage);
      for (const name of options.events) root.removeEventListener(name, forward);
    },
  };
}

/** The hosting page's origin, as the browser reports it, if it is on the allow list. */
function resolveHostOrigin(options: FrameBridgeOptions): string | null {
  const reported =
    options.hostOrigin ??
    (typeof location !== 'undefined' && location.ancestorOrigins?.length ? location.ancestorOrigins[0] : undefined) ??
    (typeof document !== 'undefined' && document.referrer ? new URL(document.referrer).origin : undefined);
  if (reported && options.allowedOrigins.includes(reported)) return reported;
  // Without a reported origin (a no-referrer policy outside Chromium), one allowed origin is still
  // safe to use: postMessage delivers nothing unless the host really has that exact origin.
  if (!reported && options.allowedOrigins.length === 1) return options.allowedOrigins[0]!;
  console.warn(`Ringnity bridge: the hosting origin ${reported ?? '(unknown)'} is not allowed; no events are sent`);
  return null;
}
