/**
 * The visitor API is open to the web: it shows a customer only what a customer may see, takes
 * only JSON from allowed origins, and limits how fast one client can open conversations and send.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { VisitorMessage, VisitorMessagePage } from '../../src/protocol/responses.js';
import { TokenBuckets } from '../../src/emulator/rate-limit.js';
import { AGENT, assertError, conv, DEP, setup, TENANT_KEY } from './helpers.js';

const START = '/api/visitor/conversations';
const thread = (id: string) => `/api/visitor/conversations/${id}/messages`;

describe('what a customer sees', () => {
  it('the visitor thread and the visitor socket carry no reasons, notes or agent ids', async (t) => {
    const h = await setup(t);
    const visitor = await h.openVisitor({ departmentId: DEP.support, body: 'Hello?' });
    const socket = await h.connectVisitor(visitor.visitorToken);
    const lead = await h.agent('lead.one');
    const admin = await h.agent('admin.one');
    assert.equal((await lead.post(`${conv(visitor.conversationId)}/accept`, { reason: 'SECRET-accept' })).status, 200);
    assert.equal((await lead.post(`${conv(visitor.conversationId)}/messages`, { body: 'SECRET-note', note: true })).status, 201);
    const reply = await lead.post(`${conv(visitor.conversationId)}/messages`, { body: 'How can I help?' });
    assert.equal(reply.status, 201);
    assert.equal((await lead.post(`${conv(visitor.conversationId)}/assign`, { assignedAgentId: AGENT.one, reason: 'SECRET-assign' })).status, 200);
    assert.equal((await admin.post(`${conv(visitor.conversationId)}/transfer`, { departmentId: DEP.billing, reason: 'SECRET-transfer' })).status, 200);
    assert.equal((await admin.post(`${conv(visitor.conversationId)}/close`, { reason: 'SECRET-close' })).status, 200);
    await socket.waitFor((e) => e.name === 'conversation.updated' && e.payload.status === 'closed');

    const seen = await h.call('GET', thread(visitor.conversationId), { token: visitor.visitorToken });
    assert.equal(seen.status, 200);
    const page = VisitorMessagePage.parse(seen.body);
    const text = JSON.stringify(seen.body);
    assert.doesNotMatch(text, /SECRET/, text);
    assert.doesNotMatch(text, /agt_/, text);
    assert.deepEqual(
      page.messages.map((m) => [m.kind, m.author.type, m.body]),
      [
        ['customer', 'customer', 'Hello?'],
        ['system', 'system', 'Dana Lead joined the conversation'],
        ['reply', 'agent', 'How can I help?'],
        ['system', 'system', 'Alex One joined the conversation'],
        ['system', 'system', 'Your conversation was passed to another team'],
        ['system', 'system', 'The conversation was closed'],
      ],
    );
    assert.deepEqual(page.messages[2]!.author, { type: 'agent', name: 'Dana Lead' });

    const events = JSON.stringify(socket.events);
    assert.doesNotMatch(events, /SECRET/, events);
    assert.doesNotMatch(events, /agt_/, events);
    const delivered = socket.named('chat.message.created').map((e) => VisitorMessage.parse(e.payload.message));
    assert.ok(delivered.some((m) => m.messageId === reply.body.messageId));
  });

  it('a customer message is answered in the customer shape', async (t) => {
    const h = await setup(t);
    const visitor = await h.openVisitor({ body: 'first' });
    const sent = await h.call('POST', thread(visitor.conversationId), { token: visitor.visitorToken, body: { body: 'second', clientMessageId: 'c-1' } });
    assert.equal(sent.status, 201);
    const message = VisitorMessage.parse(sent.body);
    assert.equal(message.clientMessageId, 'c-1');
    assert.deepEqual(message.author, { type: 'customer', name: 'Test Visitor' });
  });
});

describe('who may write to the visitor API', () => {
  it('refuses a text/plain form post, a urlencoded or multipart body, and a body without a type (415), storing nothing', async (t) => {
    const h = await setup(t);
    const visitor = await h.openVisitor({ body: 'hello' });
    const before = h.emulator.store.snapshot();
    const json = JSON.stringify({ tenantKey: TENANT_KEY, name: 'Mallory', body: 'spam' });
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx']) {
      assertError(await h.call('POST', START, { rawBody: json, headers: { 'Content-Type': type } }), 415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type');
      assertError(
        await h.call('POST', thread(visitor.conversationId), { token: visitor.visitorToken, rawBody: '{"body":"spam"}', headers: { 'Content-Type': type } }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Content-Type',
      );
    }
    // What sendBeacon with a string and a no-cors fetch send: a body, and no JSON content type.
    const beacon = await fetch(`${h.url}${START}`, { method: 'POST', body: json });
    assertError({ status: beacon.status, body: await beacon.json(), headers: beacon.headers }, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type');
    assert.equal(h.emulator.store.snapshot(), before);
    const accepted = await h.call('POST', START, { rawBody: json, headers: { 'Content-Type': 'Application/JSON; charset=utf-8' } });
    assert.equal(accepted.status, 201);
  });

  it('refuses a foreign Origin (403) and Origin null; allows loopback, --allowed-origin and no Origin', async (t) => {
    const h = await setup(t, { allowedOrigins: ['https://shop.example'] });
    const visitor = await h.openVisitor({ body: 'hello' });
    const before = h.emulator.store.snapshot();
    const body = { tenantKey: TENANT_KEY, name: 'Mallory', body: 'spam' };
    for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1.evil.example', 'https://shop.example.evil', 'http://shop.example']) {
      assertError(await h.call('POST', START, { body, headers: { Origin: origin } }), 403, 'VISITOR_ORIGIN_FORBIDDEN', 'Origin');
      assertError(
        await h.call('POST', thread(visitor.conversationId), { token: visitor.visitorToken, body: { body: 'spam' }, headers: { Origin: origin } }),
        403,
        'VISITOR_ORIGIN_FORBIDDEN',
        'Origin',
      );
      // The no-cors attack: a foreign page's form post. Refused, whichever check comes first.
      const form = await h.call('POST', START, { rawBody: JSON.stringify(body), headers: { Origin: origin, 'Content-Type': 'text/plain' } });
      assert.ok(form.status === 403 || form.status === 415, String(form.status));
    }
    assert.equal(h.emulator.store.snapshot(), before);
    for (const origin of ['http://127.0.0.1:5173', 'http://localhost:8080', 'https://shop.example', undefined]) {
      const answer = await h.call('POST', START, { body: { tenantKey: TENANT_KEY, name: 'Ana' }, ...(origin ? { headers: { Origin: origin } } : {}) });
      assert.equal(answer.status, 201, `${origin}: ${JSON.stringify(answer.body)}`);
    }
  });

  it('a flood of visitor starts from one address gets 429 with Retry-After, and the store stops growing', async (t) => {
    const h = await setup(t, { visitorRateLimits: { start: { capacity: 5, perSecond: 0.05 }, send: { capacity: 100, perSecond: 10 } } });
    const conversationsBefore = h.emulator.store.visitors.size;
    const answers = [];
    for (let i = 0; i < 200; i++) answers.push(await h.call('POST', START, { body: { tenantKey: TENANT_KEY, name: `Flood ${i}`, body: 'x' } }));
    assert.equal(answers.filter((a) => a.status === 201).length, 5);
    const refused = answers.filter((a) => a.status !== 201);
    assert.equal(refused.length, 195);
    for (const answer of refused) {
      assertError(answer, 429, 'VISITOR_RATE_LIMITED');
      const retryAfter = Number(answer.headers.get('retry-after'));
      assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 20, `Retry-After ${answer.headers.get('retry-after')}`);
    }
    assert.equal(h.emulator.store.visitors.size, conversationsBefore + 5);
    // Another address is not held up by this one.
    const other = await postFrom('127.0.0.2', h.url, START, { tenantKey: TENANT_KEY, name: 'Neighbour' });
    assert.equal(other.status, 201, other.text);
    // After Retry-After, one more gets through.
    h.clock.advanceSeconds(20);
    assert.equal((await h.call('POST', START, { body: { tenantKey: TENANT_KEY, name: 'Later' } })).status, 201);
  });

  it('a flood of messages from one visitor gets 429 with Retry-After; other visitors still send', async (t) => {
    const h = await setup(t, { visitorRateLimits: { start: { capacity: 10, perSecond: 1 }, send: { capacity: 3, perSecond: 0.01 } } });
    const flooder = await h.openVisitor({ body: 'hello' });
    const calm = await h.openVisitor({ body: 'hello' });
    const before = h.emulator.store.snapshot();
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) {
      const answer = await h.call('POST', thread(flooder.conversationId), { token: flooder.visitorToken, body: { body: `spam ${i}` } });
      statuses.push(answer.status);
      if (answer.status === 429) {
        assertError(answer, 429, 'VISITOR_RATE_LIMITED');
        const retryAfter = Number(answer.headers.get('retry-after'));
        assert.ok(retryAfter >= 1 && retryAfter <= 100, String(retryAfter));
      }
    }
    assert.deepEqual(statuses.slice(0, 3), [201, 201, 201]);
    assert.ok(statuses.slice(3).every((s) => s === 429));
    assert.notEqual(h.emulator.store.snapshot(), before);
    const thread3 = await h.call('GET', thread(flooder.conversationId), { token: flooder.visitorToken });
    assert.equal(thread3.body.messages.length, 4, 'the first message and three more, no others');
    assert.equal((await h.call('POST', thread(calm.conversationId), { token: calm.visitorToken, body: { body: 'calm' } })).status, 201);
  });

  it('the bucket table stays bounded however many clients there are', () => {
    let now = 0;
    const buckets = new TokenBuckets({ capacity: 2, perSecond: 1 }, () => now, 100);
    for (let i = 0; i < 10_000; i++) buckets.take(`10.0.${i >> 8}.${i & 255}`);
    assert.equal(buckets.size, 100);
    // A busy client keeps its empty bucket while others come and go.
    buckets.take('busy');
    buckets.take('busy');
    for (let i = 0; i < 500; i++) {
      buckets.take(`other-${i}`);
      assert.equal(buckets.take('busy').ok, false);
    }
    now += 1000;
    assert.equal(buckets.take('busy').ok, true);
  });
});

function postFrom(localAddress: string, base: string, path: string, body: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const request = http.request(
      `${base}${path}`,
      { method: 'POST', localAddress, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}
