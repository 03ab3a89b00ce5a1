/**
 * Token expiry on the agent socket, in Node with ws against the real emulator, whose clock the
 * test moves. Found by the fault suite: a fresh token that expires before its first use (the
 * laptop slept between the refresh and the reconnect) used to sign the agent out for good.
 */
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket as NodeWebSocket } from 'ws';
import { RingnityAgent } from '../../src/sdk/agent.js';
import type { ConnectionState } from '../../src/sdk/socket.js';
import { SERVER_KEY, TENANT_KEY, setup } from './helpers.js';

globalThis.WebSocket ??= NodeWebSocket as unknown as typeof WebSocket;

const LIFETIME_S = 60;

async function until(probe: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** An agent whose getToken hands out, on its second call only, a token the server's clock has already passed. */
async function agentWithOneStaleToken(t: TestContext) {
  const harness = await setup(t);
  let calls = 0;
  const getToken = async () => {
    calls++;
    const minted = await harness.call('POST', '/api/server/sdk-token/agent', {
      headers: { Authorization: `Bearer ${SERVER_KEY}` },
      body: { username: 'agent.one', scopes: ['agent:messages:read', 'agent:conversations:read'], expiresIn: LIFETIME_S },
    });
    // The machine sleeps between the refresh and the reconnect that uses it.
    if (calls === 2) harness.clock.advanceSeconds(LIFETIME_S + 1);
    return minted.body.token as string;
  };
  const agent = await RingnityAgent.create({ getToken, apiBaseUrl: harness.url, connectTimeoutMs: 3_000 });
  t.after(() => agent.destroy());
  const states: ConnectionState[] = [];
  const bodies: string[] = [];
  const errors: string[] = [];
  agent.connection.onChange((state) => states.push(state));
  agent.on('chat.message.created', (data) => bodies.push(data.message.body));
  agent.on('error', (error) => errors.push(error.code));
  return { harness, agent, states, bodies, errors, calls: () => calls };
}

describe('agent socket: token expiry', () => {
  it('keeps the session when a freshly fetched token expired before it was used', async (t) => {
    const { harness, agent, states, bodies, errors, calls } = await agentWithOneStaleToken(t);
    harness.clock.advanceSeconds(LIFETIME_S + 1);
    // The next event finds the session expired; the refresh hands over a token that is stale already.
    const visitor = await harness.call('POST', '/api/visitor/conversations', { body: { tenantKey: TENANT_KEY, name: 'Sleepy', departmentId: 'dep_support', body: 'first' } });
    assert.equal(visitor.status, 201);
    await until(() => calls() >= 3 || states.includes('disconnected'), 'a third token or the end of the session');
    await until(() => agent.connection.state === 'connected' || agent.connection.state === 'disconnected', 'the session to settle');
    assert.equal(agent.connection.state, 'connected', `the session ended for good: states ${states.join(' > ')}, errors ${errors.join(', ')}`);
    await harness.call('POST', `/api/visitor/conversations/${visitor.body.conversationId}/messages`, { token: visitor.body.visitorToken, body: { body: 'second' } });
    await until(() => bodies.includes('second'), 'the next message');
    assert.deepEqual(bodies, ['first', 'second']);
  });

  it('still gives up when fresh tokens keep being refused', async (t) => {
    const harness = await setup(t);
    const minted = await harness.mint('agent.one', ['agent:messages:read']);
    let refreshes = 0;
    const agent = await RingnityAgent.create({
      // The same claims under a signature the server refuses, on every refresh.
      getToken: async () => (refreshes++ === 0 ? minted : `${minted.split('.').slice(0, 2).join('.')}.forged`),
      apiBaseUrl: harness.url,
      connectTimeoutMs: 3_000,
    });
    t.after(() => agent.destroy());
    harness.clock.advanceSeconds(3_600);
    await harness.openVisitor({ departmentId: 'dep_support' });
    await until(() => agent.connection.state === 'disconnected', 'the session to end');
    assert.ok(refreshes <= 4, `getToken was called ${refreshes} times before giving up`);
  });
});
