/**
 * The dark palette with only the accent overridden, as the demo CRM page does: every foreground
 * the elements draw on or with the accent must still pass WCAG AA.
 */
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../../src/elements/define.js';
import type { RingnityInbox, RingnityPresence } from '../../../src/elements/define.js';
import type { RingnitySession } from '../../../src/index.js';
import { startVisitorConversation } from '../helpers/emulator.js';
import { waitFor } from '../helpers/wait.js';
import { queryShadow, rowOf, testSession, uniqueName, waitForShadow } from './helpers.js';

/** The demo CRM's accent: dark enough that the dark palette's own foregrounds lose contrast on it. */
const PAGE_ACCENTS = ['#3b48c9', '#1f4fc4', '#ffd166', '#0a7d4f'];

/** WCAG relative luminance of an `rgb()` computed colour. */
function luminance(color: string): number {
  const probe = document.createElement('div');
  probe.style.color = color;
  document.body.append(probe);
  const canvas = document.createElement('canvas').getContext('2d')!;
  canvas.fillStyle = getComputedStyle(probe).color;
  canvas.fillRect(0, 0, 1, 1);
  probe.remove();
  const [r, g, b] = [...canvas.getImageData(0, 0, 1, 1).data].slice(0, 3).map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('the dark theme with a page accent', () => {
  let session: RingnitySession;

  beforeEach(async () => {
    session = await testSession('lead.one');
  });

  afterEach(() => {
    fixtureCleanup();
    session.close();
  });

  for (const accent of PAGE_ACCENTS) {
    it(`keeps text on the accent readable for ${accent}, in both palettes`, async () => {
      for (const theme of ['dark', 'light']) {
        const inbox = await fixture<RingnityInbox>(
          html`<ringnity-inbox theme=${theme} style="display:block; height: 500px; width: 900px; --ringnity-color-accent: ${accent}" .session=${session}></ringnity-inbox>`,
        );
        const pressed = await waitForShadow(inbox, '[part="view-button"][aria-pressed="true"]');
        const style = getComputedStyle(pressed);
        expect(contrast(style.color, style.backgroundColor), `${theme} ${accent}: ${style.color} on ${style.backgroundColor}`).to.be.at.least(4.5);
        fixtureCleanup();
      }
    });
  }

  it('passes the accessibility check for the inbox, with a conversation open and its attachment link', async () => {
    const name = uniqueName('Dark Accent Customer');
    await startVisitorConversation({ name, body: 'Is this readable?' });
    const inbox = await fixture<RingnityInbox>(
      html`<ringnity-inbox theme="dark" style="display:block; height: 640px; width: 1000px; --ringnity-color-accent: #3b48c9" .session=${session}></ringnity-inbox>`,
    );
    await waitForShadow(inbox, '[role="listbox"]');
    await expect(inbox).to.be.accessible();
    const row = await waitFor(() => rowOf(inbox, name), 'the new row');
    row.click();
    await waitForShadow(inbox, '[part~="customer-name"]', (el) => el.textContent === name);
    await waitFor(() => !queryShadow(inbox, '.load-older[role="status"]'), 'the messages');
    await expect(inbox).to.be.accessible();
  });

  it('passes the accessibility check for a thread with an attachment link', async () => {
    const inbox = await fixture<RingnityInbox>(
      html`<ringnity-inbox theme="dark" style="display:block; height: 640px; width: 1000px; --ringnity-color-accent: #3b48c9" .session=${session}></ringnity-inbox>`,
    );
    inbox.conversationId = 'cnv_assigned1';
    const link = await waitForShadow(inbox, '[part="attachment-link"]');
    const style = getComputedStyle(link);
    expect(contrast(style.color, getComputedStyle(queryShadow(inbox, '[part="base"]')!).backgroundColor)).to.be.at.least(4.5);
    await expect(inbox).to.be.accessible();
  });

  it('passes the accessibility check for presence', async () => {
    const presence = await fixture<RingnityPresence>(
      html`<ringnity-presence theme="dark" style="--ringnity-color-accent: #3b48c9; background: #16191d" .session=${session}></ringnity-presence>`,
    );
    await waitForShadow(presence, 'select');
    await expect(presence).to.be.accessible();
  });
});
