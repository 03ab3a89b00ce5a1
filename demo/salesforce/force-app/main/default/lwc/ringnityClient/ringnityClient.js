/*
 * One signed-in Ringnity agent shared by every Ringnity component on the Lightning page
 * (c-ringnity-inbox, c-ringnity-presence). It loads the no-build bundle from the static resource
 * and signs in with a token minted by Apex; the UI is drawn by LWC templates on the headless
 * client's live stores, so Lightning Web Security never sanitizes a Lit template here.
 */
import { loadScript } from 'lightning/platformResourceLoader';
import RINGNITY_BUNDLE from '@salesforce/resourceUrl/RingnityAgent';
import getAgentToken from '@salesforce/apex/RingnityTokenController.getAgentToken';

let pending = null;

/**
 * The shared agent, signed in on first use. A failed start is forgotten, so that the next
 * component to ask tries again.
 */
export function connectAgent(component, apiBaseUrl) {
    if (!pending) {
        pending = loadScript(component, `${RINGNITY_BUNDLE}/ringnity-agent.js`)
            .then(() => {
                // Inside LWS the bundle has no document.currentScript to find its other files by.
                window.RingnityAgent.configure({ assetsUrl: RINGNITY_BUNDLE });
                return window.RingnityAgent.create({
                    apiBaseUrl,
                    // Apex keeps the Server API key in a Named Credential; called again for each refresh.
                    getToken: () => getAgentToken()
                });
            })
            .catch((error) => {
                pending = null;
                throw error;
            });
    }
    return pending;
}

/** A readable sentence for an error from the SDK, Apex or the loader. */
export function describeError(error) {
    if (!error) return 'Unknown error';
    const body = error.body && error.body.message;
    const code = error.code ? `${error.code}: ` : '';
    return `${code}${body || error.message || String(error)}`;
}
