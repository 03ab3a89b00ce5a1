import type { Socket } from 'socket.io';
import type { z } from 'zod';
import type { SocketError } from '../protocol/socket.js';
import { socketErrorTypeOf } from '../protocol/errors.js';
import { ApiError } from './api-error.js';

export type Reply = (err: SocketError | null, result: unknown) => void;

/** A handler's own refusal: acked as it is. */
export class SocketRefusal extends Error {
  constructor(readonly error: Omit<SocketError, 'event'>) {
    super(error.message);
  }
}

export type SocketLogger = (message: string) => void;

/**
 * Registers socket handlers that cannot take the process down. socket.io calls a handler from
 * inside its packet decoding, so anything a handler throws (or rejects with) would otherwise
 * become an uncaught exception: one hostile packet, no token needed, would end the emulator.
 *
 * Every handler gets the payload and a `reply` that answers at most once. Expected refusals
 * (`ApiError`, `SocketRefusal`) are acked as they are; anything else is acked as a generic
 * `internal_error` (its details stay in the log, never on the wire) and logged once per event
 * and message, so that a flood of the same bad packet cannot flood the log either.
 */
export function socketGuard(log: SocketLogger = (line) => console.error(line)) {
  const logged = new Set<string>();
  const report = (event: string, error: unknown) => {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const key = `${event} ${text}`;
    if (logged.has(key) || logged.size > 1_000) return;
    logged.add(key);
    log(`ringnity-emulator: ${event} failed unexpectedly (answered internal_error): ${text}`);
  };

  return function on(socket: Socket, event: string, handler: (payload: unknown, reply: Reply) => unknown): void {
    socket.on(event, (...args: unknown[]) => {
      // socket.io puts the acknowledgement last; a request without payload has it first.
      const ack = typeof args.at(-1) === 'function' ? (args.at(-1) as Reply) : null;
      const payload = typeof args[0] === 'function' ? undefined : args[0];
      let answered = false;
      const reply: Reply = (err, result) => {
        if (answered || !ack) return;
        answered = true;
        ack(err, result);
      };
      const fail = (error: unknown) => {
        try {
          reply(socketErrorOf(event, error, report), null);
        } catch (replyError) {
          report(event, replyError);
        }
      };
      try {
        const result = handler(payload, reply);
        if (result instanceof Promise) result.catch(fail);
      } catch (error) {
        fail(error);
      }
    });
  };
}

function socketErrorOf(event: string, error: unknown, report: (event: string, error: unknown) => void): SocketError {
  if (error instanceof SocketRefusal) return { ...error.error, event };
  if (error instanceof ApiError) return { message: error.message, event, type: socketErrorTypeOf(error.code), code: error.code };
  report(event, error);
  return { message: 'The server could not handle this request', event, type: 'internal_error', code: 'INTERNAL_ERROR' };
}

/**
 * Parses a socket payload. Parsing never walks into input the schema does not describe (every
 * socket schema is a bounded, strict shape), so even a hostile payload costs little here.
 */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown, event: string): z.output<S> {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') || 'payload';
  throw new ApiError(event.startsWith('visitor.') ? 'VISITOR_INVALID_REQUEST' : 'AGENT_SDK_INVALID_REQUEST', `${event}: ${field}: ${issue?.message ?? 'is malformed'}`, field);
}
