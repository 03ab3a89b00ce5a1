import { BRIDGE_SOURCE, BRIDGE_VERSION, isBridgeMessage, type BridgeCommand } from './messages.js';

export interface EmbeddedPanel {
  readonly iframe: HTMLIFrameElement;
  /** Resolves once the panel's bridge said it is listening. */
  readonly ready: Promise<void>;
  /** Send a command; resolves with its result or rejects with the panel's error. */
  command(command: BridgeCommand, args?: Record<string, unknown>): Promise<unknown>;
  destroy(): void;
}

export interface EmbedOptions {
  /** URL of the panel page (a page with the Ringnity elements and the frame bridge). */
  src: string;
  /** Where a new iframe goes. */
  container?: Element;
  /**
   * An iframe already in the page (not loaded yet, or about to be navigated to `src`) to use instead
   * of creating one; the call permissions are added to its `allow` attribute.
   */
  iframe?: HTMLIFrameElement;
  title?: string;
  commandTimeoutMs?: number;
}

/**
 * Host side of the iframe path: embeds the panel with the permissions calls need and re-emits
 * the panel's `ringnity-*` events as DOM events on the iframe element. Messages are accepted only
 * from the panel's exact origin and its own window.
 */
export function embedRingnityPanel(options: EmbedOptions): EmbeddedPanel {
  // The document's base, not `location`: scripts that Lightning Web Security loads have no
  // `location` global, and a relative src resolves against the base anyway.
  const panelUrl = new URL(options.src, document.baseURI);
  const panelOrigin = panelUrl.origin;
  if (!options.iframe && !options.container) throw new TypeError('embedRingnityPanel needs a container or an iframe');
  const iframe = options.iframe ?? document.createElement('iframe');
  iframe.title ||= options.title ?? 'Ringnity agent panel';
  iframe.allow = withCallPermissions(iframe.allow);
  if (!options.iframe) {
    iframe.setAttribute('part', 'ringnity-panel');
    options.container!.append(iframe);
  }
  // Set last, so that the permissions are in place before the panel document is created.
  if (iframe.src !== panelUrl.href) iframe.src = options.src;

  let markReady: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const pending = new Map<string, { resolve(v: unknown): void; reject(e: unknown): void; timer: ReturnType<typeof setTimeout> }>();

  const onMessage = (event: MessageEvent) => {
    if (event.origin !== panelOrigin || event.source !== iframe.contentWindow) return;
    const message = event.data;
    if (!isBridgeMessage(message)) return;
    if (message.kind === 'ready') markReady();
    else if (message.kind === 'event' && typeof message.name === 'string' && message.name.startsWith('ringnity-')) {
      iframe.dispatchEvent(new CustomEvent(message.name, { detail: message.detail, bubbles: true, composed: true }));
    } else if (message.kind === 'result') {
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      clearTimeout(waiter.timer);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(Object.assign(new Error(message.error?.message ?? 'Command failed'), { code: message.error?.code ?? 'BRIDGE_COMMAND_FAILED' }));
    }
  };
  window.addEventListener('message', onMessage);

  let counter = 0;
  return {
    iframe,
    ready,
    command(command, args = {}) {
      const id = `cmd-${++counter}-${Math.random().toString(36).slice(2)}`;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(Object.assign(new Error(`The panel did not answer ${command}`), { code: 'BRIDGE_TIMEOUT' }));
        }, options.commandTimeoutMs ?? 10_000);
        pending.set(id, { resolve, reject, timer });
        iframe.contentWindow?.postMessage({ source: BRIDGE_SOURCE, version: BRIDGE_VERSION, kind: 'command', id, command, args }, panelOrigin);
      });
    },
    destroy() {
      window.removeEventListener('message', onMessage);
      for (const waiter of pending.values()) clearTimeout(waiter.timer);
      pending.clear();
      if (!options.iframe) iframe.remove();
    },
  };
}

/** Adds the features calls need to an `allow` value, keeping whatever else it grants. */
function withCallPermissions(allow: string): string {
  const directives = allow
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean);
  const named = new Set(directives.map((d) => d.split(/\s+/)[0]));
  for (const feature of ['microphone', 'camera', 'autoplay']) if (!named.has(feature)) directives.push(feature);
  return directives.join('; ');
}
