import { expect } from '@open-wc/testing';
import { RingnityAgent, type ConnectionState } from '../../../src/index.js';
import { SocketIoClient } from '../../../src/sdk/wire/client.js';
import { emulatorUrl, mintAgentToken } from '../helpers/emulator.js';
import { delay, waitFor } from '../helpers/wait.js';

/**
 * A browser that lost the network tells the page when it is back (`online`). The socket client
 * then connects at once instead of sitting out its backoff, which here is at least 30 s, twice
 * the time this test waits.
 */
describe('socket client and the online event', () => {
  const originalWebSocket = window.WebSocket;
  const originalFetch = window.fetch;

  afterEach(() => {
    window.WebSocket = originalWebSocket;
    window.fetch = originalFetch;
  });

  it('reconnects as soon as the browser is back online', async () => {
    let offline = true;
    let attempts = 0;
    window.WebSocket = class {
      constructor() {
        attempts++;
        throw new DOMException('The network is down', 'NetworkError');
      }
    } as unknown as typeof WebSocket;
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      if (offline) {
        attempts++;
        return Promise.reject(new TypeError('Failed to fetch'));
      }
      return originalFetch.call(window, input, init);
    };

    let connects = 0;
    const client = new SocketIoClient(
      { url: emulatorUrl, timeoutMs: 5_000, reconnectDelayMs: 60_000, reconnectDelayMaxMs: 60_000 },
      { connect: () => connects++, disconnect: () => {}, event: () => {} },
    );
    try {
      client.open();
      // WebSocket refused, then long-polling refused: the client is now waiting out its backoff.
      await waitFor(() => attempts >= 2, 'both transports to fail');
      await delay(200);
      expect(attempts).to.equal(2);
      expect(connects).to.equal(0);

      offline = false;
      window.WebSocket = originalWebSocket;
      window.dispatchEvent(new Event('online'));
      await waitFor(() => connects === 1, 'the connection once the browser is online');
      expect(client.connected).to.equal(true);
    } finally {
      client.close();
    }
  });

  it('says reconnecting as soon as the browser goes offline, without waiting for the heartbeat', async () => {
    const { token } = await mintAgentToken('agent.one');
    const agent = await RingnityAgent.create({ token, apiBaseUrl: emulatorUrl });
    try {
      const states: ConnectionState[] = [];
      agent.connection.onChange((state) => states.push(state));
      const offlineAt = performance.now();
      window.dispatchEvent(new Event('offline'));
      // Nothing closed and the heartbeat has seconds to go: only the offline event can explain this.
      expect(agent.connection.state).to.equal('reconnecting');
      console.log(`offline event to reconnecting: ${Math.round(performance.now() - offlineAt)} ms`);
      window.dispatchEvent(new Event('online'));
      await waitFor(() => agent.connection.state === 'connected', 'the connection once the browser is online');
      expect(states).to.deep.equal(['reconnecting', 'connected']);
    } finally {
      agent.destroy();
    }
  });
});
