/**
 * What the REST layer makes of awkward input: a wrong type is named as such, query integers are
 * plain decimals given once, and typed text carries no control characters and is not invisible.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, conv, DEP, setup, TENANT_KEY } from './helpers.js';

const LIST = '/api/agent/conversations';

describe('a field of the wrong type', () => {
  for (const [label, value, expected] of [
    ['a number', 123, /body: expected a string, received a number/],
    ['an array', ['hi'], /body: expected a string, received an array/],
    ['null', null, /body: expected a string, received null/],
    ['an object', { text: 'hi' }, /body: expected a string, received an object/],
    ['a boolean', true, /body: expected a string, received a boolean/],
  ] as const) {
    it(`body as ${label} is reported with the field and the expected type, not as missing`, async (t) => {
      const h = await setup(t);
      const one = await h.agent('agent.one');
      const before = h.emulator.store.snapshot();
      const error = assertError(await one.post(`${conv('cnv_assigned1')}/messages`, { body: value }), 400, 'AGENT_SDK_INVALID_REQUEST', 'body');
      assert.match(error.message, expected);
      assert.doesNotMatch(error.message, /required/);
      assert.equal(h.emulator.store.snapshot(), before);
    });
  }

  it('a missing field is still reported as required, and other fields name their type', async (t) => {
    const h = await setup(t);
    const one = await h.agent('agent.one');
    assert.match(assertError(await one.post(`${conv('cnv_assigned1')}/messages`, {}), 400, 'AGENT_SDK_INVALID_REQUEST', 'body').message, /body: is required/);
    assert.match(
      assertError(await one.post(`${conv('cnv_assigned1')}/messages`, { body: 'hi', note: 'yes' }), 400, 'AGENT_SDK_INVALID_REQUEST', 'note').message,
      /note: expected a boolean, received a string/,
    );
    const visitor = await h.call('POST', '/api/visitor/conversations', { body: { tenantKey: TENANT_KEY, name: 42 } });
    assert.match(assertError(visitor, 400, 'VISITOR_INVALID_REQUEST', 'name').message, /name: expected a string, received a number/);
  });
});

describe('query integers', () => {
  const refused: Array<[string, string]> = [
    ['limit=', 'limit'],
    ['limit=0x10', 'limit'],
    ['limit=%205', 'limit'],
    ['limit=5%20', 'limit'],
    ['limit=1e1', 'limit'],
    ['limit=-1', 'limit'],
    ['limit=%2B5', 'limit'],
    ['limit=5.0', 'limit'],
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=99999999999999999999', 'limit'],
    ['limit=5&limit=6', 'limit'],
    ['limit=5&limit=5', 'limit'],
    ['status=open&status=all', 'status'],
    ['cursor=', 'cursor'],
  ];
  for (const [query, field] of refused) {
    it(`?${query} answers 400 naming ${field}`, async (t) => {
      const h = await setup(t);
      const lead = await h.agent('lead.one');
      const response = await h.call('GET', `${LIST}?${query}`, { token: lead.token });
      assertError(response, 400, 'AGENT_SDK_INVALID_REQUEST', field);
    });
  }

  it('?after= (empty) on the event log answers 400 naming after, not the whole log', async (t) => {
    const h = await setup(t);
    const one = await h.agent('agent.one');
    assertError(await h.call('GET', '/api/agent/events?after=', { token: one.token }), 400, 'AGENT_SDK_INVALID_REQUEST', 'after');
    assertError(await h.call('GET', '/api/agent/events?after=1&after=2', { token: one.token }), 400, 'AGENT_SDK_INVALID_REQUEST', 'after');
  });

  it('the event log reads after and limit as plain decimals within range too', async (t) => {
    const h = await setup(t);
    const one = await h.agent('agent.one');
    for (const query of ['after=0x10', 'after=1e1', 'after=%201', 'after=-1', 'after=1.0']) {
      assertError(await h.call('GET', `/api/agent/events?${query}`, { token: one.token }), 400, 'AGENT_SDK_INVALID_REQUEST', 'after');
    }
    for (const query of ['after=0&limit=0x10', 'after=0&limit=0', 'after=0&limit=1001']) {
      assertError(await h.call('GET', `/api/agent/events?${query}`, { token: one.token }), 400, 'AGENT_SDK_INVALID_REQUEST', 'limit');
    }
    const page = await h.call('GET', '/api/agent/events?after=0&limit=5', { token: one.token });
    assert.equal(page.status, 200, JSON.stringify(page.body));
  });

  it('plain decimals in range are accepted', async (t) => {
    const h = await setup(t);
    const lead = await h.agent('lead.one');
    for (const limit of ['1', '7', '100']) {
      const response = await h.call('GET', `${LIST}?status=all&limit=${limit}`, { token: lead.token });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.ok(response.body.conversations.length <= Number(limit));
    }
    assert.equal((await h.call('GET', `/api/agent/calls?limit=3`, { token: lead.token })).status, 200);
  });
});

describe('typed text', () => {
  const controls = ['\u0000', '\u0001', '\u0007', '\u000B', '\u000C', '\u001B', '\u007F', '\u0085', 'a\rb'];
  for (const control of controls) {
    const shown = JSON.stringify(control);
    it(`a body with ${shown} is refused naming the field, and nothing is stored`, async (t) => {
      const h = await setup(t);
      const one = await h.agent('agent.one');
      const visitor = await h.openVisitor({ departmentId: DEP.support, body: 'hello' });
      const before = h.emulator.store.snapshot();
      const error = assertError(await one.post(`${conv('cnv_assigned1')}/messages`, { body: `before${control}after` }), 400, 'AGENT_SDK_INVALID_REQUEST', 'body');
      assert.match(error.message, /control character U\+/);
      assertError(
        await h.call('POST', `/api/visitor/conversations/${visitor.conversationId}/messages`, { token: visitor.visitorToken, body: { body: `x${control}` } }),
        400,
        'VISITOR_INVALID_REQUEST',
        'body',
      );
      assert.equal(h.emulator.store.snapshot(), before);
    });
  }

  it('every stored text field refuses NUL: names, subjects, notes and reasons', async (t) => {
    const h = await setup(t);
    const lead = await h.agent('lead.one');
    const before = h.emulator.store.snapshot();
    const start = (extra: object) => h.call('POST', '/api/visitor/conversations', { body: { tenantKey: TENANT_KEY, name: 'Rosa', ...extra } });
    assertError(await start({ name: 'Ro\u0000sa' }), 400, 'VISITOR_INVALID_REQUEST', 'name');
    assertError(await start({ subject: 'Quote\u0000' }), 400, 'VISITOR_INVALID_REQUEST', 'subject');
    assertError(await start({ body: '\u0000' }), 400, 'VISITOR_INVALID_REQUEST', 'body');
    assertError(await lead.post(`${conv('cnv_assigned1')}/messages`, { body: 'internal\u0000', note: true }), 400, 'AGENT_SDK_INVALID_REQUEST', 'body');
    assertError(await lead.post(`${conv('cnv_assigned1')}/close`, { reason: 'done\u0008' }), 400, 'AGENT_SDK_INVALID_REQUEST', 'reason');
    assertError(await lead.post(`${conv('cnv_assigned1')}/transfer`, { departmentId: DEP.billing, reason: '\u001Bx' }), 400, 'AGENT_SDK_INVALID_REQUEST', 'reason');
    assert.equal(h.emulator.store.snapshot(), before);
  });

  for (const [label, body] of [
    ['zero-width spaces', '\u200B\u200B\u200B'],
    ['joiners and a word joiner', '\u200C\u200D\u2060'],
    ['a byte order mark among spaces', ' \uFEFF \t\n'],
    ['a mix of all of them', '\u200B \u200C\n\u200D\u2060\uFEFF'],
  ] as const) {
    it(`a body of only ${label} counts as empty`, async (t) => {
      const h = await setup(t);
      const one = await h.agent('agent.one');
      const before = h.emulator.store.snapshot();
      const error = assertError(await one.post(`${conv('cnv_assigned1')}/messages`, { body }), 400, 'AGENT_SDK_INVALID_REQUEST', 'body');
      assert.match(error.message, /must not be empty/);
      assertError(await h.call('POST', '/api/visitor/conversations', { body: { tenantKey: TENANT_KEY, name: body } }), 400, 'VISITOR_INVALID_REQUEST', 'name');
      assert.equal(h.emulator.store.snapshot(), before);
    });
  }

  it('tab, newline and CRLF are kept as text; CRLF is stored as a newline; visible text with zero-width characters is fine', async (t) => {
    const h = await setup(t);
    const one = await h.agent('agent.one');
    const sent = await one.post(`${conv('cnv_assigned1')}/messages`, { body: 'line one\r\n\tline two\nthree' });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    assert.equal(sent.body.body, 'line one\n\tline two\nthree');
    const joined = await one.post(`${conv('cnv_assigned1')}/messages`, { body: '\u200Bhi\u200D' });
    assert.equal(joined.status, 201);
    assert.equal(joined.body.body, '\u200Bhi\u200D');
  });
});
