// What the agent panel LWC did before the iframe path: load the no-build bundle and create the
// Lit elements in its own DOM. Kept as a test component to show how the Lit elements fail there.
import { LightningElement, api } from 'lwc';
import { loadScript } from 'lightning/platformResourceLoader';
import RINGNITY_BUNDLE from '@salesforce/resourceUrl/RingnityAgent';
import getAgentToken from '@salesforce/apex/RingnityTokenController.getAgentToken';

export default class LitHost extends LightningElement {
  @api apiBaseUrl;
  started = false;

  renderedCallback() {
    if (this.started) return;
    this.started = true;
    loadScript(this, `${RINGNITY_BUNDLE}/ringnity-agent.js`)
      .then(() => {
        window.RingnityAgent.configure({ assetsUrl: RINGNITY_BUNDLE });
        const session = document.createElement('ringnity-session');
        session.apiBaseUrl = this.apiBaseUrl;
        session.getToken = () => getAgentToken();
        session.append(document.createElement('ringnity-presence'), document.createElement('ringnity-inbox'));
        this.template.querySelector('.mount').appendChild(session);
        this.dispatchEvent(new CustomEvent('mounted'));
      })
      .catch((error) => this.dispatchEvent(new CustomEvent('failed', { detail: { message: String(error && error.message) } })));
  }
}
