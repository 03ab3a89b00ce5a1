/** The postMessage protocol between a Ringnity panel iframe and the CRM page that hosts it. */
import { isPublicCallSource, toPublicCall } from '../protocol/public-call.js';

export const BRIDGE_SOURCE = 'ringnity-bridge';
export const BRIDGE_VERSION = 1;

export const BRIDGE_COMMANDS = ['presence.set', 'conversation.open', 'call.accept', 'call.end'] as const;
export type BridgeCommand = (typeof BRIDGE_COMMANDS)[number];

/** Panel → host: a `ringnity-*` DOM event, its detail reduced to plain data. */
interface BridgeEventMessage {
  source: typeof BRIDGE_SOURCE;
  version: number;
  kind: 'event';
  name: string;
  detail: unknown;
}

/** Panel → host: the panel is listening. */
interface BridgeReadyMessage {
  source: typeof BRIDGE_SOURCE;
  version: number;
  kind: 'ready';
}

/** Host → panel. */
interface BridgeCommandMessage {
  source: typeof BRIDGE_SOURCE;
  version: number;
  kind: 'command';
  id: string;
  command: BridgeCommand;
  args: Record<string, unknown>;
}

/** Panel → host: the answer to one command. */
interface BridgeResultMessage {
  source: typeof BRIDGE_SOURCE;
  version: number;
  kind: 'result';
  id: string;
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string };
}

export type BridgeMessage = BridgeEventMessage | BridgeReadyMessage | BridgeCommandMessage | BridgeResultMessage;

export function isBridgeMessage(data: unknown): data is BridgeMessage {
  return !!data && typeof data === 'object' && (data as { source?: unknown }).source === BRIDGE_SOURCE && (data as { version?: unknown }).version === BRIDGE_VERSION;
}

/**
 * Reduce an event detail to data that survives structured cloning and says nothing more than
 * the page needs: functions, DOM nodes and media streams are dropped, and a call becomes its
 * declared public shape (protocol/public-call.ts), whatever else the live object holds.
 */
export function toPlainData(value: unknown): unknown {
  const seen = new WeakSet<object>();
  return JSON.parse(
    JSON.stringify(value ?? null, (_key, v: unknown) => {
      if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') return undefined;
      if (isPublicCallSource(v)) return toPublicCall(v);
      if (v && typeof v === 'object') {
        if (typeof Node !== 'undefined' && v instanceof Node) return undefined;
        if (typeof MediaStream !== 'undefined' && v instanceof MediaStream) return undefined;
        if (seen.has(v)) return undefined;
        seen.add(v);
      }
      return v;
    }),
  );
}
