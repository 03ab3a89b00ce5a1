/*
 * Ringnity inbox and presence inside Lightning, from the no-build bundle uploaded as the static
 * resource `RingnityAgent` (a zip holding ringnity-agent.js, ringnity-agent-calls.js and
 * ringnity-agent-thread.js).
 *
 * NOT RUN HERE: this component has not been deployed to a Salesforce org (none was available).
 * See ../../../../../README.md for what was and was not verified.
 */
import { LightningElement, api } from 'lwc';
import { loadScript } from 'lightning/platformResourceLoader';
import RINGNITY_BUNDLE from '@salesforce/resourceUrl/RingnityAgent';
import getAgentToken from '@salesforce/apex/RingnityTokenController.getAgentToken';

export default class RingnityAgentPanel extends LightningElement {
    /** Shown in the card header. */
    @api title = 'Ringnity';
    /** The Ringnity API; must also be a CSP Trusted Site (connect-src, https and wss). */
    @api apiBaseUrl = 'https://api.ringnity.com';

    errorMessage;
    started = false;

    renderedCallback() {
        if (this.started) return;
        this.started = true;
        this.start().catch((error) => {
            this.errorMessage = `Ringnity could not start: ${error && error.message ? error.message : error}`;
        });
    }

    async start() {
        await loadScript(this, `${RINGNITY_BUNDLE}/ringnity-agent.js`);
        // The only global the bundle adds.
        const { RingnityAgent } = window;
        // Lightning Web Security allows third-party components closed shadow roots only. This must
        // run before the first Ringnity element is created.
        RingnityAgent.configure({ shadowMode: 'closed' });

        const session = document.createElement('ringnity-session');
        session.apiBaseUrl = this.apiBaseUrl;
        // Apex mints the token with the Server API key kept in a Named Credential; the key never
        // reaches the browser. Called again whenever the token needs refreshing.
        session.getToken = () => getAgentToken();

        const presence = document.createElement('ringnity-presence');
        const inbox = document.createElement('ringnity-inbox');
        inbox.style.height = '100%';
        session.append(presence, inbox);

        // Re-emit what a Lightning page may act on as ordinary LWC events (lowercase, no dashes).
        session.addEventListener('ringnity-conversation-select', (event) => {
            this.dispatchEvent(new CustomEvent('conversationselect', { detail: { conversationId: event.detail.conversationId } }));
        });
        session.addEventListener('ringnity-error', (event) => {
            const { error, action } = event.detail;
            this.errorMessage = `${action}: ${error.code} ${error.message}`;
        });

        this.template.querySelector('.ringnity-mount').appendChild(session);
    }
}
