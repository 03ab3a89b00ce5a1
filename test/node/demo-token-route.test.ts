/**
 * The emulator's stand-in for the CRM backend's token route (`--demo`), called the way an
 * integrator's dev server calls it: from a page on another loopback port, across origins.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

let emulator: RunningEmulator;

before(async () => {
  emulator = await startEmulator({ port: 0, demoTokenRoute: true, allowedOrigins: ['https://crm.example.com'] });
});
after(() => emulator.close());

const mint = (origin?: string) =>
  fetch(`${emulator.url}/api/ringnity/agent-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
    body: JSON.stringify({ userId: 'agent.one' }),
  });

describe('demo token route across origins', () => {
  for (const origin of ['http://localhost:5173', 'http://127.0.0.1:3000', 'https://crm.example.com']) {
    it(`lets a page on ${origin} read the minted token`, async () => {
      const preflight = await fetch(`${emulator.url}/api/ringnity/agent-token`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      assert.equal(preflight.headers.get('access-control-allow-origin'), origin);

      const res = await mint(origin);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), origin);
      const body = (await res.json()) as { token: string; expiresAt: string };
      assert.match(body.token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    });
  }

  it('gives a page on another origin no CORS header, so its browser keeps the token from it', async () => {
    const res = await mint('https://evil.example.net');
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });

  it('still answers a same-origin or server-side call, which sends no Origin', async () => {
    const res = await mint();
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });
});
