import { randomUUID } from 'node:crypto';

let issued = 0;

/**
 * A fresh id such as `msg_0000002k9f1c…`. A counter leads the random part so that ids grow in the
 * order they are made: two messages sent in the same millisecond then keep their sending order
 * under the protocol's thread order (time, then id), on the server and in every client alike.
 */
export function newId(prefix: string): string {
  return `${prefix}_${(issued++).toString(36).padStart(8, '0')}${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}
