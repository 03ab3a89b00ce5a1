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
  /** The host may veto the action with `preventDefault()`; the element checks before acting. */
  readonly cancelable: boolean;
  /** The iframe bridge mirrors it to the hosting CRM page. */
  readonly bridged: boolean;
}

const ALL: readonly ElementTag[] = ELEMENT_TAGS;
const SESSION = 'ringnity-session';
const PRESENCE = 'ringnity-presence';
const INBOX = 'ringnity-inbox';
const POPUP = 'ringnity-call-popup';

/** One row; `detail` keeps its literal keys, so that the TypeScript map can be checked against them. */
function event<const Detail extends readonly string[]>(
  from: ElementTag | readonly ElementTag[],
  detail: Detail,
  flags: { cancelable?: boolean; bridged?: boolean } = {},
): ElementEventSpec & { readonly detail: Detail } {
  return { from: typeof from === 'string' ? [from] : from, detail, cancelable: flags.cancelable ?? false, bridged: flags.bridged ?? true };
}

const CHANGE = ['reason', 'source', 'conversation'] as const;

export const ELEMENT_EVENTS = {
  'ringnity-ready': event([SESSION, PRESENCE, INBOX], ['agentId']),
  'ringnity-error': event(ALL, ['error', 'action']),
  'ringnity-connection-change': event(SESSION, ['state']),
  'ringnity-presence-change': event(PRESENCE, ['status', 'previousStatus', 'source']),
  'ringnity-conversation-select': event(INBOX, ['conversationId', 'conversation']),
  'ringnity-message-received': event(INBOX, ['conversationId', 'message']),
  'ringnity-before-send': event(INBOX, ['conversationId', 'body', 'note'], { cancelable: true }),
  'ringnity-message-sent': event(INBOX, ['conversationId', 'message']),
  'ringnity-conversation-assigned': event(INBOX, ['conversationId', 'assignedAgentId', ...CHANGE]),
  'ringnity-conversation-transferred': event(INBOX, ['conversationId', 'departmentId', ...CHANGE]),
  'ringnity-before-close': event(INBOX, ['conversationId', 'reason'], { cancelable: true }),
  'ringnity-conversation-closed': event(INBOX, ['conversationId', ...CHANGE]),
  'ringnity-attachment-deleted': event(INBOX, ['conversationId', 'messageId', 'reason']),
  'ringnity-incoming-call': event(POPUP, ['call'], { cancelable: true }),
  'ringnity-call-accepted': event(POPUP, ['call']),
  'ringnity-call-rejected': event(POPUP, ['call', 'reason']),
  'ringnity-call-ended': event(POPUP, ['call', 'reason', 'error']),
  'ringnity-call-held': event(POPUP, ['call']),
  'ringnity-call-resumed': event(POPUP, ['call']),
  'ringnity-call-transferred': event(POPUP, ['call', 'departmentId', 'outcome']),
  'ringnity-call-muted': event(POPUP, ['call', 'muted']),
  'ringnity-call-video-changed': event(POPUP, ['call', 'enabled']),
  'ringnity-sound-blocked': event(POPUP, ['call']),
} as const satisfies Record<`ringnity-${string}`, ElementEventSpec>;

export type ElementEventName = keyof typeof ELEMENT_EVENTS;

const NAMES = Object.keys(ELEMENT_EVENTS) as ElementEventName[];

/** The events whose default the host may prevent. */
export const CANCELABLE_ELEMENT_EVENTS: ReadonlySet<ElementEventName> = new Set(NAMES.filter((name) => ELEMENT_EVENTS[name].cancelable));

/** The events the iframe bridge mirrors to the hosting page unless told otherwise. */
export const BRIDGED_ELEMENT_EVENTS: readonly ElementEventName[] = NAMES.filter((name) => ELEMENT_EVENTS[name].bridged);

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
