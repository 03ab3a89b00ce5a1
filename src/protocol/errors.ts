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
