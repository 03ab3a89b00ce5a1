/**
 * The inbox's action dialog is a role="dialog" element, not a <dialog>: Salesforce's HTML
 * sanitizer (Lightning Web Security) removes <dialog> from Lit's templates. Without showModal()
 * the element itself keeps focus inside, closes on Escape and gives focus back.
 */
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/elements/define.js';
import type { RingnityInbox } from '../../../src/elements/define.js';
import type { RingnitySession } from '../../../src/index.js';
import { startVisitorConversation } from '../helpers/emulator.js';
import { waitFor } from '../helpers/wait.js';
import { queryShadow, rowOf, shadow, testSession, uniqueName, waitForShadow } from './helpers.js';

describe('<ringnity-inbox> action dialog', () => {
  let session: RingnitySession;

  beforeEach(async () => {
    session = await testSession('lead.one');
  });

  afterEach(() => {
    fixtureCleanup();
    session.close();
  });

  async function openTransferDialog(): Promise<{ inbox: RingnityInbox; button: HTMLButtonElement; dialog: HTMLElement }> {
    const name = uniqueName('Dialog Customer');
    await startVisitorConversation({ name, body: 'Route me' });
    const inbox = await fixture<RingnityInbox>(html`<ringnity-inbox style="display:block; height: 640px; width: 1000px" .session=${session}></ringnity-inbox>`);
    (await waitFor(() => rowOf(inbox, name), 'the row')).click();
    const button = await waitForShadow<HTMLButtonElement>(inbox, '[part="action-button"][data-action="transfer"]');
    button.focus();
    button.click();
    const dialog = await waitForShadow<HTMLElement>(inbox, '[part="dialog"]');
    await waitFor(() => shadow(inbox).activeElement === dialog.querySelector('select'), 'focus on the first field');
    return { inbox, button, dialog };
  }

  it('is a modal role="dialog" element with no <dialog>, and passes the accessibility check', async () => {
    const { inbox, dialog } = await openTransferDialog();
    expect(shadow(inbox).querySelector('dialog')).to.equal(null);
    expect(dialog.getAttribute('role')).to.equal('dialog');
    expect(dialog.getAttribute('aria-modal')).to.equal('true');
    expect(queryShadow(inbox, `#${dialog.getAttribute('aria-labelledby')}`)!.textContent).to.equal('Transfer conversation');
    await expect(inbox).to.be.accessible();
  });

  it('keeps Tab and Shift+Tab inside the dialog', async () => {
    const { inbox, dialog } = await openTransferDialog();
    const select = dialog.querySelector('select')!;
    const confirm = dialog.querySelector<HTMLButtonElement>('[part~="dialog-confirm"]')!;
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(shadow(inbox).activeElement).to.equal(confirm);
    await sendKeys({ press: 'Tab' });
    expect(shadow(inbox).activeElement).to.equal(select);
  });

  it('closes on Escape and gives focus back to the button that opened it', async () => {
    const { inbox, button } = await openTransferDialog();
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !queryShadow(inbox, '[part="dialog"]'), 'the dialog to close');
    expect(shadow(inbox).activeElement).to.equal(button);
  });
});
