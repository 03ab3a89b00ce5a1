/**
 * The panel side of the iframe path, wired to the elements: every `ringnity-*` event the elements
 * send goes to the hosting CRM page, and the page's commands act on the panel's own session.
 *
 * Nothing here imports the elements or Lit: the event names come from protocol/, the commands
 * reach the session through the page registry (sdk/session/) and the inbox through its public
 * `select()` on the DOM, so this module stays usable from the headless build too.
 */
import type { RingnityAgent } from '../sdk/agent.js';
import type { Call } from '../sdk/calls/types.js';
import type { RingnitySession } from '../sdk/session/session.js';
import { pageSession } from '../sdk/session/page-session.js';
import { startFrameBridge, type FrameBridge, type FrameBridgeOptions } from './frame-bridge.js';
import { SETTABLE_PRESENCE, type SettablePresence } from '../protocol/models.js';
import { toPublicCall } from '../protocol/public-call.js';
import { BRIDGED_ELEMENT_EVENTS } from '../protocol/element-events.js';

/**
 * The names the bridge mirrors unless told otherwise: the rows of `ELEMENT_EVENTS` marked
 * `bridged` (protocol/element-events.ts). A call in `detail.call` crosses the frame as its
 * declared public shape.
 */
export const BRIDGED_EVENTS: readonly string[] = BRIDGED_ELEMENT_EVENTS;

export interface PanelBridgeOptions {
  /** Exact origins of the CRM pages allowed to host this panel, e.g. `https://crm.example.com`. Never `*`. */
  allowedOrigins: readonly string[];
  /**
   * The session the commands act on. By default: the first `<ringnity-session>` in the document,
   * else the page-level session.
   */
  session?: RingnitySession;
  /** More event names to mirror, besides the elements' own. */
  extraEvents?: readonly string[];
  /** Where to listen for the elements' events; `document` by default (they are composed and bubble). */
  root?: EventTarget;
  /** The hosting page's origin, when the browser reports none (no `ancestorOrigins`, no referrer). */
  hostOrigin?: string;
}

/** A command the host sent that cannot be carried out; the host's promise rejects with this code. */
export class BridgeCommandError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeCommandError';
  }
}

/**
 * Starts the bridge in a panel page. Call it once, early; the session may sign in later, since
 * each command looks the agent up when it arrives.
 */
export function startPanelBridge(options: PanelBridgeOptions): FrameBridge {
  const agentFor = (): RingnityAgent => {
    const session = options.session ?? documentSession() ?? pageSession();
    const agent = session?.agent;
    if (!agent) throw new BridgeCommandError('BRIDGE_NOT_SIGNED_IN', 'The panel has no signed-in agent yet');
    return agent;
  };

  const bridgeOptions: FrameBridgeOptions = {
    allowedOrigins: options.allowedOrigins,
    events: [...new Set([...BRIDGED_EVENTS, ...(options.extraEvents ?? [])])],
    commands: {
      'presence.set': async ({ status }) => {
        if (typeof status !== 'string' || !(SETTABLE_PRESENCE as readonly string[]).includes(status)) {
          throw new BridgeCommandError('BRIDGE_INVALID_ARGUMENT', `status must be one of ${SETTABLE_PRESENCE.join(', ')}`);
        }
        return agentFor().presence.set(status as SettablePresence);
      },
      'conversation.open': async ({ conversationId }) => {
        if (typeof conversationId !== 'string' || !conversationId) {
          throw new BridgeCommandError('BRIDGE_INVALID_ARGUMENT', 'conversationId must be a non-empty string');
        }
        // Asking first turns an unknown or hidden conversation into the API's own 404 for the host.
        const conversation = await agentFor().conversations.get(conversationId);
        const inboxes = document.querySelectorAll<Element & { select(id: string): void }>('ringnity-inbox');
        if (!inboxes.length) throw new BridgeCommandError('BRIDGE_NO_INBOX', 'The panel page has no <ringnity-inbox> to open the conversation in');
        for (const inbox of inboxes) inbox.select(conversationId);
        return conversation;
      },
      'call.accept': async ({ callId, video }) => {
        const call = findCall(agentFor(), callId, (c) => c.state === 'ringing');
        await call.accept({ video: video === true });
        return toPublicCall(call);
      },
      'call.end': async ({ callId }) => {
        const call = findCall(agentFor(), callId, (c) => c.state !== 'ended');
        // A call that is still ringing is declined, so that it rings on for the other agents.
        await (call.state === 'ringing' ? call.reject() : call.end());
        return toPublicCall(call);
      },
    },
    ...(options.root ? { root: options.root } : {}),
    ...(options.hostOrigin ? { hostOrigin: options.hostOrigin } : {}),
  };
  return startFrameBridge(bridgeOptions);
}

function documentSession(): RingnitySession | undefined {
  const element = document.querySelector('ringnity-session') as (Element & { agentSession?: RingnitySession }) | null;
  return element?.agentSession;
}

function findCall(agent: RingnityAgent, callId: unknown, eligible: (call: Call) => boolean): Call {
  const calls = (agent as Partial<RingnityAgent>).calls;
  if (!calls) throw new BridgeCommandError('BRIDGE_CALLS_UNAVAILABLE', 'This panel has no call support');
  const candidates = calls.current.filter((call) => (typeof callId === 'string' ? call.id === callId : true) && eligible(call));
  const call = candidates[0];
  if (!call) {
    throw new BridgeCommandError('BRIDGE_NO_CALL', typeof callId === 'string' ? `No such call: ${callId}` : 'There is no call to act on');
  }
  return call;
}
