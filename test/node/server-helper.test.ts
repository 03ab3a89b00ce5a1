import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { AgentTokenError, createAgentToken, createAgentTokenHandler, toExpressHandler, toNodeListener } from '../../src/server/index.js';
import { AGENT_SCOPES } from '../../src/protocol/scopes.js';

const KEY = 'rn_sk_test_demo';

describe('server helper: createAgentToken', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  after(() => emulator.close());

  it('mints a token against the emulator that the Agent API accepts', async () => {
    const minted = await createAgentToken({ apiBaseUrl: emulator.url, serverApiKey: KEY, username: 'agent.two', scopes: ['agent:profile:read'], expiresIn: 120 });
    assert.equal(minted.expiresIn, 120);
    assert.deepEqual(minted.agent, { id: 'agt_two', username: 'agent.two', role: 'agent', departmentId: 'dep_billing' });
    assert.deepEqual(decodeJwt(minted.token).scp, ['agent:profile:read']);
    const profile = await fetch(`${emulator.url}/api/agent/profile`, { headers: { Authorization: `Bearer ${minted.token}` } });
    assert.equal(profile.status, 200);
    assert.equal(((await profile.json()) as { agent: { username: string } }).agent.username, 'agent.two');
  });

  for (const [label, overrides, field] of [
    ['expiresIn over 3600', { expiresIn: 3601 }, 'expiresIn'],
    ['expiresIn of zero', { expiresIn: 0 }, 'expiresIn'],
    ['fractional expiresIn', { expiresIn: 1.5 }, 'expiresIn'],
    ['an unknown scope', { scopes: ['agent:everything'] }, 'scopes'],
    ['no scopes', { scopes: [] }, 'scopes'],
    ['an empty username', { username: ' ' }, 'username'],
  ] as const) {
    it(`refuses ${label} before any request is sent`, async () => {
      let requests = 0;
      const counting: typeof fetch = async (...args) => {
        requests++;
        return fetch(...args);
      };
      await assert.rejects(
        createAgentToken({ apiBaseUrl: emulator.url, serverApiKey: KEY, username: 'agent.one', scopes: ['agent:profile:read'], fetch: counting, ...(overrides as object) }),
        (error: unknown) => error instanceof AgentTokenError && error.status === 400 && error.field === field && !error.message.includes(KEY),
      );
      assert.equal(requests, 0);
    });
  }

  it('reports a server refusal without the key in the error', async () => {
    const key = 'rn_sk_test_readonly';
    const error = await createAgentToken({ apiBaseUrl: emulator.url, serverApiKey: key, username: 'agent.one', scopes: ['agent:profile:read'] }).catch((e: unknown) => e);
    assert.ok(error instanceof AgentTokenError);
    assert.equal(error.code, 'SERVER_API_SCOPE_DENIED');
    assert.equal(error.status, 403);
    assert.ok(!JSON.stringify({ ...error, message: error.message, stack: error.stack }).includes(key));
  });

  it('keeps the key out of every part of an upstream error, field and code included', async () => {
    const key = 'rn_sk_live_echoed_key_123';
    // An upstream (a proxy, a misbehaving gateway) that echoes the key in every part of its error.
    const echoing: typeof fetch = async () =>
      new Response(JSON.stringify({ error: { code: `BAD_${key}`, message: `key ${key} refused`, status: 400, field: `headers.authorization:Bearer ${key}` } }), {
        status: 400,
        headers: { 'Content-Type': 'application/json' },
      });
    const error = await createAgentToken({ apiBaseUrl: 'http://127.0.0.1:1', serverApiKey: key, username: 'agent.one', scopes: ['agent:profile:read'], fetch: echoing }).catch(
      (e: unknown) => e,
    );
    assert.ok(error instanceof AgentTokenError);
    assert.equal(error.status, 400);
    assert.ok(error.field, 'the field is passed on, scrubbed');
    for (const part of [error.code, error.message, error.field, error.stack ?? '', JSON.stringify(error)]) assert.ok(!part.includes(key), part);

    // Through the token route, nothing the browser gets carries it either.
    const route = createAgentTokenHandler({
      serverApiKey: key,
      apiBaseUrl: 'http://127.0.0.1:1',
      fetch: echoing,
      authorize: () => ({ username: 'agent.one', scopes: ['agent:profile:read'] }),
    });
    const response = await route(new Request('http://crm.test/api/ringnity/agent-token', { method: 'POST', body: '{}' }));
    const text = `${JSON.stringify([...response.headers])}${await response.text()}`;
    assert.equal(response.status, 400);
    assert.ok(!text.includes(key), text);

    // A success body that carries the key is not passed on.
    const leakyOk: typeof fetch = async () =>
      Response.json({
        token: `t.${key}.x`,
        expiresIn: 900,
        expiresAt: new Date().toISOString(),
        agent: { id: 'a', username: 'u', role: 'agent', departmentId: null },
        tenant: { id: 't', key: 'k' },
      });
    const refused = await createAgentToken({ serverApiKey: key, username: 'agent.one', scopes: ['agent:profile:read'], fetch: leakyOk }).catch((e: unknown) => e);
    assert.ok(refused instanceof AgentTokenError && !JSON.stringify({ ...refused, message: refused.message }).includes(key));
  });

  it('reports an unreachable API without the key', async () => {
    const error = await createAgentToken({ apiBaseUrl: 'http://127.0.0.1:1', serverApiKey: KEY, username: 'agent.one', scopes: ['agent:profile:read'] }).catch((e: unknown) => e);
    assert.ok(error instanceof AgentTokenError);
    assert.equal(error.code, 'NETWORK_ERROR');
    assert.ok(!`${error.message}${error.stack}`.includes(KEY));
  });
});

describe('server helper: the token route', () => {
  let emulator: RunningEmulator;
  let crm: http.Server;
  let crmUrl: string;
  const logged: string[] = [];
  const grants: Record<string, { username: string; scopes: (typeof AGENT_SCOPES)[number][]; expiresIn?: number }> = {
    'u-1': { username: 'agent.one', scopes: [...AGENT_SCOPES] },
    'u-long': { username: 'agent.one', scopes: ['agent:profile:read'], expiresIn: 7200 },
    'u-ghost': { username: 'nobody.here', scopes: ['agent:profile:read'] },
  };

  before(async () => {
    emulator = await startEmulator({ port: 0 });
    const routeFor = (serverApiKey: string) =>
      createAgentTokenHandler({
        serverApiKey,
        apiBaseUrl: emulator.url,
        // Stands in for the CRM's session check: the user id comes from a header the CRM trusts.
        authorize: (request) => grants[request.headers.get('x-crm-user') ?? ''] ?? null,
        onError: (error) => logged.push(`${error.code} ${error.message} ${error.stack ?? ''}`),
      });
    const good = toNodeListener(routeFor(KEY));
    const misconfigured = toExpressHandler(routeFor('rn_sk_test_readonly'));
    crm = http.createServer((req, res) => (req.url === '/broken' ? misconfigured(req, res) : good(req, res)));
    await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
    crmUrl = `http://127.0.0.1:${(crm.address() as AddressInfo).port}`;
  });
  after(async () => {
    crm.closeAllConnections();
    await new Promise((resolve) => crm.close(resolve));
    await emulator.close();
  });

  const post = (path: string, user?: string) =>
    fetch(`${crmUrl}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(user ? { 'x-crm-user': user } : {}) }, body: '{}' });

  it('answers { token } for a signed-in user, as the page expects', async () => {
    const response = await post('/api/ringnity/agent-token', 'u-1');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = (await response.json()) as { token: string };
    assert.equal(decodeJwt(body.token).usr, 'agent.one');
  });

  it('refuses a request with no signed-in user', async () => {
    const response = await post('/api/ringnity/agent-token');
    assert.equal(response.status, 401);
  });

  it('refuses grants beyond the limits before calling Ringnity', async () => {
    const response = await post('/api/ringnity/agent-token', 'u-long');
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: { field: string } }).error.field, 'expiresIn');
  });

  it('passes on an unknown username as a 400', async () => {
    const response = await post('/api/ringnity/agent-token', 'u-ghost');
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: { field: string } }).error.field, 'username');
  });

  it('hides a misconfigured key behind a 502 and never shows the key', async () => {
    const response = await post('/broken', 'u-1');
    assert.equal(response.status, 502);
    const text = await response.text();
    assert.match(text, /TOKEN_SERVICE_MISCONFIGURED/);
    assert.ok(!text.includes('rn_sk_test_readonly'));
  });

  it('never puts the key in any response or log line', async () => {
    const responses = await Promise.all([
      post('/api/ringnity/agent-token', 'u-1'),
      post('/api/ringnity/agent-token'),
      post('/api/ringnity/agent-token', 'u-long'),
      post('/api/ringnity/agent-token', 'u-ghost'),
      post('/broken', 'u-1'),
      fetch(`${crmUrl}/api/ringnity/agent-token`),
    ]);
    for (const response of responses) {
      const everything = `${JSON.stringify([...response.headers])}${await response.text()}`;
      assert.ok(!everything.includes(KEY) && !everything.includes('rn_sk_test_readonly'), everything);
    }
    assert.ok(logged.length > 0);
    for (const line of logged) assert.ok(!line.includes(KEY) && !line.includes('rn_sk_test_readonly'), line);
  });
});
