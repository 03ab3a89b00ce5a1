/**
 * One tab of the agent's CRM in the tab-sharing tests: the headless client, driven through
 * `window.tab`. It counts every customer message it is handed, so that a test can see each one
 * arrived exactly once.
 */
import { RingnityAgent } from '../../../../src/index.js';

const tab = {
  agent: null as RingnityAgent | null,
  /** Ids of the customer messages delivered here, in delivery order. */
  messages: [] as string[],
  presence: [] as string[],
  states: [] as string[],
  token: '',
  /** When (Date.now) this tab last became the leader with its socket authenticated: the end of a handover. */
  ledAt: 0,

  async start(token: string, options: { shared?: boolean } = {}): Promise<void> {
    tab.token = token;
    const agent = await RingnityAgent.create({ token, apiBaseUrl: location.origin, ...(options.shared === false ? { shareAcrossTabs: false } : {}) });
    tab.agent = agent;
    agent.on('chat.message.created', ({ message }) => {
      if (message.author.type === 'customer') tab.messages.push(message.messageId);
    });
    agent.presence.onChange((change) => tab.presence.push(change.status));
    agent.connection.onChange((state) => {
      tab.states.push(state);
      if (state === 'connected' && agent.tabs.leader) tab.ledAt = Date.now();
    });
  },

  role() {
    const agent = tab.agent!;
    return { shared: agent.tabs.shared, leader: agent.tabs.leader, ringsHere: agent.tabs.ringsHere, state: agent.connection.state };
  },

  /**
   * Posts a socket request on the agent's tab channel by hand, as a tab that skipped its own
   * checks would, and answers the leader's acknowledgement (or a timeout).
   */
  async relayByHand(event: string, payload: unknown): Promise<{ ok: boolean; code?: string }> {
    const agent = tab.agent!;
    const channel = new BroadcastChannel(`ringnity-agent ${location.origin} ${agent.tenant.id} ${agent.id}`);
    try {
      return await new Promise((resolve) => {
        const id = 1_000_000 + Math.floor(Math.random() * 1_000_000);
        const from = `by-hand-${id}`;
        setTimeout(() => resolve({ ok: false, code: 'NO_ANSWER' }), 5_000);
        channel.onmessage = ({ data }) => {
          if (data?.k === 'ack' && data.to === from && data.id === id) resolve(data.error ? { ok: false, code: data.error.code } : { ok: true });
        };
        channel.postMessage({ f: from, k: 'req', id, event, payload, token: tab.token, ack: true });
      });
    } finally {
      channel.close();
    }
  },

  /** Runs `run` and answers its error code instead of throwing. */
  async attempt(run: () => Promise<unknown>): Promise<{ ok: boolean; code?: string }> {
    try {
      await run();
      return { ok: true };
    } catch (error) {
      return { ok: false, code: (error as { code?: string }).code ?? String(error) };
    }
  },
};

declare global {
  interface Window {
    tab: typeof tab;
  }
}
window.tab = tab;
