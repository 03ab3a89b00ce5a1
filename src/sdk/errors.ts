import { CLIENT_ERROR_CODES, ERROR_STATUS, isApiErrorCode, readErrorBody, type ErrorCode } from '../protocol/index.js';

export interface RingnityErrorOptions {
  /** Defaults to the status the protocol assigns to the code (0 for codes the SDK makes up itself). */
  status?: number;
  field?: string;
  cause?: unknown;
}

/**
 * The one error type the SDK rejects with. `code` is always one of the protocol's codes, so callers
 * can branch on it without parsing messages; `status` mirrors the HTTP status (0 when no answer came).
 */
export class RingnityError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field?: string;

  constructor(code: ErrorCode, message: string, options: RingnityErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RingnityError';
    this.code = code;
    this.status = options.status ?? statusOf(code);
    if (options.field !== undefined) this.field = options.field;
  }
}

export function isRingnityError(value: unknown, code?: ErrorCode): value is RingnityError {
  return value instanceof RingnityError && (code === undefined || value.code === code);
}

function statusOf(code: ErrorCode): number {
  if (isApiErrorCode(code)) return ERROR_STATUS[code];
  return CLIENT_ERROR_CODES[code as keyof typeof CLIENT_ERROR_CODES] ?? 0;
}

/** Reads `{ error: { code, message, status, field? } }`; anything else yields null. */
export function errorFromBody(body: unknown, httpStatus: number): RingnityError | null {
  const error = readErrorBody(body);
  if (!error) return null;
  return new RingnityError(isApiErrorCode(error.code) ? error.code : 'INTERNAL_ERROR', error.message, {
    status: error.status ?? httpStatus,
    ...(error.field === undefined ? {} : { field: error.field }),
  });
}

export function destroyedError(): RingnityError {
  return new RingnityError('DESTROYED', 'This RingnityAgent was destroyed');
}

/**
 * Hands an error that has no caller to the page's global error reporting (the `error` event on
 * window), the way EventTarget treats a throwing listener, so it is never swallowed.
 */
export function reportUncaught(error: unknown): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else
    setTimeout(() => {
      throw error;
    });
}
