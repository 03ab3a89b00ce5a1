/**
 * The elements under the HTML sanitizer of Salesforce's Lightning Web Security with the gates its
 * own CI turns on: Lit's binding markers survive, but <slot> and <dialog> are still removed. The
 * elements do not need them: what `<ringnity-session>` holds shows, and the inbox's action
 * dialog opens.
 */
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../../src/elements/define.js';
import type { RingnityInbox, RingnitySessionElement } from '../../../src/elements/define.js';
import { emulatorUrl } from '../helpers/emulator.js';
import { queryShadow, recordEvents, tokenGetter, waitForShadow } from './helpers.js';
import { installSanitizer } from './sanitizer-stub.js';

describe('the elements under an HTML sanitizer that keeps binding markers but removes <slot> and <dialog>', () => {
  let uninstall: () => void;

  before(() => {
    uninstall = installSanitizer({ stripBindingMarkers: false });
  });

  after(() => uninstall());

  afterEach(() => fixtureCleanup());

  it("shows the session's children, draws the inbox's conversations, and opens its action dialog", async () => {
    const errors = recordEvents('ringnity-error');
    try {
      const session = await fixture<RingnitySessionElement>(
        html`<ringnity-session .apiBaseUrl=${emulatorUrl} .getToken=${tokenGetter('lead.one')}>
          <ringnity-inbox style="display:block; height: 640px; width: 1000px"></ringnity-inbox>
        </ringnity-session>`,
      );
      const inbox = session.querySelector<RingnityInbox>('ringnity-inbox')!;
      const row = await waitForShadow<HTMLElement>(inbox, '[role="option"]');
      // On screen, not only in the DOM: a session that renders its children through a removed <slot> shows none of them.
      expect(inbox.getBoundingClientRect().height).to.be.greaterThan(0);
      expect(row.getBoundingClientRect().height).to.be.greaterThan(0);
      row.click();
      (await waitForShadow<HTMLButtonElement>(inbox, '[part="action-button"][data-action="transfer"]')).click();
      const dialog = await waitForShadow<HTMLElement>(inbox, '[part="dialog"]');
      expect(dialog.getBoundingClientRect().height).to.be.greaterThan(0);
      expect(queryShadow(inbox, '[part="dialog"] select')).not.to.equal(null);
      expect(errors.events.map((event) => event.detail.error.code)).to.deep.equal([]);
    } finally {
      errors.stop();
    }
  });
});
