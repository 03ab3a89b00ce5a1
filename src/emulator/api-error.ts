import { ERROR_STATUS, type ApiErrorCode, type ErrorBody } from '../protocol/errors.js';

/** An error the emulator answers with; the HTTP layer turns it into the contract's error body. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, status: this.status, ...(this.field ? { field: this.field } : {}) } };
  }
}
