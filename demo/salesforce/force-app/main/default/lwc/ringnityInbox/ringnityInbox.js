/*
 * c-ringnity-inbox: the Ringnity inbox as an LWC template on the headless client's live stores
 * (agent.conversations.live() and agent.conversations.thread(id)), for pages that want the UI in
 * the Lightning DOM with no iframe. Fires `conversationselect` with { conversationId }.
 */
import { LightningElement, api } from 'lwc';
import { connectAgent, describeError } from 'c/ringnityClient';

export default class RingnityInbox extends LightningElement {
    /** The Ringnity API; must also be a CSP Trusted Site (connect-src, https and wss). */
    @api apiBaseUrl = 'https://api.ringnity.com';

    errorMessage;
    selectedId;
    draft = '';
    list = { conversations: [] };
    thread = null;
    agent = null;
    stops = [];
    threadStore = null;
    stopThread = null;

    connectedCallback() {
        connectAgent(this, this.apiBaseUrl)
            .then((agent) => {
                if (!this.isConnected) return;
                this.agent = agent;
                const store = agent.conversations.live({ status: 'open' });
                this.stops.push(store.subscribe(() => (this.list = store.getSnapshot())));
                this.list = store.getSnapshot();
                this.stops.push(agent.on('error', (error) => (this.errorMessage = describeError(error))));
            })
            .catch((error) => (this.errorMessage = `Ringnity could not start: ${describeError(error)}`));
    }

    disconnectedCallback() {
        this.closeThread();
        for (const stop of this.stops) stop();
        this.stops = [];
    }

    get rows() {
        return this.list.conversations.map((c) => ({
            id: c.conversationId,
            name: c.customer.name,
            preview: c.lastMessage ? c.lastMessage.preview : c.subject,
            unread: c.unreadCount,
            selected: c.conversationId === this.selectedId ? 'true' : 'false',
            className: c.conversationId === this.selectedId ? 'row selected' : 'row'
        }));
    }

    get messages() {
        if (!this.thread) return [];
        const stored = this.thread.messages
            .filter((m) => m.kind !== 'system')
            .map((m) => ({
                key: m.messageId,
                kind: m.kind,
                author: m.author.name,
                body: m.deleted ? 'Removed' : m.body,
                className: m.author.type === 'agent' ? 'message mine' : 'message'
            }));
        const pending = this.thread.pending.map((p) => ({
            key: p.clientMessageId,
            kind: 'pending',
            author: p.state === 'failed' ? 'Not sent' : 'Sending…',
            body: p.body,
            className: 'message mine pending'
        }));
        return stored.concat(pending);
    }

    get threadLabel() {
        const conversation = this.thread && this.thread.conversation;
        return conversation ? `Conversation with ${conversation.customer.name}` : 'Conversation';
    }

    get sendDisabled() {
        return !this.draft.trim() || !this.threadStore;
    }

    /** Opens a conversation, as a click on its row does. */
    @api
    select(conversationId) {
        if (!this.agent || conversationId === this.selectedId) return;
        this.closeThread();
        this.selectedId = conversationId;
        const store = this.agent.conversations.thread(conversationId);
        this.threadStore = store;
        this.stopThread = store.subscribe(() => {
            this.thread = store.getSnapshot();
            if (this.thread.messages.length) store.markRead().catch(() => {});
        });
        this.thread = store.getSnapshot();
        this.dispatchEvent(new CustomEvent('conversationselect', { detail: { conversationId } }));
    }

    handleSelect(event) {
        this.select(event.currentTarget.dataset.id);
    }

    handleDraft(event) {
        this.draft = event.target.value;
        if (this.threadStore) this.threadStore.typed(this.draft.length > 0);
    }

    handleSend() {
        const body = this.draft.trim();
        if (!body || !this.threadStore) return;
        this.draft = '';
        this.template.querySelector('.draft').value = '';
        this.threadStore.send(body).catch((error) => (this.errorMessage = describeError(error)));
    }

    closeThread() {
        if (this.stopThread) this.stopThread();
        this.stopThread = null;
        this.threadStore = null;
        this.thread = null;
    }
}
