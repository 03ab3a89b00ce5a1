/**
 * The socket layer under hostile input: a payload no handler expects must never take the
 * emulator down, and every request is checked against its real shape.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
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
    const events = ['agent.connect', 'agent.logout', 'calls.online', 'call.accept', 'call.reject', 'call.end', 'call.hold', 'call.resume', 'call.transfer', 'call.media', 'visitor.connect', 'visitor.call.start', 'visitor.call.end', 'visitor.call.media'];
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
