/**
 * At run time, every event the elements send is one the table declares (protocol/element-events.ts):
 * sent by an element the table names, bubbling and composed, cancelable exactly when the table
 * says, with exactly the declared detail keys. A page with all four elements is driven through
 * sign-in, a failed sign-in, a status change and a conversation (select, message, reply, accept)
 * while every `ringnity-*` dispatch is watched. Calls need the WebRTC engine, which this runner
 * does not load (simple-peer is CommonJS): the call popup's `emit()` calls are checked against
 * the table in test/node/element-events.test.ts, and its events in the Playwright call tests.
 */
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/elements/define.js';
import type { RingnityInbox, RingnityPresence, RingnitySessionElement } from '../../../src/elements/define.js';
import { ELEMENT_EVENTS, type ElementEventName } from '../../../src/protocol/element-events.js';
import { sendVisitorMessage, startVisitorConversation } from '../helpers/emulator.js';
import { waitFor } from '../helpers/wait.js';
import { emulatorUrl, queryShadow, rowOf, tokenGetter, uniqueName, waitForShadow } from './helpers.js';

interface Seen {
  tag: string;
  event: Event;
}

/** Records every `ringnity-*` event a Ringnity element dispatches, whoever listens. */
function watchDispatches(): { seen: Seen[]; stop(): void } {
  const seen: Seen[] = [];
  const original = EventTarget.prototype.dispatchEvent;
  EventTarget.prototype.dispatchEvent = function (this: EventTarget, event: Event): boolean {
    if (event.type.startsWith('ringnity-') && this instanceof Element && this.localName.startsWith('ringnity-')) seen.push({ tag: this.localName, event });
    return original.call(this, event);
  };
  return { seen, stop: () => void (EventTarget.prototype.dispatchEvent = original) };
}

describe('the elements’ events at run time', () => {
  let watch: ReturnType<typeof watchDispatches>;

  beforeEach(() => {
    watch = watchDispatches();
  });

  afterEach(() => {
    watch.stop();
    fixtureCleanup();
  });

  it('are all declared, from the declared elements, with the declared flags and detail keys', async () => {
    const page = await fixture<HTMLElement>(html`<div>
      <ringnity-session page api-base-url=${emulatorUrl} .getToken=${tokenGetter('agent.three')}></ringnity-session>
      <ringnity-session api-base-url=${emulatorUrl} .getToken=${() => Promise.reject(new Error('the CRM backend is down'))}></ringnity-session>
      <ringnity-presence></ringnity-presence>
      <ringnity-inbox style="display:block; height: 640px; width: 1000px"></ringnity-inbox>
      <ringnity-call-popup availability="manual"></ringnity-call-popup>
    </div>`);
    const session = page.querySelector<RingnitySessionElement>('ringnity-session[page]')!;
    const presence = page.querySelector<RingnityPresence>('ringnity-presence')!;
    const inbox = page.querySelector<RingnityInbox>('ringnity-inbox')!;
    const sent = (name: ElementEventName, tag?: string) => watch.seen.some((s) => s.event.type === name && (!tag || s.tag === tag));
    const until = (name: ElementEventName, tag?: string) => waitFor(() => sent(name, tag), `${name}${tag ? ` from <${tag}>` : ''}`);

    for (const tag of ['ringnity-session', 'ringnity-presence', 'ringnity-inbox']) await until('ringnity-ready', tag);
    await until('ringnity-error', 'ringnity-session');

    // A status change made here.
    const picker = await waitForShadow<HTMLSelectElement>(presence, 'select');
    picker.value = picker.value === 'busy' ? 'online' : 'busy';
    picker.dispatchEvent(new Event('change'));
    await until('ringnity-presence-change');
    picker.value = 'online';
    picker.dispatchEvent(new Event('change'));
    await waitFor(() => session.agentSession.agent && picker.value === 'online', 'online again');

    // A conversation: opened, a customer message, a reply, accepted.
    const name = uniqueName('Contract Customer');
    const visitor = await startVisitorConversation({ name, departmentId: 'dep_support', body: 'Hello?' });
    (await waitFor(() => rowOf(inbox, name), `the row of ${name}`)).click();
    await until('ringnity-conversation-select');
    await sendVisitorMessage(visitor, 'Anyone there?');
    await until('ringnity-message-received');
    queryShadow<HTMLTextAreaElement>(inbox, '#draft')!.focus();
    await sendKeys({ type: 'Yes, here' });
    await sendKeys({ press: 'Enter' });
    await until('ringnity-message-sent');
    (await waitForShadow<HTMLButtonElement>(inbox, '[part="action-button"][data-action="accept"]')).click();
    await until('ringnity-conversation-assigned');

    const kinds = new Set(watch.seen.map((s) => `${s.tag} ${s.event.type}`));
    expect(kinds.size).to.be.greaterThan(10);
    for (const { tag, event } of watch.seen) {
      const where = `${event.type} from <${tag}>`;
      expect(event.type in ELEMENT_EVENTS, `${where} is declared`).to.equal(true);
      const declared: { from: readonly string[]; detail: readonly string[]; cancelable?: boolean } = ELEMENT_EVENTS[event.type as ElementEventName];
      expect(declared.from, where).to.include(tag);
      expect(event, where).to.be.instanceOf(CustomEvent);
      expect({ bubbles: event.bubbles, composed: event.composed, cancelable: event.cancelable }, where).to.deep.equal({
        bubbles: true,
        composed: true,
        cancelable: declared.cancelable === true,
      });
      expect(Object.keys((event as CustomEvent<object>).detail).sort(), where).to.deep.equal([...declared.detail].sort());
    }
  });
});
