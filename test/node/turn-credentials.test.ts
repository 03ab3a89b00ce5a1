/**
 * The server helper's short-lived TURN credentials, checked against a real coturn started with
 * `use-auth-secret`: a TURN Allocate over UDP succeeds with fresh credentials, and is refused with
 * expired ones or ones made with another secret. Bad options name their field.
 */
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { test } from 'node:test';
import { createTurnCredentials, TurnCredentialsError } from '../../src/server/index.js';
import { startTurnRelay } from '../browser/calls/turn.js';

const SECRET = 'turn-secret-for-tests';

test('credentials are the expiry (and user id) signed with HMAC-SHA1 of the shared secret', () => {
  const made = createTurnCredentials({ secret: SECRET, urls: 'turn:turn.example.com:3478', ttlSeconds: 600, userId: 'agt_one', now: () => 1_700_000_000_000 });
  const username = `${1_700_000_000 + 600}:agt_one`;
  assert.deepEqual(made.iceServers, [{ urls: ['turn:turn.example.com:3478'], username, credential: createHmac('sha1', SECRET).update(username).digest('base64') }]);
  assert.equal(made.expiresAt, new Date((1_700_000_000 + 600) * 1000).toISOString());
  assert.equal(made.ttlSeconds, 600);
});

test('bad options are refused with the field named, and never echo the secret', () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ secret: '', urls: 'turn:a' }, 'secret'],
    [{ secret: SECRET, urls: 'http://a' }, 'urls'],
    [{ secret: SECRET, urls: [] }, 'urls'],
    [{ secret: SECRET, urls: 'turn:a', ttlSeconds: 10 }, 'ttlSeconds'],
    [{ secret: SECRET, urls: 'turn:a', ttlSeconds: 86_401 }, 'ttlSeconds'],
    [{ secret: SECRET, urls: 'turn:a', userId: 'a:b' }, 'userId'],
  ];
  for (const [options, field] of cases) {
    assert.throws(
      () => createTurnCredentials(options as never),
      (error: unknown) => error instanceof TurnCredentialsError && error.field === field && error.code === 'TURN_CREDENTIALS_INVALID_REQUEST' && !error.message.includes(SECRET),
      field,
    );
  }
});

test('coturn with use-auth-secret allocates a relay for fresh credentials and refuses expired or foreign ones', async (t) => {
  const relay = await startTurnRelay(t, { authSecret: SECRET });
  const fresh = createTurnCredentials({ secret: SECRET, urls: 'turn:127.0.0.1', userId: 'agt_one' }).iceServers[0]!;
  assert.equal(await allocate(relay.port, fresh.username, fresh.credential), 'allocated');
  const expired = createTurnCredentials({ secret: SECRET, urls: 'turn:127.0.0.1', ttlSeconds: 60, now: () => Date.now() - 3_600_000 }).iceServers[0]!;
  assert.equal(await allocate(relay.port, expired.username, expired.credential), 'refused 401');
  const foreign = createTurnCredentials({ secret: 'another-secret', urls: 'turn:127.0.0.1' }).iceServers[0]!;
  assert.equal(await allocate(relay.port, foreign.username, foreign.credential), 'refused 401');
});

/* A TURN Allocate (RFC 5766) with the long-term credential mechanism: ask, get a realm and nonce, ask again signed. */

const COOKIE = 0x2112a442;
const attr = (type: number, value: Buffer) => {
  const padded = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
  padded.writeUInt16BE(type, 0);
  padded.writeUInt16BE(value.length, 2);
  value.copy(padded, 4);
  return padded;
};

function message(type: number, attributes: Buffer[], integrityKey?: Buffer): Buffer {
  const body = Buffer.concat(attributes);
  const header = Buffer.alloc(20);
  header.writeUInt16BE(type, 0);
  header.writeUInt32BE(COOKIE, 4);
  randomBytes(12).copy(header, 8);
  if (!integrityKey) {
    header.writeUInt16BE(body.length, 2);
    return Buffer.concat([header, body]);
  }
  // MESSAGE-INTEGRITY covers everything before it, with the length already counting it.
  header.writeUInt16BE(body.length + 24, 2);
  const mac = createHmac('sha1', integrityKey)
    .update(Buffer.concat([header, body]))
    .digest();
  return Buffer.concat([header, body, attr(0x0008, mac)]);
}

function parse(packet: Buffer): { type: number; attrs: Map<number, Buffer> } {
  const attrs = new Map<number, Buffer>();
  for (let at = 20; at + 4 <= packet.length;) {
    const type = packet.readUInt16BE(at);
    const length = packet.readUInt16BE(at + 2);
    attrs.set(type, packet.subarray(at + 4, at + 4 + length));
    at += 4 + Math.ceil(length / 4) * 4;
  }
  return { type: packet.readUInt16BE(0), attrs };
}

async function allocate(port: number, username: string, password: string): Promise<string> {
  const socket = createSocket('udp4');
  const exchange = (request: Buffer) =>
    new Promise<ReturnType<typeof parse>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the TURN server did not answer')), 3_000);
      socket.once('message', (packet) => {
        clearTimeout(timer);
        resolve(parse(packet));
      });
      socket.send(request, port, '127.0.0.1');
    });
  try {
    const transport = attr(0x0019, Buffer.from([17, 0, 0, 0]));
    const challenge = await exchange(message(0x0003, [transport]));
    assert.equal(challenge.type, 0x0113, 'an unauthenticated Allocate is challenged');
    const realm = challenge.attrs.get(0x0014)!;
    const nonce = challenge.attrs.get(0x0015)!;
    const key = createHash('md5').update(`${username}:${realm.toString()}:${password}`).digest();
    const answer = await exchange(message(0x0003, [transport, attr(0x0006, Buffer.from(username)), attr(0x0014, realm), attr(0x0015, nonce)], key));
    if (answer.type === 0x0103) return 'allocated';
    const error = answer.attrs.get(0x0009);
    return `refused ${error ? error[2]! * 100 + error[3]! : '?'}`;
  } finally {
    socket.close();
  }
}
