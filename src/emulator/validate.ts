import type { z } from 'zod';
import type { ApiErrorCode } from '../protocol/errors.js';
import { ApiError } from './api-error.js';

/** Parse input against a schema, or throw a 400 naming the first offending field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, code: ApiErrorCode): z.output<S> {
  // Zod leaves the offending value out of its issues unless asked; it tells "missing" from "wrong type".
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const path = [...issue.path, ...(unknownKey ? [unknownKey] : [])].map(String);
  // Unknown keys come from anyone: echo a bounded piece of them.
  const field = path.join('.').slice(0, 200) || '(request body)';
  throw new ApiError(code, `${field}: ${describeIssue(issue, unknownKey)}`, field);
}

function describeIssue(issue: z.core.$ZodIssue, unknownKey: string | undefined): string {
  if (unknownKey) return 'is not a known field';
  if (issue.code !== 'invalid_type') return issue.message;
  // A wrong type is not a missing value: say what was expected and what came instead.
  if (issue.input === undefined) return 'is required';
  return `expected ${withArticle(issue.expected)}, received ${withArticle(kindOf(issue.input))}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return 'non-finite number';
  return typeof value;
}

function withArticle(kind: string): string {
  if (kind === 'null' || kind === 'undefined') return kind;
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
}
