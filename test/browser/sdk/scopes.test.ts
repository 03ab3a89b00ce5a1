import { expect } from '@open-wc/testing';
import { RingnityAgent, RingnityError } from '../../../src/index.js';
import { emulatorUrl, mintAgentToken } from '../helpers/emulator.js';
import { spyOnFetch } from '../helpers/fetch-spy.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

// lead.one is used by this file alone.
describe('scopes, checked on the client', () => {
  it('rejects what the token does not allow without sending any request', async () => {
    const { token } = await mintAgentToken('lead.one', { scopes: ['agent:profile:read'] });
    const agent = await RingnityAgent.create({ token, apiBaseUrl: emulatorUrl });
    const fetches = spyOnFetch();
    try {
      expect(agent.scopes).to.deep.equal(['agent:profile:read']);
      expect(agent.hasScope('agent:profile:read')).to.equal(true);
      expect(agent.hasScope('agent:messages:write')).to.equal(false);

      const id = 'cnv_doesNotMatter';
      const denied: Array<[string, () => Promise<unknown>]> = [
        ['presence.get', () => agent.presence.get()],
        ['presence.set', () => agent.presence.set('online')],
        ['conversations.list', () => agent.conversations.list({ status: 'open' })],
        ['conversations.get', () => agent.conversations.get(id)],
        ['conversations.messages', () => agent.conversations.messages(id)],
        ['conversations.reply', () => agent.conversations.reply(id, { body: 'hi' })],
        ['conversations.markRead', () => agent.conversations.markRead(id, 'msg_x')],
        ['conversations.accept', () => agent.conversations.accept(id)],
        ['conversations.assign', () => agent.conversations.assign(id, { assignedAgentId: 'agt_one', reason: 'r' })],
        ['conversations.transfer', () => agent.conversations.transfer(id, { departmentId: 'dep_sales', reason: 'r' })],
        ['conversations.close', () => agent.conversations.close(id, { reason: 'r' })],
        ['conversations.typing', () => agent.conversations.typing(id, true)],
        ['media.deleteAttachment', () => agent.media.deleteAttachment(id, 'msg_x', { reason: 'r' })],
      ];
      for (const [name, call] of denied) {
        const error = await rejection(call());
        expect(error, name).to.be.instanceOf(RingnityError);
        expect((error as RingnityError).code, name).to.equal('AGENT_SDK_SCOPE_DENIED');
        expect((error as RingnityError).status, name).to.equal(403);
      }
      expect(fetches.requests).to.deep.equal([]);

      // What the token does allow goes through, which also shows the spy sees the SDK's requests.
      const profile = await agent.profile.get();
      expect(profile.scopes).to.deep.equal(['agent:profile:read']);
      expect(fetches.requests.map((r) => new URL(r.url).pathname)).to.deep.equal(['/api/agent/profile']);
    } finally {
      fetches.restore();
      agent.destroy();
    }
  });
});

describe('session lifecycle', () => {
  it('rejects create with SOCKET_AUTH_FAILED for a token the server refuses', async () => {
    const { token } = await mintAgentToken('lead.one');
    const [header, payload, signature] = token.split('.');
    const tampered = `${header}.${payload}.${signature!.slice(0, -4)}AAAA`;
    const error = await rejection(RingnityAgent.create({ token: tampered, apiBaseUrl: emulatorUrl }));
    expect(error).to.be.instanceOf(RingnityError);
    expect((error as RingnityError).code).to.equal('SOCKET_AUTH_FAILED');
  });

  it('rejects every call with DESTROYED after destroy', async () => {
    const { token } = await mintAgentToken('lead.one');
    const agent = await RingnityAgent.create({ token, apiBaseUrl: emulatorUrl });
    expect(agent.connection.state).to.equal('connected');
    agent.destroy();
    expect(agent.connection.state).to.equal('disconnected');
    const error = await rejection(agent.profile.get());
    expect((error as RingnityError).code).to.equal('DESTROYED');
    const replyError = await rejection(agent.conversations.reply('cnv_x', { body: 'late' }));
    expect((replyError as RingnityError).code).to.equal('DESTROYED');
  });
});
