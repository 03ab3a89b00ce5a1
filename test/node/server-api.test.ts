import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { ALL_SCOPES, AGENT, DEP, READONLY_KEY, SERVER_KEY, assertError, setup } from './helpers.js';
import { AgentTokenResponse } from '../../src/protocol/responses.js';

const PATH = '/api/server/sdk-token/agent';
const request = { username: 'agent.one', scopes: ['agent:profile:read', 'agent:messages:read'] };

describe('Server API: POST /api/server/sdk-token/agent', () => {
  it('accepts the key as "Authorization: Bearer KEY" and as "X-Ringnity-Server-Key: KEY"', async (t) => {
    const h = await setup(t);
    const bearer = await h.call('POST', PATH, { headers: { Authorization: `Bearer ${SERVER_KEY}` }, body: request });
    assert.equal(bearer.status, 200);
    const header = await h.call('POST', PATH, { headers: { 'X-Ringnity-Server-Key': SERVER_KEY }, body: request });
    assert.equal(header.status, 200);
    for (const answer of [bearer, header]) {
      const profile = await h.as(answer.body.token).get('/api/agent/profile');
      assert.equal(profile.status, 200);
      assert.equal(profile.body.agent.username, 'agent.one');
    }
  });

  it('answers the contract shape: token, expiresIn, expiresAt, agent, tenant', async (t) => {
    const h = await setup(t);
    const answer = await h.call('POST', PATH, { headers: { Authorization: `Bearer ${SERVER_KEY}` }, body: request });
    assert.equal(answer.status, 200);
    assert.deepEqual(Object.keys(answer.body).sort(), ['agent', 'expiresAt', 'expiresIn', 'tenant', 'token']);
    assert.deepEqual(AgentTokenResponse.parse(answer.body), answer.body);
    assert.deepEqual(answer.body.agent, { id: AGENT.one, username: 'agent.one', role: 'agent', departmentId: DEP.support });
    assert.deepEqual(answer.body.tenant, { id: 'ten_demo', key: 'demo-tenant' });
    const { exp } = decodeJwt(answer.body.token);
    assert.equal(answer.body.expiresAt, new Date(exp! * 1000).toISOString());
  });

  it('puts sub, tid, tkey, usr, role, dep, scp, iat, exp and jti in the JWT', async (t) => {
    const h = await setup(t);
    const before = Math.floor(h.clock.now() / 1000);
    const minted = await h.mintFull('agent.two', ['agent:messages:read', 'agent:profile:read', 'agent:messages:read'], 600);
    const after = Math.floor(h.clock.now() / 1000);
    const claims = decodeJwt(minted.token);
    assert.equal(decodeProtectedHeader(minted.token).alg, 'HS256');
    assert.equal(claims.sub, AGENT.two);
    assert.equal(claims.tid, 'ten_demo');
    assert.equal(claims.tkey, 'demo-tenant');
    assert.equal(claims.usr, 'agent.two');
    assert.equal(claims.role, 'agent');
    assert.equal(claims.dep, DEP.billing);
    assert.deepEqual(claims.scp, ['agent:messages:read', 'agent:profile:read'], 'scopes are kept in order without duplicates');
    assert.ok(claims.iat! >= before && claims.iat! <= after);
    assert.equal(claims.exp! - claims.iat!, 600);
    assert.equal(typeof claims.jti, 'string');
    const again = decodeJwt(await h.mint('agent.two', ['agent:profile:read'], 600));
    assert.notEqual(again.jti, claims.jti, 'every token has its own jti');
  });

  it('carries the role and a null department for supervisors and admins', async (t) => {
    const h = await setup(t);
    for (const [username, role, id] of [
      ['lead.one', 'supervisor', AGENT.lead],
      ['admin.one', 'admin', AGENT.admin],
    ] as const) {
      const minted = await h.mintFull(username, ALL_SCOPES);
      assert.deepEqual(minted.agent, { id, username, role, departmentId: null });
      const claims = decodeJwt(minted.token);
      assert.equal(claims.role, role);
      assert.equal(claims.dep, null);
      assert.deepEqual(claims.scp, [...ALL_SCOPES]);
    }
  });

  it('defaults expiresIn to 900 seconds', async (t) => {
    const h = await setup(t);
    const minted = await h.mintFull('agent.one', ['agent:profile:read']);
    assert.equal(minted.expiresIn, 900);
    const claims = decodeJwt(minted.token);
    assert.equal(claims.exp! - claims.iat!, 900);
  });

  it('accepts expiresIn 3600, the maximum', async (t) => {
    const h = await setup(t);
    const minted = await h.mintFull('agent.one', ['agent:profile:read'], 3600);
    assert.equal(minted.expiresIn, 3600);
    const claims = decodeJwt(minted.token);
    assert.equal(claims.exp! - claims.iat!, 3600);
  });

  for (const expiresIn of [3601, 0, -5, 1.5, '900', null]) {
    it(`refuses expiresIn ${JSON.stringify(expiresIn)} with 400 naming expiresIn`, async (t) => {
      const h = await setup(t);
      const answer = await h.call('POST', PATH, { headers: { Authorization: `Bearer ${SERVER_KEY}` }, body: { ...request, expiresIn } });
      assertError(answer, 400, 'SERVER_API_INVALID_REQUEST', 'expiresIn');
    });
  }

  it('answers 401 SERVER_API_KEY_MISSING without a key', async (t) => {
    const h = await setup(t);
    assertError(await h.call('POST', PATH, { body: request }), 401, 'SERVER_API_KEY_MISSING');
    assertError(await h.call('POST', PATH, { headers: { Authorization: 'Bearer ' }, body: request }), 401, 'SERVER_API_KEY_MISSING');
  });

  it('answers 401 SERVER_API_KEY_INVALID for a wrong key in either header, before looking at the body', async (t) => {
    const h = await setup(t);
    assertError(await h.call('POST', PATH, { headers: { Authorization: 'Bearer rn_sk_test_wrong' }, body: request }), 401, 'SERVER_API_KEY_INVALID');
    assertError(await h.call('POST', PATH, { headers: { 'X-Ringnity-Server-Key': 'rn_sk_test_wrong' }, body: { nonsense: true } }), 401, 'SERVER_API_KEY_INVALID');
  });

  it('never echoes the key in an error', async (t) => {
    const h = await setup(t);
    const answer = await h.call('POST', PATH, { headers: { Authorization: 'Bearer rn_sk_test_secret_value' }, body: request });
    assert.ok(!JSON.stringify(answer.body).includes('rn_sk_test_secret_value'));
  });

  it('answers 403 SERVER_API_SCOPE_DENIED for rn_sk_test_readonly', async (t) => {
    const h = await setup(t);
    assertError(await h.call('POST', PATH, { headers: { Authorization: `Bearer ${READONLY_KEY}` }, body: request }), 403, 'SERVER_API_SCOPE_DENIED');
    assertError(await h.call('POST', PATH, { headers: { 'X-Ringnity-Server-Key': READONLY_KEY }, body: request }), 403, 'SERVER_API_SCOPE_DENIED');
  });

  it('answers 400 naming username for an unknown agent', async (t) => {
    const h = await setup(t);
    const answer = await h.call('POST', PATH, { headers: { Authorization: `Bearer ${SERVER_KEY}` }, body: { ...request, username: 'nobody.here' } });
    assertError(answer, 400, 'SERVER_API_INVALID_REQUEST', 'username');
  });

  for (const [label, body, field] of [
    ['an unknown scope', { ...request, scopes: ['agent:profile:read', 'agent:everything'] }, 'scopes.1'],
    ['a server scope', { ...request, scopes: ['server:agent-token:write'] }, 'scopes.0'],
    ['no scopes', { ...request, scopes: [] }, 'scopes'],
    ['scopes as a string', { ...request, scopes: 'agent:profile:read' }, 'scopes'],
    ['a missing username', { scopes: request.scopes }, 'username'],
    ['a missing scopes list', { username: 'agent.one' }, 'scopes'],
    ['an unknown field', { ...request, department: 'x' }, 'department'],
  ] as const) {
    it(`answers 400 SERVER_API_INVALID_REQUEST for ${label}`, async (t) => {
      const h = await setup(t);
      const answer = await h.call('POST', PATH, { headers: { Authorization: `Bearer ${SERVER_KEY}` }, body });
      assertError(answer, 400, 'SERVER_API_INVALID_REQUEST', field);
    });
  }

  it('answers 400 for a body that is not JSON', async (t) => {
    const h = await setup(t);
    const answer = await h.call('POST', PATH, { headers: { Authorization: `Bearer ${SERVER_KEY}` }, rawBody: '{"username": ' });
    assertError(answer, 400, 'SERVER_API_INVALID_REQUEST', '(request body)');
  });
});
