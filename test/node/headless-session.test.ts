/**
 * The shared session without Lit or a DOM: `RingnitySession` and the page registry come from the
 * package's headless entry, and a host that draws its own UI signs in, follows the state, shares
 * the session through the registry and closes it, in Node against the real emulator.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WebSocket as NodeWebSocket } from 'ws';
import { RingnitySession, onPageSessionChange, pageSession, providePageSession, type SessionState } from '../../src/index.js';
import { AGENT, setup } from './helpers.js';

globalThis.WebSocket ??= NodeWebSocket as unknown as typeof WebSocket;

describe('the headless session', () => {
  it('signs in, is shared through the page registry, and closes, with no Lit and no DOM', async (t) => {
    const h = await setup(t);
    const session = new RingnitySession();
    const states: SessionState[] = [];
    t.after(session.subscribe((s) => states.push(s.state)));
    let pageChanges = 0;
    t.after(onPageSessionChange(() => pageChanges++));

    const unregister = providePageSession(session);
    assert.equal(pageSession(), session);
    assert.equal(pageChanges, 1);

    const agent = await session.connect({ getToken: () => h.mint('agent.one'), apiBaseUrl: h.url, connectTimeoutMs: 3_000 });
    assert.equal(session.state, 'connected');
    assert.equal(session.agent, agent);
    assert.equal(agent.id, AGENT.one);
    assert.equal(session.apiBaseUrl, h.url);
    assert.deepEqual(states, ['connecting', 'connected']);
    // One directory fetch per agent, shared by every view that asks.
    assert.equal(session.directory(), session.directory());
    assert.ok((await session.directory()).departments.length > 0);

    session.close();
    unregister();
    assert.equal(session.state, 'closed');
    assert.equal(session.agent, null);
    assert.equal(pageSession(), undefined);
    assert.equal(pageChanges, 2);
  });

  it('fails with a RingnityError a host can show, and retries with the same credentials', async (t) => {
    const h = await setup(t);
    let attempts = 0;
    const session = new RingnitySession();
    const errors: string[] = [];
    t.after(session.onError((error) => errors.push(error.code)));
    t.after(() => session.close());
    const getToken = async () => {
      attempts++;
      if (attempts === 1) throw new Error('the CRM backend is down');
      return h.mint('agent.two');
    };

    await assert.rejects(session.connect({ getToken, apiBaseUrl: h.url, connectTimeoutMs: 3_000 }), { code: 'TOKEN_UNAVAILABLE' });
    assert.equal(session.state, 'failed');
    assert.equal(session.canRetry, true);
    assert.deepEqual(errors, ['TOKEN_UNAVAILABLE']);

    const agent = await session.retry();
    assert.equal(agent.id, AGENT.two);
    assert.equal(session.state, 'connected');
  });
});
