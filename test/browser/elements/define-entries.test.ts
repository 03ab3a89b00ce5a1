/**
 * The per-element entry points (`@ringnity/agent-sdk/elements/inbox` and the others): each one
 * registers its own tag and nothing else, and registering again is harmless. This file must
 * import no element module statically: the page starts with no Ringnity tag defined.
 */
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { providePageSession, type RingnitySession } from '../../../src/index.js';
import { waitFor } from '../helpers/wait.js';
import { recordEvents, testSession } from './helpers.js';

const TAGS = ['ringnity-session', 'ringnity-presence', 'ringnity-inbox', 'ringnity-call-popup'] as const;
const defined = () => TAGS.filter((tag) => customElements.get(tag) !== undefined);

/** Runs `action`, answering the console warnings it printed. */
async function warningsDuring(action: () => unknown): Promise<unknown[][]> {
  const warnings: unknown[][] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args);
  try {
    await action();
  } finally {
    console.warn = original;
  }
  return warnings;
}

describe('per-element define entries', () => {
  it('start from a page with no Ringnity tag', () => {
    expect(defined()).to.deep.equal([]);
  });

  it('register only their own element, and define() again is silent', async () => {
    const { RingnityInbox } = await import('../../../src/elements/inbox/define.js');
    expect(defined()).to.deep.equal(['ringnity-inbox']);
    expect(customElements.get('ringnity-inbox')).to.equal(RingnityInbox);

    const warnings = await warningsDuring(() => {
      RingnityInbox.define();
      RingnityInbox.define();
    });
    expect(warnings).to.deep.equal([]);
    expect(customElements.get('ringnity-inbox')).to.equal(RingnityInbox);

    await import('../../../src/elements/presence/define.js');
    expect(defined()).to.deep.equal(['ringnity-presence', 'ringnity-inbox']);
    await import('../../../src/elements/call-popup/define.js');
    expect(defined()).to.deep.equal(['ringnity-presence', 'ringnity-inbox', 'ringnity-call-popup']);
    await import('../../../src/elements/session/define.js');
    expect(defined()).to.deep.equal([...TAGS]);
  });

  it('let an inbox run on a headless page session, with no <ringnity-session>', async () => {
    // The inbox entry is enough when the page's session comes from the headless package.
    const session: RingnitySession = await testSession('agent.one');
    const unregister = providePageSession(session);
    const ready = recordEvents('ringnity-ready');
    try {
      const inbox = await fixture(html`<ringnity-inbox></ringnity-inbox>`);
      await waitFor(() => ready.events.some((event) => event.target === inbox), 'the inbox ready');
    } finally {
      ready.stop();
      fixtureCleanup();
      unregister();
      session.close();
    }
  });

  it('import the all-elements entry after them without a warning, keeping the same classes', async () => {
    const before = TAGS.map((tag) => customElements.get(tag));
    const warnings = await warningsDuring(() => import('../../../src/elements/define.js'));
    expect(warnings).to.deep.equal([]);
    expect(TAGS.map((tag) => customElements.get(tag))).to.deep.equal(before);
  });

  it('keep the first class when another copy defines the same tag, warning once', async () => {
    const { RingnityPresence } = await import('../../../src/elements/presence/define.js');
    // Plays a second copy of the package: another class for the same tag.
    class OtherCopy extends RingnityPresence {}
    const warnings = await warningsDuring(() => {
      OtherCopy.define();
      OtherCopy.define();
    });
    expect(customElements.get('ringnity-presence')).to.equal(RingnityPresence);
    expect(warnings).to.have.length(1);
    expect(String(warnings[0]![0])).to.contain('<ringnity-presence> is already defined');
  });
});
