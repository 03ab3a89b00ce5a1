/**
 * Malformed input: every case answers 400 (413 for an oversize request) with the offending field
 * in `error.field`, and leaves the store exactly as it was.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SERVER_KEY, assertError, conv, setup } from './helpers.js';

interface BadInput {
  label: string;
  method: string;
  path: string;
  body?: unknown;
  rawBody?: string;
  query?: Record<string, string>;
  field: string;
}

const REPLY = `${conv('cnv_assigned1')}/messages`;
const LIST = '/api/agent/conversations';

/** A real cursor of each list, taken from the emulator under test. */
const CONVERSATIONS_CURSOR = '<conversations cursor>';
const MESSAGES_CURSOR = '<messages cursor>';

const cases: BadInput[] = [
  // unknown fields and parameters
  { label: 'an unknown body field', method: 'POST', path: REPLY, body: { body: 'hi', urgent: true }, field: 'urgent' },
  { label: 'an unknown field on close', method: 'POST', path: `${conv('cnv_assigned1')}/close`, body: { reason: 'x', notify: false }, field: 'notify' },
  { label: 'an unknown query parameter', method: 'GET', path: LIST, query: { sort: 'oldest' }, field: 'sort' },
  { label: 'a query parameter on a route without any', method: 'GET', path: '/api/agent/profile', query: { verbose: '1' }, field: 'verbose' },
  // wrong types
  { label: 'a number as the reply body', method: 'POST', path: REPLY, body: { body: 42 }, field: 'body' },
  { label: 'null as the reply body', method: 'POST', path: REPLY, body: { body: null }, field: 'body' },
  { label: 'a string for note', method: 'POST', path: REPLY, body: { body: 'hi', note: 'yes' }, field: 'note' },
  { label: 'a number for clientMessageId', method: 'POST', path: REPLY, body: { body: 'hi', clientMessageId: 7 }, field: 'clientMessageId' },
  { label: 'spaces in clientMessageId', method: 'POST', path: REPLY, body: { body: 'hi', clientMessageId: 'has spaces' }, field: 'clientMessageId' },
  { label: 'an unknown presence', method: 'PUT', path: '/api/agent/presence', body: { status: 'away' }, field: 'status' },
  { label: 'a missing presence', method: 'PUT', path: '/api/agent/presence', body: {}, field: 'status' },
  { label: 'an unknown list status', method: 'GET', path: LIST, query: { status: 'pending' }, field: 'status' },
  { label: 'an array as the whole body', method: 'POST', path: REPLY, rawBody: '[]', field: '(request body)' },
  { label: 'a string as the whole body', method: 'POST', path: REPLY, rawBody: '"hello"', field: '(request body)' },
  // message text
  { label: 'an empty reply body', method: 'POST', path: REPLY, body: { body: '' }, field: 'body' },
  { label: 'a whitespace-only reply body', method: 'POST', path: REPLY, body: { body: ' \n\t  ' }, field: 'body' },
  { label: 'a reply body of 10,001 characters', method: 'POST', path: REPLY, body: { body: 'x'.repeat(10_001) }, field: 'body' },
  { label: 'a missing reply body', method: 'POST', path: REPLY, body: { note: true }, field: 'body' },
  { label: 'a missing close reason', method: 'POST', path: `${conv('cnv_assigned1')}/close`, body: {}, field: 'reason' },
  { label: 'no request body where a reason is required', method: 'POST', path: `${conv('cnv_assigned1')}/close`, rawBody: '', field: 'reason' },
  { label: 'a whitespace close reason', method: 'POST', path: `${conv('cnv_assigned1')}/close`, body: { reason: '   ' }, field: 'reason' },
  { label: 'a close reason of 501 characters', method: 'POST', path: `${conv('cnv_assigned1')}/close`, body: { reason: 'r'.repeat(501) }, field: 'reason' },
  { label: 'an empty accept reason', method: 'POST', path: `${conv('cnv_queueSupport')}/accept`, body: { reason: '' }, field: 'reason' },
  { label: 'a missing deletion reason', method: 'DELETE', path: `${conv('cnv_assigned1')}/messages/msg_0001/attachments`, body: {}, field: 'reason' },
  // ids
  { label: 'a bad conversation id on GET', method: 'GET', path: conv('not-a-conversation'), field: 'conversationId' },
  { label: 'a bad conversation id on messages', method: 'GET', path: `${conv('cnv_with-dash')}/messages`, field: 'conversationId' },
  { label: 'a bad conversation id on reply', method: 'POST', path: `${conv('12345')}/messages`, body: { body: 'hi' }, field: 'conversationId' },
  { label: 'a bad message id to mark read', method: 'POST', path: `${conv('cnv_assigned1')}/read`, body: { messageId: 'm1' }, field: 'messageId' },
  { label: 'a missing message id to mark read', method: 'POST', path: `${conv('cnv_assigned1')}/read`, body: {}, field: 'messageId' },
  { label: 'a bad message id in the path', method: 'DELETE', path: `${conv('cnv_assigned1')}/messages/m1/attachments`, body: { reason: 'x' }, field: 'messageId' },
  { label: 'a bad agent id', method: 'POST', path: `${conv('cnv_assigned1')}/assign`, body: { assignedAgentId: 'agent.three', reason: 'x' }, field: 'assignedAgentId' },
  {
    label: 'a well-formed agent id nobody has',
    method: 'POST',
    path: `${conv('cnv_assigned1')}/assign`,
    body: { assignedAgentId: 'agt_nobody', reason: 'x' },
    field: 'assignedAgentId',
  },
  { label: 'a bad department id', method: 'POST', path: `${conv('cnv_assigned1')}/transfer`, body: { departmentId: 'billing', reason: 'x' }, field: 'departmentId' },
  { label: 'a bad department filter', method: 'GET', path: LIST, query: { departmentId: 'sales' }, field: 'departmentId' },
  // cursors
  { label: 'a garbage cursor with symbols', method: 'GET', path: LIST, query: { cursor: '%%%not-a-cursor%%%' }, field: 'cursor' },
  { label: 'a garbage cursor of plain letters', method: 'GET', path: LIST, query: { cursor: 'abcdef' }, field: 'cursor' },
  { label: 'a garbage messages cursor', method: 'GET', path: REPLY, query: { cursor: 'abcdef' }, field: 'cursor' },
  { label: 'a messages cursor used for conversations', method: 'GET', path: LIST, query: { cursor: MESSAGES_CURSOR }, field: 'cursor' },
  { label: 'a conversations cursor used for messages', method: 'GET', path: REPLY, query: { cursor: CONVERSATIONS_CURSOR }, field: 'cursor' },
  // limits
  ...['0', '101', 'abc', '1.5', '-1', ''].flatMap((limit) => [
    { label: `limit ${JSON.stringify(limit)} on conversations`, method: 'GET', path: LIST, query: { limit }, field: 'limit' },
    { label: `limit ${JSON.stringify(limit)} on messages`, method: 'GET', path: REPLY, query: { limit }, field: 'limit' },
  ]),
  // events
  { label: 'events without after', method: 'GET', path: '/api/agent/events', field: 'after' },
  { label: 'events after -1', method: 'GET', path: '/api/agent/events', query: { after: '-1' }, field: 'after' },
  { label: 'events after abc', method: 'GET', path: '/api/agent/events', query: { after: 'abc' }, field: 'after' },
  // JSON
  { label: 'invalid JSON', method: 'POST', path: REPLY, rawBody: '{"body": "hi"', field: '(request body)' },
  { label: 'invalid JSON on PUT', method: 'PUT', path: '/api/agent/presence', rawBody: "{status: 'online'}", field: '(request body)' },
];

describe('malformed agent input answers 400 naming the field and changes nothing', () => {
  for (const c of cases) {
    it(`${c.label} → 400 ${c.field}`, async (t) => {
      const h = await setup(t);
      const token = await h.mint('agent.one');
      const client = h.as(token);
      const query = { ...(c.query ?? {}) };
      if (query.cursor === CONVERSATIONS_CURSOR) {
        query.cursor = (await client.get(LIST, { status: 'all', limit: 2 })).body.nextCursor;
      } else if (query.cursor === MESSAGES_CURSOR) {
        query.cursor = (await client.get(REPLY, { limit: 1 })).body.nextCursor;
      }
      if (c.query?.cursor && c.query.cursor.startsWith('<')) assert.equal(typeof query.cursor, 'string', 'the list should have handed out a cursor');
      const before = h.emulator.store.snapshot();
      const answer = await h.call(c.method, c.path, {
        token,
        ...(c.body !== undefined ? { body: c.body } : {}),
        ...(c.rawBody !== undefined ? { rawBody: c.rawBody } : {}),
        ...(c.query ? { query } : {}),
      });
      assertError(answer, 400, 'AGENT_SDK_INVALID_REQUEST', c.field);
      assert.equal(h.emulator.store.snapshot(), before);
    });
  }
});

describe('limits that are allowed', () => {
  it('accepts a reply body of exactly 10,000 characters, and trims nothing', async (t) => {
    const h = await setup(t);
    const one = await h.agent('agent.one');
    const body = `  ${'y'.repeat(9_996)}  `;
    const answer = await one.post(REPLY, { body });
    assert.equal(answer.status, 201);
    assert.equal(answer.body.body, body);
  });

  it('accepts limit 1 and limit 100', async (t) => {
    const h = await setup(t);
    const lead = await h.agent('lead.one');
    assert.equal((await lead.get(LIST, { limit: 1 })).body.conversations.length, 1);
    assert.equal((await lead.get(LIST, { limit: 100, status: 'all' })).status, 200);
  });
});

describe('oversize requests answer 413 PAYLOAD_TOO_LARGE', () => {
  const huge = JSON.stringify({ body: 'z'.repeat(70 * 1024) });

  for (const [label, path, auth] of [
    ['an agent reply', REPLY, 'agent'],
    ['the Server API', '/api/server/sdk-token/agent', 'server'],
    ['a visitor start', '/api/visitor/conversations', 'none'],
  ] as const) {
    it(`${label} over 64 KB`, async (t) => {
      const h = await setup(t);
      const headers: Record<string, string> = auth === 'server' ? { Authorization: `Bearer ${SERVER_KEY}` } : {};
      const token = auth === 'agent' ? await h.mint('agent.one') : null;
      const before = h.emulator.store.snapshot();
      const answer = await h.call('POST', path, { token, headers, rawBody: huge });
      assertError(answer, 413, 'PAYLOAD_TOO_LARGE');
      assert.equal(h.emulator.store.snapshot(), before);
    });
  }

  it('a request without Content-Length that streams past 64 KB', async (t) => {
    const h = await setup(t);
    const token = await h.mint('agent.one');
    const chunk = new TextEncoder().encode('z'.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"body":"'));
        if (sent < 5) {
          controller.enqueue(chunk);
          sent++;
        } else {
          controller.enqueue(new TextEncoder().encode('"}'));
          controller.close();
        }
      },
    });
    const before = h.emulator.store.snapshot();
    const response = await fetch(`${h.url}${REPLY}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assertError({ status: response.status, body: await response.json(), headers: response.headers }, 413, 'PAYLOAD_TOO_LARGE');
    assert.equal(h.emulator.store.snapshot(), before);
  });
});
