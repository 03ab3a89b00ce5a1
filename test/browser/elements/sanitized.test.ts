/**
 * The elements on a page that filters the markup Lit builds its templates from, as Salesforce's
 * Lightning Web Security does with its gates off: <slot> and <dialog> go, and so do the
 * attribute-binding (`name$lit$`) and element-binding (`lit$…$`) markers. Lit's bindings then
 * shift; the elements must say why they cannot draw instead of showing function source.
 */
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../../src/elements/define.js';
import type { RingnityInbox, RingnityPresence } from '../../../src/elements/define.js';
import type { RingnitySession } from '../../../src/index.js';
import { waitFor } from '../helpers/wait.js';
import { recordEvents, shadow, testSession } from './helpers.js';
import { installSanitizer } from './sanitizer-stub.js';

describe('the elements under an HTML sanitizer that strips binding markers', () => {
  let session: RingnitySession;

  let uninstall: () => void;

  // Before anything renders: Lit prepares each template once, and the elements probe once.
  before(() => {
    uninstall = installSanitizer({ stripBindingMarkers: true });
  });

  after(() => uninstall());

  beforeEach(async () => {
    session = await testSession('lead.one');
  });

  afterEach(() => {
    fixtureCleanup();
    session.close();
  });

  it('render a clear error that names the cause and the way out, never function source, and emit RENDER_SANITIZED', async () => {
    const errors = recordEvents('ringnity-error');
    try {
      const inbox = await fixture<RingnityInbox>(html`<ringnity-inbox .session=${session}></ringnity-inbox>`);
      const presence = await fixture<RingnityPresence>(html`<ringnity-presence .session=${session}></ringnity-presence>`);
      await waitFor(() => errors.events.length >= 2, 'ringnity-error from both elements');
      for (const element of [inbox, presence]) {
        const text = shadow(element).textContent ?? '';
        expect(text).to.match(/sanitiz|filters/i);
        expect(text).to.contain('iframe').and.to.contain('LWC');
        expect(text).not.to.match(/=>|function\s*\(/);
        expect(shadow(element).querySelector('[role="alert"]')).not.to.equal(null);
      }
      expect(errors.events.map((event) => event.detail.error.code)).to.deep.equal(['RENDER_SANITIZED', 'RENDER_SANITIZED']);
      // The element stays quiet after that: its later updates draw nothing and report nothing.
      inbox.requestUpdate();
      await inbox.updateComplete;
      expect(errors.events).to.have.length(2);
    } finally {
      errors.stop();
    }
  });
});
