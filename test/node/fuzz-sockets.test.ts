/**
 * Fuzzing of every socket request. fast-check builds payloads from and around the request schemas
 * (wrong types, missing and unknown keys, oversize strings, deep nesting, hostile Unicode, no
 * payload with the ack first, no ack at all) and sends them, as written, on bare sockets:
 * unauthenticated, as an agent and as a visitor. The emulator must answer every acknowledged
 * request with an error, change nothing in its store, keep running and answer REST without a 5xx.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { z } from 'zod';
import { MAX_SOCKET_PACKET_BYTES } from '../../src/emulator/sockets.js';
import * as schemas from '../../src/protocol/schemas.js';
import { claimsOf, connectPayload, emitWithAck, setup } from './helpers.js';
import { pollingSocket, webSocket, type RawSocket } from './raw-socket.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2_400);

interface RequestSpec {
  schema: z.ZodType;
  /** A well-formed payload the mutations start from. */
  sample: unknown;
  acked: boolean;
}

const signal = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };
const candidate = { type: 'candidate', candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMLineIndex: 0, sdpMid: '0' } };
const REQUESTS: Record<string, RequestSpec> = {
  'agent.connect': {
    schema: schemas.agentConnectRequest,
    sample: { version: 5, id: 'agt_one', key: 'demo-tenant', authToken: 'a.b.c', deviceType: 'browser', bundleVersion: 'fuzz' },
    acked: true,
  },
  'agent.logout': { schema: schemas.agentLogoutRequest, sample: { deviceToken: 't', devicePlatform: 'ios' }, acked: true },
  'agent.track_visitors': { schema: schemas.trackVisitorsRequest, sample: true, acked: false },
  'chat.typing': { schema: schemas.chatTypingRequest, sample: { chatId: 'cnv_assigned1', visitorId: 'vis_someone', typing: { is: true } }, acked: false },
  'calls.online': { schema: schemas.emptyRequest, sample: {}, acked: true },
  'calls.offline': { schema: schemas.emptyRequest, sample: {}, acked: true },
  'call.accept': { schema: schemas.callIdRequest, sample: { callId: 'call_abc' }, acked: true },
  'call.reject': { schema: schemas.callRejectRequest, sample: { callId: 'call_abc', reason: 'busy', code: 'rejected' }, acked: true },
  'call.end': { schema: schemas.callEndRequest, sample: { callId: 'call_abc', reason: 'agent_ended' }, acked: true },
  'call.hold': { schema: schemas.callIdRequest, sample: { callId: 'call_abc' }, acked: true },
  'call.resume': { schema: schemas.callIdRequest, sample: { callId: 'call_abc' }, acked: true },
  'call.transfer': { schema: schemas.callTransferRequest, sample: { callId: 'call_abc', departmentId: 'dep_billing' }, acked: true },
  'call.signal': { schema: schemas.callSignalRequest, sample: { callId: 'call_abc', legId: 'leg_abc', signal }, acked: true },
  'call.media': { schema: schemas.callMediaRequest, sample: { callId: 'call_abc', audio: true, video: false }, acked: true },
  'visitor.connect': { schema: schemas.visitorConnectRequest, sample: { token: 'a.b.c' }, acked: true },
  'visitor.typing': { schema: schemas.visitorTypingRequest, sample: { is: true }, acked: false },
  'visitor.call.start': { schema: schemas.visitorCallStartRequest, sample: { type: 'voice' }, acked: true },
  'visitor.call.end': { schema: schemas.callIdRequest, sample: { callId: 'call_abc' }, acked: true },
  'visitor.call.signal': { schema: schemas.callSignalRequest, sample: { callId: 'call_abc', legId: 'leg_abc', signal: candidate }, acked: true },
  'visitor.call.media': { schema: schemas.callMediaRequest, sample: { callId: 'call_abc', audio: false, video: false }, acked: true },
};
const EVENTS = Object.keys(REQUESTS);

/** Requests that would rightly succeed, and change state, when well-formed on a signed-in socket. */
const SUCCEEDS_FOR: Record<string, Identity> = { 'calls.online': 'agent', 'calls.offline': 'agent', 'agent.logout': 'agent', 'visitor.call.start': 'visitor' };

type Identity = 'anonymous' | 'agent' | 'visitor';

/* ------------------------------------------------------------------ payload text */

const HOSTILE = [
  '\u202egnp.exe',
  '\u0000',
  '\u0007bell',
  '\ud800',
  '\udfff',
  '\u200b\u200c\u200d\ufeff',
  '𝕏'.repeat(50),
  '__proto__',
  'constructor',
  '../../etc/passwd',
  '<img src=x onerror=alert(1)>',
  '\r\n\r\n',
  'call_abc\u0000',
  'leg_\u202eabc',
];
const hostileString = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 64 }), fc.string({ unit: 'grapheme', maxLength: 32 }));
/** Text of the given size, up to just under the packet cap once wrapped. */
const hugeString = fc.integer({ min: 1_000, max: 24_000 }).map((n) => 'x'.repeat(n));
const oddNumber = fc.constantFrom(0, -1, -0, 1e308, -1e308, 2 ** 53 + 1, 4.5, 5.000001, 2 ** 31);
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileString, oddNumber, fc.constant(null), fc.boolean());

/** JSON text of nesting `depth` deep: arrays (2 bytes a level) or objects (6 bytes a level). */
const deepText = fc.oneof(
  fc.integer({ min: 100, max: 11_000 }).map((d) => `${'['.repeat(d)}1${']'.repeat(d)}`),
  fc.integer({ min: 100, max: 3_500 }).map((d) => `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`),
);

/** A payload as JSON text: the sample mutated in one of many ways, or something else altogether. */
function payloadText(sample: unknown): fc.Arbitrary<string> {
  const json = (value: unknown) => JSON.stringify(value) ?? 'null';
  const keys = sample && typeof sample === 'object' ? Object.keys(sample) : [];
  const withKey = (key: string, valueText: string) => {
    const rest = json({ ...(sample as object), [key]: 0 });
    return rest.replace(`${JSON.stringify(key)}:0`, `${JSON.stringify(key)}:${valueText}`);
  };
  const variants: Array<fc.Arbitrary<string>> = [
    fc.constant(json(sample)),
    anyValue.map(json),
    deepText,
    hugeString.map(json),
    fc.array(anyValue, { maxLength: 5 }).map(json),
    fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra', ''), anyValue).map(([k, v]) => withKey(k, json(v))),
  ];
  if (keys.length) {
    const key = fc.constantFrom(...keys);
    variants.push(
      key.map((k) => json(Object.fromEntries(Object.entries(sample as object).filter(([name]) => name !== k)))),
      fc.tuple(key, anyValue).map(([k, v]) => withKey(k, json(v))),
      fc.tuple(key, hugeString).map(([k, v]) => withKey(k, json(v))),
      fc.tuple(key, deepText).map(([k, v]) => withKey(k, v)),
      fc.tuple(key, hostileString).map(([k, v]) => withKey(k, json(v))),
    );
    // Nested objects (a signal, typing) are mutated inside as well.
    for (const k of keys) {
      const inner = (sample as Record<string, unknown>)[k];
      if (inner && typeof inner === 'object') variants.push(payloadText(inner).map((text) => withKey(k, text)));
    }
  }
  return fc.oneof(...variants);
}

interface FuzzRequest {
  identity: Identity;
  transport: 'websocket' | 'polling';
  event: string;
  /** `ack`: payload then ack; `ack-first`: the ack alone; `none`: no ack. */
  mode: 'ack' | 'ack-first' | 'none';
  payload: string;
  extraArg: string | null;
}

const requestArb: fc.Arbitrary<FuzzRequest> = fc.constantFrom(...EVENTS).chain((event) =>
  fc.record({
    identity: fc.constantFrom<Identity>('anonymous', 'agent', 'visitor'),
    transport: fc.constantFrom<'websocket' | 'polling'>(...Array<'websocket'>(19).fill('websocket'), 'polling'),
    event: fc.constant(event),
    mode: fc.constantFrom<FuzzRequest['mode']>('ack', 'ack', 'ack', 'ack', 'ack', 'ack-first', 'none'),
    payload: payloadText(REQUESTS[event]!.sample),
    extraArg: fc.option(
      anyValue.map((v) => JSON.stringify(v) ?? 'null'),
      { freq: 10 },
    ),
  }),
);

/** Whether this request, as parsed by the server, would be a well-formed one that rightly succeeds. */
function wouldSucceed(request: FuzzRequest, identity: Identity): boolean {
  if (SUCCEEDS_FOR[request.event] !== identity) return false;
  let payload: unknown;
  try {
    payload = request.mode === 'ack-first' ? undefined : JSON.parse(request.payload);
  } catch {
    return false;
  }
  return REQUESTS[request.event]!.schema.safeParse(payload).success;
}

/* ------------------------------------------------------------------ the run */

it(`${RUNS} generated socket requests: every ack is an error, the store is unchanged, the emulator keeps serving`, async (t) => {
  const h = await setup(t, { log: () => {} });
  const agentToken = await h.mint('agent.one');
  const visitorSession = await h.openVisitor({ body: 'Fuzz target' });
  // The tenant as it stands before the fuzzing: every conversation, message, visitor, agent, call and the sequence.
  const snapshot = () => JSON.stringify({ store: JSON.parse(h.emulator.store.snapshot()), calls: h.emulator.store.callLog });
  const before = snapshot();

  const opened: RawSocket[] = [];
  t.after(() => opened.forEach((s) => s.close()));
  let nextAck = 1;
  const request = async (socket: RawSocket, event: string, payload: string) => {
    const id = nextAck++;
    await socket.sendEvent(id, `[${JSON.stringify(event)},${payload}]`);
    return socket.ack(id);
  };
  const sockets = new Map<string, RawSocket>();
  const socketFor = async (identity: Identity, transport: 'websocket' | 'polling'): Promise<RawSocket> => {
    const key = `${identity} ${transport}`;
    const existing = sockets.get(key);
    if (existing) return existing;
    const socket = await (transport === 'websocket' ? webSocket(h.url) : pollingSocket(h.url));
    opened.push(socket);
    if (identity === 'agent') assert.equal((await request(socket, 'agent.connect', JSON.stringify(connectPayload(agentToken, claimsOf(agentToken)))))[0], null);
    if (identity === 'visitor') assert.equal((await request(socket, 'visitor.connect', JSON.stringify({ token: visitorSession.visitorToken })))[0], null);
    sockets.set(key, socket);
    void socket.closed.then(() => sockets.delete(key));
    return socket;
  };

  const counts = { requests: 0, acked: 0, errors: 0, unacked: 0, ackFirst: 0, rerouted: 0, byIdentity: { anonymous: 0, agent: 0, visitor: 0 } as Record<Identity, number> };
  const errorTypes = new Map<string, number>();
  const started = performance.now();

  await fc.assert(
    fc.asyncProperty(requestArb, async (req) => {
      let identity = req.identity;
      if (wouldSucceed(req, identity)) {
        identity = 'anonymous';
        counts.rerouted++;
      }
      const socket = await socketFor(identity, req.transport);
      counts.requests++;
      counts.byIdentity[identity]++;
      const args = [JSON.stringify(req.event), ...(req.mode === 'ack-first' ? [] : [req.payload]), ...(req.extraArg && req.mode !== 'ack-first' ? [req.extraArg] : [])].join(',');
      const acked = REQUESTS[req.event]!.acked && req.mode !== 'none';
      if (!acked) {
        counts.unacked++;
        await socket.sendEvent(req.mode === 'none' ? null : nextAck++, `[${args}]`);
        return;
      }
      if (req.mode === 'ack-first') counts.ackFirst++;
      const id = nextAck++;
      await socket.sendEvent(id, `[${args}]`);
      const [err, result] = (await socket.ack(id)) as [{ message?: unknown; type?: unknown; event?: unknown } | null, unknown];
      counts.acked++;
      assert.ok(err && typeof err === 'object', `${req.event} as ${identity} answered no error: ${JSON.stringify(result)?.slice(0, 200)}`);
      assert.equal(typeof err.message, 'string');
      assert.equal(err.event, req.event);
      assert.equal(result, null);
      assert.notEqual(err.type, 'internal_error', `${req.event}: ${String(err.message)}`);
      counts.errors++;
      errorTypes.set(String(err.type), (errorTypes.get(String(err.type)) ?? 0) + 1);
    }),
    { numRuns: RUNS, seed: 9_0009, interruptAfterTimeLimit: 50_000, markInterruptAsFailure: true, endOnFailure: true },
  );

  // A packet over the cap is refused: over WebSocket it ends that connection, over long-polling
  // that POST answers 413. Either way nobody else notices.
  let oversizeRefused = 0;
  for (const transport of ['websocket', 'polling'] as const) {
    for (let i = 0; i < 3; i++) {
      const socket = await (transport === 'websocket' ? webSocket(h.url) : pollingSocket(h.url));
      opened.push(socket);
      const huge = JSON.stringify({ callId: 'call_abc', legId: 'leg_abc', signal: { type: 'offer', sdp: 'x'.repeat(MAX_SOCKET_PACKET_BYTES) } });
      const sent = socket.sendEvent(nextAck++, `["call.signal",${huge}]`);
      if (transport === 'polling') await assert.rejects(sent, /413/);
      else await Promise.all([sent.catch(() => {}), socket.closed]);
      oversizeRefused++;
    }
  }
  const elapsedMs = Math.round(performance.now() - started);

  assert.equal(snapshot(), before, 'the store changed');
  // Still serving: REST answers without a server error, and a fresh agent signs in and works.
  const agent = h.as(agentToken);
  for (const answer of [
    await h.call('GET', '/api/docs/openapi.json'),
    await agent.get('/api/agent/conversations', { status: 'all' }),
    await agent.get('/api/agent/calls'),
    await h.call('GET', `/api/visitor/conversations/${visitorSession.conversationId}/messages`, { token: visitorSession.visitorToken }),
  ]) {
    assert.ok(answer.status < 500, `REST answered ${answer.status}`);
    assert.equal(answer.status, 200);
  }
  const fresh = await h.connectAgent(agentToken);
  assert.equal((await emitWithAck(fresh.socket, 'call.hold', { callId: 'call_abc' }))[0]?.code, 'AGENT_SDK_CALL_NOT_FOUND');

  const types = [...errorTypes].map(([type, n]) => `${type} ${n}`).join(', ');
  console.log(
    `# socket fuzz: ${counts.requests} requests in ${elapsedMs} ms (anonymous ${counts.byIdentity.anonymous}, agent ${counts.byIdentity.agent}, visitor ${counts.byIdentity.visitor}; ` +
      `${counts.rerouted} well-formed state changes sent anonymously instead); ${counts.acked} acked, all ${counts.errors} answered with an error (${types}); ` +
      `${counts.ackFirst} ack-first, ${counts.unacked} without ack; ${oversizeRefused} oversize packets refused; 0 crashes, store unchanged, 0 server errors`,
  );
  assert.equal(counts.errors, counts.acked);
  assert.ok(counts.requests >= RUNS);
});
