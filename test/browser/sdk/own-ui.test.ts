/**
 * "Build your own UI": a small React 19 inbox and a Vue 3 inbox, each on the README's hook or
 * composable (docs/examples) and nothing else of the SDK than its stores, against the emulator.
 */
import { expect } from '@open-wc/testing';
import { createElement, useRef } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createApp, defineComponent, h, ref, type App } from 'vue';
import { RingnityAgent } from '../../../src/index.js';
import { useStore as useReactStore } from '../../../docs/examples/react-store.js';
import { useStore as useVueStore } from '../../../docs/examples/vue-store.js';
import { emulatorUrl, mintAgentToken, sendVisitorMessage, startVisitorConversation } from '../helpers/emulator.js';
import { waitFor } from '../helpers/wait.js';

function ReactInbox({ agent, conversationId }: { agent: RingnityAgent; conversationId: string }) {
  const [list] = useReactStore(() => agent.conversations.live({ status: 'open' }), [agent]);
  const [thread, store] = useReactStore(() => agent.conversations.thread(conversationId), [agent, conversationId]);
  const draft = useRef<HTMLInputElement | null>(null);
  return createElement(
    'div',
    null,
    createElement(
      'ul',
      { className: 'list' },
      ...list.conversations.map((c) => createElement('li', { key: c.conversationId, 'data-id': c.conversationId }, c.lastMessage?.preview ?? '')),
    ),
    createElement('ol', { className: 'thread' }, ...thread.messages.map((m) => createElement('li', { key: m.messageId }, m.body))),
    createElement('ol', { className: 'pending' }, ...thread.pending.map((m) => createElement('li', { key: m.clientMessageId }, m.body))),
    createElement('input', { ref: draft }),
    createElement('button', { onClick: () => void store.send(draft.current!.value) }, 'Send'),
  );
}

const VueInbox = defineComponent({
  props: { agent: { type: Object as () => RingnityAgent, required: true }, conversationId: { type: String, required: true } },
  setup(props) {
    const list = useVueStore(props.agent.conversations.live({ status: 'open' }));
    const store = props.agent.conversations.thread(props.conversationId);
    const thread = useVueStore(store);
    const draft = ref('');
    return () =>
      h('div', [
        h(
          'ul',
          { class: 'list' },
          list.value.conversations.map((c) => h('li', { key: c.conversationId, 'data-id': c.conversationId }, c.lastMessage?.preview ?? '')),
        ),
        h(
          'ol',
          { class: 'thread' },
          thread.value.messages.map((m) => h('li', { key: m.messageId }, m.body)),
        ),
        h(
          'ol',
          { class: 'pending' },
          thread.value.pending.map((m) => h('li', { key: m.clientMessageId }, m.body)),
        ),
        h('input', { value: draft.value, onInput: (e: Event) => (draft.value = (e.target as HTMLInputElement).value) }),
        h('button', { onClick: () => void store.send(draft.value) }, 'Send'),
      ]);
  },
});

const texts = (root: Element, selector: string) => [...root.querySelectorAll(`${selector} > li`)].map((li) => li.textContent);

/** Types into the inbox's box and presses its button, as the agent would. */
function reply(root: Element, body: string): void {
  const input = root.querySelector('input')!;
  input.value = body;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  root.querySelector('button')!.click();
}

async function storedCount(agent: RingnityAgent, conversationId: string, body: string): Promise<number> {
  const page = await agent.conversations.messages(conversationId, { limit: 100 });
  return page.messages.filter((m) => m.body === body).length;
}

describe('build your own UI on the stores', () => {
  let agent: RingnityAgent;
  let container: HTMLElement;
  let root: Root | null = null;
  let app: App | null = null;

  beforeEach(async () => {
    agent = await RingnityAgent.create({ token: (await mintAgentToken('agent.one')).token, apiBaseUrl: emulatorUrl });
    container = document.createElement('div');
    document.body.append(container);
  });

  afterEach(() => {
    root?.unmount();
    app?.unmount();
    root = null;
    app = null;
    container.remove();
    agent.destroy();
  });

  for (const framework of ['React', 'Vue'] as const) {
    it(`${framework}: a customer's message shows up live, and a reply is stored once`, async () => {
      const session = await startVisitorConversation({ departmentId: 'dep_support', body: `Hello ${framework}` });
      const props = { agent, conversationId: session.conversationId };
      if (framework === 'React') {
        root = createRoot(container);
        root.render(createElement(ReactInbox, props));
      } else {
        app = createApp(VueInbox, props);
        app.mount(container);
      }
      await waitFor(() => container.querySelector(`[data-id="${session.conversationId}"]`), 'the conversation in the list');
      await waitFor(() => texts(container, '.thread').includes(`Hello ${framework}`), 'the first message');

      await sendVisitorMessage(session, `Are you there, ${framework}?`);
      await waitFor(() => texts(container, '.thread').includes(`Are you there, ${framework}?`), 'the live message in the thread');
      await waitFor(() => container.querySelector(`[data-id="${session.conversationId}"]`)?.textContent === `Are you there, ${framework}?`, 'the live message in the list');

      const body = `Yes, from ${framework}`;
      reply(container, body);
      await waitFor(() => texts(container, '.thread').includes(body), 'the reply in the thread');
      await waitFor(() => texts(container, '.pending').length === 0, 'the reply confirmed');
      expect(texts(container, '.thread').filter((text) => text === body)).to.have.length(1);
      expect(await storedCount(agent, session.conversationId, body)).to.equal(1);
    });
  }
});
