/**
 * The socket layer under hostile input: a payload no handler expects must never take the
 * emulator down, and every request is checked against its real shape.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import { socketGuard, SocketRefusal } from '../../src/emulator/socket-guard.js';
import { emitWithAck, setup, type Harness } from './helpers.js';
import { deepArrays, pollingSocket, webSocket, type RawSocket } from './raw-socket.js';

/** Deep enough that walking it recursively overflows the stack, yet only about 20 KB on the wire. */
const DEPTH = 10_000;

async function assertStillServing(h: Harness) {
  const docs = await h.call('GET', '/api/docs/openapi.json');
  assert.equal(docs.status, 200);
  const agent = await h.connectAgent(await h.mint('agent.one'));
  const [err, reply] = await emitWithAck(agent.socket, 'calls.online');
  assert.equal(err, null);
  assert.equal(reply.callsOnline, true);
}

describe('socket handlers never crash the emulator', () => {
  for (const [transport, open] of [
    ['long-polling', pollingSocket],
    ['WebSocket', webSocket],
  ] as Array<[string, (url: string) => Promise<RawSocket>]>) {
    it(`a deeply nested call.signal and visitor.call.signal without a token, over ${transport}, get an error ack`, async (t) => {
      const h = await setup(t);
      const raw = await open(h.url);
      t.after(() => raw.close());
      const deep = deepArrays(DEPTH);
      let ackId = 0;
      for (const event of ['call.signal', 'visitor.call.signal']) {
        for (const signal of [`{"type":"offer","sdp":"v=0","x":${deep}}`, `{"nested":${deep}}`, deep]) {
          const id = ++ackId;
          await raw.sendEvent(id, `["${event}",{"callId":"call_abc","legId":"leg_abc","signal":${signal}}]`);
          const [err, result] = (await raw.ack(id)) as [{ type: string; event: string; message: string } | null, unknown];
          assert.ok(err, `${event} must answer an error`);
          assert.equal(err.event, event);
          assert.equal(typeof err.message, 'string');
          assert.equal(result, null);
        }
      }
      await assertStillServing(h);
    });
  }

  it('every socket request survives deep nesting anywhere in its payload', async (t) => {
    const h = await setup(t);
    const raw = await webSocket(h.url);
    t.after(() => raw.close());
    const deep = deepArrays(DEPTH);
    const events = [
      'agent.connect',
      'agent.logout',
      'calls.online',
      'call.accept',
      'call.reject',
      'call.end',
      'call.hold',
      'call.resume',
      'call.transfer',
      'call.media',
      'visitor.connect',
      'visitor.call.start',
      'visitor.call.end',
      'visitor.call.media',
    ];
    let ackId = 100;
    for (const event of events) {
      for (const payload of [deep, `{"id":${deep}}`, `{"callId":"call_abc","token":"x","type":"voice","audio":${deep}}`]) {
        const id = ++ackId;
        await raw.sendEvent(id, `["${event}",${payload}]`);
        const [err] = (await raw.ack(id)) as [{ event: string } | null];
        assert.ok(err, `${event} must answer an error`);
      }
    }
    await assertStillServing(h);
    assert.equal(h.emulator.agentSocketCount(), 1);
  });
});

describe('the socket guard', () => {
  it('acks a generic internal_error for a handler that throws or rejects, logs it once, and keeps serving', async (t) => {
    const http = createServer();
    const io = new Server(http);
    t.after(() => new Promise<void>((resolve) => io.close(() => resolve())));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const lines: string[] = [];
    const on = socketGuard((line) => lines.push(line));
    io.on('connection', (socket) => {
      on(socket, 'throws', () => {
        throw new TypeError('secret internals');
      });
      on(socket, 'rejects', async () => {
        throw new RangeError('Maximum call stack size exceeded');
      });
      on(socket, 'refuses', () => {
        throw new SocketRefusal({ message: 'No', type: 'not_found' });
      });
      on(socket, 'answers twice', (_payload, reply) => {
        reply(null, 1);
        reply(null, 2);
        throw new Error('after the answer');
      });
    });
    const client = ioClient(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'], reconnection: false, forceNew: true });
    t.after(() => client.disconnect());
    for (const event of ['throws', 'rejects', 'throws']) {
      const [err, result] = await emitWithAck(client, event, {});
      assert.deepEqual(err, { message: 'The server could not handle this request', event, type: 'internal_error', code: 'INTERNAL_ERROR' });
      assert.equal(result, null);
    }
    assert.deepEqual(await emitWithAck(client, 'refuses'), [{ message: 'No', type: 'not_found', event: 'refuses' }, null]);
    assert.deepEqual(await emitWithAck(client, 'answers twice', {}), [null, 1]);
    // Without an ack, a failing handler is only logged.
    client.emit('throws');
    assert.deepEqual(await emitWithAck(client, 'refuses', {}), [{ message: 'No', type: 'not_found', event: 'refuses' }, null]);
    assert.equal(lines.length, 3, lines.join('\n'));
    assert.ok(lines.every((line) => !line.includes('\n')));
  });
});
