/** A page with the inbox alone: it must never download the call engine. */
import '../../../../src/elements/define.js';

const inbox = {
  signIn(token: string): void {
    const session = document.querySelector('ringnity-session')!;
    session.apiBaseUrl = location.origin;
    session.token = token;
  },
};

declare global {
  interface Window {
    inbox: typeof inbox;
  }
}
window.inbox = inbox;
