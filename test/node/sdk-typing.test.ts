/**
 * The SDK's side of the typing throttle: `agent.conversations.typing()` may be called on every
 * keystroke, and only a start every few seconds (and a stop after a start) goes on the wire.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket as NodeWebSocket } from 'ws';
import { RingnityAgent } from '../../src/sdk/index.js';
import { TYPING_START_EVERY_MS } from '../../src/sdk/conversations.js';
import { DEP, setup } from './helpers.js';

// Node 20 has no WebSocket without a flag; ws implements the same interface.
globalThis.WebSocket ??= NodeWebSocket as unknown as typeof WebSocket;

it('repeated typing calls send one start within the window, and one stop', async (t) => {
  const h = await setup(t);
  const visitor = await h.openVisitor({ departmentId: DEP.support, body: 'Typing from the SDK' });
  const agent = await RingnityAgent.create({ token: await h.mint('agent.one'), apiBaseUrl: h.url });
  t.after(() => agent.destroy());

  // What goes on the wire: every socket.io event frame the SDK sends that carries chat.typing.
  const frames: string[] = [];
  const send = NodeWebSocket.prototype.send;
  NodeWebSocket.prototype.send = function (this: NodeWebSocket, data: unknown, ...rest: unknown[]) {
    if (typeof data === 'string' && data.includes('"chat.typing"')) frames.push(data);
    return (send as (...args: unknown[]) => void).call(this, data, ...rest);
  } as typeof send;
  t.after(() => {
    NodeWebSocket.prototype.send = send;
  });

  // The clock stands still while the agent "types", then moves past the window.
  t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
  for (let i = 0; i < 200; i++) await agent.conversations.typing(visitor.conversationId, true);
  assert.equal(frames.filter((f) => f.includes('"is":true')).length, 1, frames.join('\n'));
  t.mock.timers.tick(TYPING_START_EVERY_MS);
  for (let i = 0; i < 200; i++) await agent.conversations.typing(visitor.conversationId, true);
  assert.equal(frames.filter((f) => f.includes('"is":true')).length, 2, 'one more start once the window has passed');
  await agent.conversations.typing(visitor.conversationId, false);
  await agent.conversations.typing(visitor.conversationId, false);
  assert.equal(frames.filter((f) => f.includes('"is":false')).length, 1, frames.join('\n'));
  // After a stop, typing again starts at once.
  await agent.conversations.typing(visitor.conversationId, true);
  assert.equal(frames.filter((f) => f.includes('"is":true')).length, 3);
  t.diagnostic(`401 typing starts and 2 stops sent ${frames.length} frames`);
});
