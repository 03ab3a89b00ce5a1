/**
 * The CRM page of the popup tests: a page-level session and the elements, as a CRM would put them.
 * `window.crm` lets the test sign in and watch the host events.
 */
import '../../../../src/elements/define.js';
import type { Call } from '../../../../src/index.js';
import { rtpTotals } from './stats.js';

const crm = {
  events: [] as string[],
  hostCalls: [] as Call[],
  signIn(token: string): void {
    const session = document.querySelector('ringnity-session')!;
    session.apiBaseUrl = location.origin;
    session.token = token;
  },
  /** Cancels `ringnity-incoming-call` from now on and keeps the calls, as a CRM with its own UI does. */
  ownTheUi(): void {
    document.addEventListener('ringnity-incoming-call', (event) => {
      event.preventDefault();
      crm.hostCalls.push(event.detail.call);
    });
  },
  popup() {
    return document.querySelector('ringnity-call-popup')!;
  },
  async stats() {
    return rtpTotals((await crm.popup().call?.getStats()) ?? null);
  },
};

for (const name of [
  'ringnity-incoming-call',
  'ringnity-call-accepted',
  'ringnity-call-rejected',
  'ringnity-call-ended',
  'ringnity-call-held',
  'ringnity-call-resumed',
  'ringnity-call-transferred',
  'ringnity-call-muted',
  'ringnity-call-video-changed',
  'ringnity-sound-blocked',
  'ringnity-error',
] as const) {
  document.addEventListener(name, (event) => {
    const detail = (event as CustomEvent).detail as Record<string, unknown>;
    const extra = Object.entries(detail)
      .filter(([key]) => key !== 'call')
      .map(([key, value]) => `${key}=${typeof value === 'object' && value ? ((value as { code?: string }).code ?? JSON.stringify(value)) : String(value)}`)
      .join(' ');
    crm.events.push(extra ? `${name} ${extra}` : name);
  });
}

// `#token=…` signs in without a script call from the test: page.evaluate counts as a user
// gesture, which would hide the autoplay rule the popup must cope with.
const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
if (fromHash) crm.signIn(fromHash);

declare global {
  interface Window {
    crm: typeof crm;
  }
}
window.crm = crm;
