import { listUpdateOf, realtimeEventScope, type RealtimeData, type RealtimeEventName } from '../protocol/socket.js';
import type { AgentScope } from '../protocol/scopes.js';

/** An event as one reader receives it: its name may differ from the published one (see below). */
export interface EventForm {
  type: RealtimeEventName;
  data: unknown;
}

type FormKind = 'full' | 'message' | 'list';

const MESSAGES: AgentScope = 'agent:messages:read';
const LISTS: AgentScope = 'agent:conversations:read';

const carriesListRow = (type: RealtimeEventName, data: unknown): data is RealtimeData['chat.message.created'] & { conversation: object } =>
  type === 'chat.message.created' && (data as RealtimeData['chat.message.created']).conversation !== undefined;

/**
 * The scopes any one of which lets a reader receive some form of the event. A message that
 * carries its list row is readable with either scope: a token that reads messages but not
 * conversations gets the message alone, one that reads conversations but not messages gets the
 * row as `conversation.updated`, so scope-limited tokens see what they saw when the two were
 * separate events.
 */
export function eventScopes(type: RealtimeEventName, data: unknown): readonly AgentScope[] {
  return carriesListRow(type, data) ? [MESSAGES, LISTS] : [realtimeEventScope(type)];
}

function kindFor(type: RealtimeEventName, data: unknown, scopes: readonly string[]): FormKind | null {
  if (!carriesListRow(type, data)) return scopes.includes(realtimeEventScope(type)) ? 'full' : null;
  const messages = scopes.includes(MESSAGES);
  const lists = scopes.includes(LISTS);
  return messages && lists ? 'full' : messages ? 'message' : lists ? 'list' : null;
}

/**
 * The forms of one published event, built once per payload and kind, so that every reader of the
 * same form shares one object (and the sockets layer one broadcast).
 */
export class EventForms {
  private readonly cache = new Map<unknown, Partial<Record<FormKind, EventForm>>>();

  constructor(private readonly type: RealtimeEventName) {}

  for(data: unknown, scopes: readonly string[]): EventForm | null {
    const kind = kindFor(this.type, data, scopes);
    if (kind === null) return null;
    let forms = this.cache.get(data);
    if (!forms) this.cache.set(data, (forms = {}));
    return (forms[kind] ??= this.build(data, kind));
  }

  private build(data: unknown, kind: FormKind): EventForm {
    if (kind === 'full') return { type: this.type, data };
    const message = data as RealtimeData['chat.message.created'];
    if (kind === 'message') return { type: this.type, data: { conversationId: message.conversationId, message: message.message } };
    return { type: 'conversation.updated', data: listUpdateOf(message) };
  }
}
