/**
 * Every DOM event the custom elements send to the host page, declared once. The rest is derived
 * from this table:
 * - the TypeScript event map (`HTMLElementEventMap`, in elements/shared/events.ts), whose names
 *   and detail keys are checked against it;
 * - which events `emit()` makes cancelable;
 * - which events the iframe bridge mirrors to the CRM page (embed/panel-bridge.ts), and the list
 *   the host script offers (embed/host-global.ts), which may import nothing but protocol/;
 * - the events of each tag in custom-elements.json (custom-elements-manifest.config.mjs).
 *
 * It lives in protocol/ because both sides of the iframe read it. It holds no types of the SDK
 * (a call, an error): the detail's value types are in elements/shared/events.ts.
 */

/** The element tags. Their names are part of the contract. */
export const ELEMENT_TAGS = ['ringnity-session', 'ringnity-presence', 'ringnity-inbox', 'ringnity-call-popup'] as const;
export type ElementTag = (typeof ELEMENT_TAGS)[number];

/**
 * Every event is a `CustomEvent` that bubbles out of every shadow root, as the contract asks, so
 * a page may listen on the element, `document` or `window`. No row may say otherwise.
 */
export const ELEMENT_EVENT_INIT = { bubbles: true, composed: true } as const;

interface ElementEventSpec {
  /** The tags that send it. */
  readonly from: readonly ElementTag[];
  /** The keys of `detail`, every one always present. */
  readonly detail: readonly string[];
  /** The host may veto the action with `preventDefault()`; the element checks before acting. Default false. */
  readonly cancelable?: boolean;
  /** The iframe bridge mirrors it to the hosting CRM page. Default true. */
  readonly bridged?: boolean;
}

const SESSION = 'ringnity-session';
const PRESENCE = 'ringnity-presence';
const INBOX = 'ringnity-inbox';
const POPUP = 'ringnity-call-popup';
const CHANGE = ['reason', 'source', 'conversation'] as const;

// Plain literals, no helper calls: a bundle that does not read the table (the call file) drops it.
export const ELEMENT_EVENTS = {
  'ringnity-ready': { from: [SESSION, PRESENCE, INBOX], detail: ['agentId'] },
  'ringnity-error': { from: ELEMENT_TAGS, detail: ['error', 'action'] },
  'ringnity-connection-change': { from: [SESSION], detail: ['state'] },
  'ringnity-presence-change': { from: [PRESENCE], detail: ['status', 'previousStatus', 'source'] },
  'ringnity-conversation-select': { from: [INBOX], detail: ['conversationId', 'conversation'] },
  'ringnity-message-received': { from: [INBOX], detail: ['conversationId', 'message'] },
  'ringnity-before-send': { from: [INBOX], detail: ['conversationId', 'body', 'note'], cancelable: true },
  'ringnity-message-sent': { from: [INBOX], detail: ['conversationId', 'message'] },
  'ringnity-conversation-assigned': { from: [INBOX], detail: ['conversationId', 'assignedAgentId', ...CHANGE] },
  'ringnity-conversation-transferred': { from: [INBOX], detail: ['conversationId', 'departmentId', ...CHANGE] },
  'ringnity-before-close': { from: [INBOX], detail: ['conversationId', 'reason'], cancelable: true },
  'ringnity-conversation-closed': { from: [INBOX], detail: ['conversationId', ...CHANGE] },
  'ringnity-attachment-deleted': { from: [INBOX], detail: ['conversationId', 'messageId', 'reason'] },
  'ringnity-incoming-call': { from: [POPUP], detail: ['call'], cancelable: true },
  'ringnity-call-accepted': { from: [POPUP], detail: ['call'] },
  'ringnity-call-rejected': { from: [POPUP], detail: ['call', 'reason'] },
  'ringnity-call-ended': { from: [POPUP], detail: ['call', 'reason', 'error'] },
  'ringnity-call-held': { from: [POPUP], detail: ['call'] },
  'ringnity-call-resumed': { from: [POPUP], detail: ['call'] },
  'ringnity-call-transferred': { from: [POPUP], detail: ['call', 'departmentId', 'outcome'] },
  'ringnity-call-muted': { from: [POPUP], detail: ['call', 'muted'] },
  'ringnity-call-video-changed': { from: [POPUP], detail: ['call', 'enabled'] },
  'ringnity-sound-blocked': { from: [POPUP], detail: ['call'] },
} as const satisfies Record<`ringnity-${string}`, ElementEventSpec>;

export type ElementEventName = keyof typeof ELEMENT_EVENTS;

const spec = (name: ElementEventName): ElementEventSpec => ELEMENT_EVENTS[name];
const NAMES = /* @__PURE__ */ Object.keys(ELEMENT_EVENTS) as ElementEventName[];

/** The events whose default the host may prevent. */
export const CANCELABLE_ELEMENT_EVENTS: ReadonlySet<ElementEventName> = /* @__PURE__ */ new Set(/* @__PURE__ */ NAMES.filter((name) => spec(name).cancelable === true));

/** The events the iframe bridge mirrors to the hosting page unless told otherwise. */
export const BRIDGED_ELEMENT_EVENTS: readonly ElementEventName[] = /* @__PURE__ */ NAMES.filter((name) => spec(name).bridged !== false);

/**
 * What each event means, for the manifest and the docs. Kept beside the table rather than in it
 * so that the bundles, which never read it, drop it: the elements' bundle has little room.
 */
export const ELEMENT_EVENT_DESCRIPTIONS: { readonly [N in ElementEventName]: string } = {
  'ringnity-ready': 'The element has its session and first data: the agent signed in (session), its status is known (presence), its list is loaded (inbox).',
  'ringnity-error': 'Something failed; the element also shows it. `action` names what was being done.',
  'ringnity-connection-change': 'The session moved between connecting, connected, reconnecting, failed and closed.',
  'ringnity-presence-change': "The agent's status changed, here (`source: 'self'`) or elsewhere (`'remote'`: another tab, the server).",
  'ringnity-conversation-select': 'The agent opened a conversation: show the customer record.',
  'ringnity-message-received': 'A message this agent did not write arrived (the customer, another agent).',
  'ringnity-before-send': 'Cancelable: `preventDefault()` keeps the draft unsent.',
  'ringnity-message-sent': 'A reply or note of this agent was stored by the server.',
  'ringnity-conversation-assigned': 'A conversation was accepted or assigned, by this agent (`self`) or elsewhere (`remote`).',
  'ringnity-conversation-transferred': 'A conversation moved to another department.',
  'ringnity-before-close': 'Cancelable: `preventDefault()` keeps the conversation open.',
  'ringnity-conversation-closed': 'A conversation was closed.',
  'ringnity-attachment-deleted': 'This agent removed an attachment.',
  'ringnity-incoming-call': 'Cancelable. A call rings; `detail.call` is the SDK call object. `preventDefault()` shows your own UI instead: the popup stays hidden for that call.',
  'ringnity-call-accepted': 'The agent took the call.',
  'ringnity-call-rejected': 'The agent declined the call.',
  'ringnity-call-ended': 'The call is over for this agent; `detail.reason` says why.',
  'ringnity-call-held': 'The call went on hold.',
  'ringnity-call-resumed': 'The call came off hold.',
  'ringnity-call-transferred': 'A transfer `started`, `completed` or `returned`.',
  'ringnity-call-muted': 'The microphone was muted or unmuted (`detail.muted`).',
  'ringnity-call-video-changed': "The agent's camera went on or off (`detail.enabled`).",
  'ringnity-sound-blocked': 'The browser blocked the ringtone until the agent interacts with the page; the popup shows an "enable sound" prompt.',
};
