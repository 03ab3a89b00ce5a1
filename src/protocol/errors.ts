/**
 * Every error code the Ringnity API answers with, and its HTTP status.
 * The agent codes are the ones the Agent SDK guide names; the rest cover
 * malformed input, the Server API and states the guide leaves open.
 */
export const ERROR_STATUS = {
  AGENT_SDK_TOKEN_MISSING: 401,
  AGENT_SDK_TOKEN_INVALID: 401,
  AGENT_SDK_SCOPE_DENIED: 403,
  AGENT_SDK_CONVERSATION_NOT_FOUND: 404,
  AGENT_SDK_CONVERSATION_WRITE_FORBIDDEN: 403,
  AGENT_SDK_INVALID_REQUEST: 400,
  AGENT_SDK_MESSAGE_NOT_FOUND: 404,
  AGENT_SDK_CONVERSATION_ALREADY_ASSIGNED: 409,
  AGENT_SDK_PRESENCE_LOCKED: 409,
  AGENT_SDK_EVENTS_EXPIRED: 410,
  AGENT_SDK_CALL_NOT_FOUND: 404,
  AGENT_SDK_CALL_ALREADY_ANSWERED: 409,
  AGENT_SDK_CALL_STATE_CONFLICT: 409,
  AGENT_SDK_CALLS_OFFLINE: 409,
  SERVER_API_KEY_MISSING: 401,
  SERVER_API_KEY_INVALID: 401,
  SERVER_API_SCOPE_DENIED: 403,
  SERVER_API_INVALID_REQUEST: 400,
  VISITOR_TOKEN_INVALID: 401,
  VISITOR_INVALID_REQUEST: 400,
  /** A browser page on an origin the tenant does not allow for its chat widget. */
  VISITOR_ORIGIN_FORBIDDEN: 403,
  /** Too many conversations opened from one address, or messages from one visitor; see Retry-After. */
  VISITOR_RATE_LIMITED: 429,
  UNSUPPORTED_MEDIA_TYPE: 415,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  INTERNAL_ERROR: 500,
} as const;

export type ApiErrorCode = keyof typeof ERROR_STATUS;

/** Codes produced by the SDK itself, never by the server. */
export const CLIENT_ERROR_CODES = {
  NETWORK_ERROR: 0,
  TOKEN_UNAVAILABLE: 0,
  SOCKET_AUTH_FAILED: 0,
  DESTROYED: 0,
  /** The caller (a store letting go of its last listener) aborted the request. */
  ABORTED: 0,
  /** The browser or the user refused the microphone or camera. */
  CALL_MEDIA_PERMISSION_DENIED: 0,
  /** No microphone, or no camera for video. */
  CALL_MEDIA_DEVICE_NOT_FOUND: 0,
  /** The device exists but could not be opened (in use elsewhere, hardware error, insecure page). */
  CALL_MEDIA_FAILED: 0,
  /** The peer connection could not be set up. */
  CALL_CONNECTION_FAILED: 0,
  /** The call code could not be downloaded. */
  CALL_ENGINE_LOAD_FAILED: 0,
  /** The inbox's thread code (the no-build bundle's thread file) could not be downloaded. */
  INBOX_THREAD_LOAD_FAILED: 0,
  /**
   * The no-build bundle cannot tell where its lazily loaded files are: it was run without
   * `document.currentScript` (a sandbox evaluates it), and no `assetsUrl` was configured.
   */
  ASSETS_URL_REQUIRED: 0,
  /** The page filters the HTML of the elements' templates (Salesforce Lightning Web Security does), so they cannot draw. */
  RENDER_SANITIZED: 0,
} as const;

export type ClientErrorCode = keyof typeof CLIENT_ERROR_CODES;
export type ErrorCode = ApiErrorCode | ClientErrorCode;

/** The body of every error answer: `{ "error": { code, message, status, field? } }`. */
export interface ErrorBody {
  error: {
    code: ApiErrorCode;
    message: string;
    status: number;
    /** The offending input by name (`limit`, `conversationId`, `scopes.0`), or `(request body)` when the body as a whole is wrong. */
    field?: string;
  };
}

/**
 * The `type` of the error a socket acknowledgement carries. It is coarser than the code: a client
 * that knows no code can still tell a refused token from a refused request.
 */
export const SOCKET_ERROR_TYPES = ['auth_failure', 'not_found', 'invalid_request', 'unsupported_version', 'forbidden', 'conflict', 'internal_error'] as const;
export type SocketErrorType = (typeof SOCKET_ERROR_TYPES)[number];

/** The socket error type for an HTTP status; a status not listed goes out as `invalid_request`. */
const SOCKET_TYPE_OF_STATUS: Readonly<Record<number, SocketErrorType>> = {
  401: 'auth_failure',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  500: 'internal_error',
};

/** The type an API code is acknowledged with on a socket: the one its HTTP status stands for. */
export function socketErrorTypeOf(code: ApiErrorCode): SocketErrorType {
  return SOCKET_TYPE_OF_STATUS[ERROR_STATUS[code]] ?? 'invalid_request';
}

/** The code a client reports for a socket error that names none of its own, by its type. */
const CODE_OF_SOCKET_TYPE: Partial<Readonly<Record<string, ApiErrorCode>>> = {
  auth_failure: 'AGENT_SDK_TOKEN_INVALID',
  not_found: 'NOT_FOUND',
  forbidden: 'AGENT_SDK_SCOPE_DENIED',
  conflict: 'AGENT_SDK_CALL_STATE_CONFLICT',
  internal_error: 'INTERNAL_ERROR',
};

/** `invalid_request`, `unsupported_version` and any type this code does not know: `AGENT_SDK_INVALID_REQUEST`. */
export function codeOfSocketErrorType(type: string): ApiErrorCode {
  return (Object.hasOwn(CODE_OF_SOCKET_TYPE, type) && CODE_OF_SOCKET_TYPE[type]) || 'AGENT_SDK_INVALID_REQUEST';
}

export function isApiErrorCode(value: unknown): value is ApiErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);
}

/** The code of a socket error: the server's own when it is one of ours, else the one its type stands for. */
export function codeOfSocketError(error: { type: string; code?: string | undefined }): ApiErrorCode {
  return isApiErrorCode(error.code) ? error.code : codeOfSocketErrorType(error.type);
}

const CODE_OF_STATUS: Partial<Readonly<Record<number, ApiErrorCode>>> = { 401: 'AGENT_SDK_TOKEN_INVALID', 404: 'NOT_FOUND', 413: 'PAYLOAD_TOO_LARGE' };

/** The code for an HTTP failure whose body is not an error body (a proxy's page, an empty answer). */
export function codeOfHttpStatus(status: number): ApiErrorCode {
  return CODE_OF_STATUS[status] ?? 'INTERNAL_ERROR';
}

/** The `error` of an error body, with only its well-formed parts; null when the body is not one. */
export function readErrorBody(body: unknown): { code: string; message: string; status?: number; field?: string } | null {
  const error = (body as { error?: unknown } | null)?.error as Partial<Record<keyof ErrorBody['error'], unknown>> | null | undefined;
  if (!error || typeof error !== 'object' || typeof error.code !== 'string' || typeof error.message !== 'string') return null;
  return {
    code: error.code,
    message: error.message,
    ...(typeof error.status === 'number' ? { status: error.status } : {}),
    ...(typeof error.field === 'string' ? { field: error.field } : {}),
  };
}
