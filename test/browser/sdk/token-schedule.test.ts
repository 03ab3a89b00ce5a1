import { expect } from '@open-wc/testing';
import { RingnityError } from '../../../src/index.js';
import { decodeAgentToken, refreshDelayMs } from '../../../src/sdk/token.js';

// Pure arithmetic: the refresh schedule, checked with fixed clocks.
const iat = 1_000_000;

describe('token refresh schedule', () => {
  it('refreshes 60 s before expiry for long tokens', () => {
    expect(refreshDelayMs({ iat, exp: iat + 900 }, iat * 1000)).to.equal(840_000);
  });

  it('refreshes at 75 % of the lifetime for short tokens', () => {
    expect(refreshDelayMs({ iat, exp: iat + 4 }, iat * 1000)).to.equal(3_000);
  });

  it('counts from now when the token is already partly used', () => {
    expect(refreshDelayMs({ iat, exp: iat + 900 }, (iat + 100) * 1000)).to.equal(740_000);
  });

  it('never waits past the lifetime when the client clock runs behind', () => {
    expect(refreshDelayMs({ iat, exp: iat + 900 }, (iat - 3600) * 1000)).to.equal(840_000);
  });

  it('does not spin when the client clock runs ahead', () => {
    expect(refreshDelayMs({ iat, exp: iat + 900 }, (iat + 3600) * 1000)).to.equal(225_000);
  });
});

describe('agent token decoding', () => {
  it('reads the claims without verifying', () => {
    const payload = {
      sub: 'agt_one',
      tid: 'ten_demo',
      tkey: 'demo-tenant',
      usr: 'agent.one',
      role: 'agent',
      dep: 'dep_support',
      scp: ['agent:profile:read'],
      iat,
      exp: iat + 60,
      jti: 'j1',
    };
    const encoded = btoa(JSON.stringify(payload)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(decodeAgentToken(`e30.${encoded}.sig`)).to.deep.equal(payload);
  });

  it('rejects something that is not an agent token', () => {
    expect(() => decodeAgentToken('not-a-jwt'))
      .to.throw(RingnityError)
      .with.property('code', 'AGENT_SDK_TOKEN_INVALID');
  });
});
