import type { z } from 'zod';
import type { ApiErrorCode } from '../protocol/errors.js';
import { ApiError } from './api-error.js';

/** Parse input against a schema, or throw a 400 naming the first offending field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, code: ApiErrorCode): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const path = [...issue.path, ...(unknownKey ? [unknownKey] : [])].map(String);
  const field = path.join('.') || '(request body)';
  const message = unknownKey ? 'is not a known field' : issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
  throw new ApiError(code, `${field}: ${message}`, field);
}
