import type { RingnitySession } from './session.js';

/**
 * The page-level session: CRM layouts scatter widgets (presence in the header, the inbox in a
 * side panel, the call popup at the end of <body>) so they cannot all sit inside one provider.
 * An element that finds no provider among its ancestors uses the session registered here, and a
 * view written without Lit (React, Vue) can register or read it the same way.
 *
 * The registry lives on `globalThis` under a registered symbol, so that two copies of the
 * package on one page share it, as they share the custom-element registry.
 */
interface PageSessionRegistry {
  /** Registered sessions, oldest first; the first one is the page's session. */
  candidates: RingnitySession[];
  listeners: Set<() => void>;
}

const REGISTRY_KEY = Symbol.for('@ringnity/agent-sdk/page-session');

function registry(): PageSessionRegistry {
  const holder = globalThis as unknown as Record<symbol, PageSessionRegistry | undefined>;
  return (holder[REGISTRY_KEY] ??= { candidates: [], listeners: new Set() });
}

/** The session scattered elements use, if any. */
export function pageSession(): RingnitySession | undefined {
  return registry().candidates[0];
}

/**
 * Makes `session` the page's session, unless one is already registered: then it waits its turn
 * and takes over if the first one goes away. Returns the function that unregisters it.
 */
export function providePageSession(session: RingnitySession): () => void {
  const { candidates } = registry();
  if (candidates.includes(session)) return () => unregister(session);
  if (candidates.length > 0) {
    console.warn('[ringnity] A page-level session is already registered; this one is used only if that one goes away.');
  }
  candidates.push(session);
  if (candidates.length === 1) notify();
  return () => unregister(session);
}

/** Calls `listener` whenever the page's session changes. */
export function onPageSessionChange(listener: () => void): () => void {
  const { listeners } = registry();
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

function unregister(session: RingnitySession): void {
  const { candidates } = registry();
  const index = candidates.indexOf(session);
  if (index < 0) return;
  candidates.splice(index, 1);
  if (index === 0) notify();
}

function notify(): void {
  for (const listener of [...registry().listeners]) listener();
}
