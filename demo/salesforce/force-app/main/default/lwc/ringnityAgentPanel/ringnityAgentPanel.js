/*
 * The Ringnity panel inside Lightning through the iframe path: the panel page (the Ringnity
 * elements and RingnityAgent.startBridge) runs in an iframe on your own HTTPS domain, where no
 * sandbox filters it, and this component hosts it with ringnity-host.js (the static resource
 * `RingnityHost`). The panel's bridged events come back as LWC events; the @api methods send the
 * bridge's commands. Messages count only from the panel's exact origin and its own window.
 */
import { LightningElement, api } from 'lwc';
import { loadScript } from 'lightning/platformResourceLoader';
import RINGNITY_HOST from '@salesforce/resourceUrl/RingnityHost';

/** `ringnity-conversation-select` → `conversationselect`: LWC event names are lowercase, no dashes. */
function lwcEventName(name) {
    return name.replace(/^ringnity-/, '').replace(/-/g, '');
}

export default class RingnityAgentPanel extends LightningElement {
    /** Shown in the card header. */
    @api title = 'Ringnity';
    /**
     * The panel page on your domain. Its startBridge must allow this org's Lightning origin
     * (https://YOUR-DOMAIN.lightning.force.com), and the origin must be a CSP Trusted Site with frame-src.
     */
    @api panelUrl = 'https://agent.example.com/ringnity/panel.html';

    errorMessage;
    panel = null;
    started = false;

    renderedCallback() {
        if (this.started) return;
        this.started = true;
        this.start().catch((error) => {
            this.errorMessage = `Ringnity could not start: ${error && error.message ? error.message : error}`;
        });
    }

    disconnectedCallback() {
        if (this.panel) this.panel.destroy();
        this.panel = null;
        this.started = false;
    }

    async start() {
        await loadScript(this, RINGNITY_HOST);
        const embed = window.RingnityEmbed;
        const panel = embed.embedPanel({ src: this.panelUrl, container: this.template.querySelector('.ringnity-mount'), title: this.title });
        this.panel = panel;
        for (const name of embed.events) {
            panel.iframe.addEventListener(name, (event) => {
                this.dispatchEvent(new CustomEvent(lwcEventName(name), { detail: event.detail }));
            });
        }
        await panel.ready;
        this.dispatchEvent(new CustomEvent('panelready'));
    }

    /** Sets the agent's status in the panel: online, busy or offline. */
    @api
    setPresence(status) {
        return this.command('presence.set', { status });
    }

    /** Opens a conversation in the panel's inbox. */
    @api
    openConversation(conversationId) {
        return this.command('conversation.open', { conversationId });
    }

    /** Answers the ringing call (the first one when no id is given). */
    @api
    acceptCall(callId) {
        return this.command('call.accept', callId ? { callId } : {});
    }

    /** Ends the call, or declines it while it rings. */
    @api
    endCall(callId) {
        return this.command('call.end', callId ? { callId } : {});
    }

    command(name, args) {
        if (!this.panel) return Promise.reject(new Error('The Ringnity panel is not loaded yet'));
        return this.panel.command(name, args);
    }
}
