/*
 * c-ringnity-presence: the agent's status as an LWC template on agent.presence.store(). Fires
 * `presencechange` with { status } when the server confirms a change made here.
 */
import { LightningElement, api } from 'lwc';
import { connectAgent, describeError } from 'c/ringnityClient';

const STATUSES = [
    { value: 'online', label: 'Online' },
    { value: 'busy', label: 'Busy' },
    { value: 'offline', label: 'Offline' }
];

export default class RingnityPresence extends LightningElement {
    @api apiBaseUrl = 'https://api.ringnity.com';

    errorMessage;
    snapshot = { status: null, state: 'idle', error: null };
    store = null;
    stop = null;

    connectedCallback() {
        connectAgent(this, this.apiBaseUrl)
            .then((agent) => {
                if (!this.isConnected) return;
                const store = agent.presence.store();
                this.store = store;
                this.stop = store.subscribe(() => (this.snapshot = store.getSnapshot()));
                this.snapshot = store.getSnapshot();
            })
            .catch((error) => (this.errorMessage = `Ringnity could not start: ${describeError(error)}`));
    }

    disconnectedCallback() {
        if (this.stop) this.stop();
        this.stop = null;
    }

    get options() {
        // While in a call the server reports in_call, which an agent cannot pick.
        const list = this.snapshot.status === 'in_call' ? STATUSES.concat({ value: 'in_call', label: 'In a call' }) : STATUSES;
        return list.map((s) => ({ ...s, selected: s.value === this.snapshot.status }));
    }

    get disabled() {
        return !this.store || this.snapshot.state !== 'ready';
    }

    handleChange(event) {
        const status = event.target.value;
        this.errorMessage = undefined;
        this.store
            .set(status)
            .then(() => this.dispatchEvent(new CustomEvent('presencechange', { detail: { status } })))
            .catch((error) => (this.errorMessage = describeError(error)));
    }
}
