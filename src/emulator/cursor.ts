import { z } from 'zod';
import { ApiError } from './api-error.js';

const cursorShape = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('conversations'), updatedAt: z.string(), id: z.string() }),
  z.strictObject({ kind: z.literal('messages'), before: z.string() }),
]);
type Cursor = z.infer<typeof cursorShape>;

/** Cursors are opaque to clients: base64url JSON, checked against a schema when they come back. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor<K extends Cursor['kind']>(raw: string, kind: K): Extract<Cursor, { kind: K }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = cursorShape.safeParse(parsed);
  if (!result.success || result.data.kind !== kind) {
    throw new ApiError('AGENT_SDK_INVALID_REQUEST', 'cursor: is not a cursor this API issued for this list', 'cursor');
  }
  return result.data as Extract<Cursor, { kind: K }>;
}
