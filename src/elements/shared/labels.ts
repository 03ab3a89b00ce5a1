import { pluralCategory } from './intl.js';
import { plainText } from './plain-text.js';
import type { RingnityError } from '../../index.js';
import type { SessionState } from '../../sdk/session/session.js';

/** Strings every element shows about its session and about failures. `{detail}` is filled in. */
export interface CommonLabels {
  sessionIdle: string;
  sessionConnecting: string;
  sessionReconnecting: string;
  sessionClosed: string;
  sessionMissing: string;
  sessionFailedToken: string;
  sessionFailedRefused: string;
  sessionFailedNetwork: string;
  sessionFailed: string;
  retry: string;
  dismiss: string;
  errorScopeDenied: string;
  errorWriteForbidden: string;
  errorNotFound: string;
  errorAlreadyAssigned: string;
  errorPresenceLocked: string;
  errorNetwork: string;
  errorInvalid: string;
  errorOther: string;
}

export const COMMON_LABELS: CommonLabels = {
  sessionIdle: 'Waiting for Ringnity sign-in…',
  sessionConnecting: 'Connecting to Ringnity…',
  sessionReconnecting: 'Connection lost. Reconnecting…',
  sessionClosed: 'Signed out of Ringnity.',
  sessionMissing: 'No Ringnity session found. Put this element inside <ringnity-session>, or add <ringnity-session page> to the page.',
  sessionFailedToken: 'Could not get a Ringnity agent token ({detail}). Check that you are signed in to the CRM, then try again.',
  sessionFailedRefused: 'Ringnity did not accept the agent token ({detail}). Ask your administrator to check the token route.',
  sessionFailedNetwork: 'Could not reach Ringnity ({detail}). Check your network connection, then try again.',
  sessionFailed: 'The Ringnity session ended ({detail}).',
  retry: 'Try again',
  dismiss: 'Dismiss',
  errorScopeDenied: 'Your access does not allow this.',
  errorWriteForbidden: 'You can read this conversation but not change it.',
  errorNotFound: 'This conversation is no longer visible to you.',
  errorAlreadyAssigned: 'Another agent already took this conversation.',
  errorPresenceLocked: 'You are in a call; your status changes when it ends.',
  errorNetwork: 'Could not reach Ringnity. Check your connection and try again.',
  errorInvalid: 'Ringnity refused the request: {detail}',
  errorOther: 'Something went wrong: {detail}',
};

/** Fills `{name}` placeholders; values are plain text (bidi controls removed) and end up in text bindings. */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? plainText(String(values[key])) : whole));
}

/**
 * A label with a count, in the plural form the locale's rules pick (Intl.PluralRules): `key_one`,
 * `key_few`, `key_other`… (the forms a language has), then `key_other`. `{count}` is filled in.
 */
export function plural(labels: object, key: string, count: number, locale: string | undefined): string {
  const forms = labels as Record<string, string | undefined>;
  const template = forms[`${key}_${pluralCategory(count, locale)}`] ?? forms[`${key}_other`] ?? '';
  return format(template, { count });
}

/** A sentence for an API failure that tells the agent what happened, not just the code. */
export function describeError(error: RingnityError, labels: CommonLabels): string {
  switch (error.code) {
    case 'AGENT_SDK_SCOPE_DENIED':
      return labels.errorScopeDenied;
    case 'AGENT_SDK_CONVERSATION_WRITE_FORBIDDEN':
      return labels.errorWriteForbidden;
    case 'AGENT_SDK_CONVERSATION_NOT_FOUND':
      return labels.errorNotFound;
    case 'AGENT_SDK_CONVERSATION_ALREADY_ASSIGNED':
      return labels.errorAlreadyAssigned;
    case 'AGENT_SDK_PRESENCE_LOCKED':
      return labels.errorPresenceLocked;
    case 'NETWORK_ERROR':
      return labels.errorNetwork;
    case 'AGENT_SDK_INVALID_REQUEST':
      return format(labels.errorInvalid, { detail: error.message });
    default:
      return format(labels.errorOther, { detail: error.message });
  }
}

/** What to tell the agent about the session, or null when it is usable. */
export function describeSession(state: SessionState | 'missing', error: RingnityError | null, labels: CommonLabels): string | null {
  switch (state) {
    case 'connected':
      return null;
    case 'idle':
      return labels.sessionIdle;
    case 'connecting':
      return labels.sessionConnecting;
    case 'reconnecting':
      return labels.sessionReconnecting;
    case 'closed':
      return labels.sessionClosed;
    case 'missing':
      return labels.sessionMissing;
    case 'failed': {
      const detail = error?.message ?? 'unknown error';
      if (!error) return format(labels.sessionFailed, { detail });
      if (error.code === 'TOKEN_UNAVAILABLE') return format(labels.sessionFailedToken, { detail });
      if (error.code === 'NETWORK_ERROR') return format(labels.sessionFailedNetwork, { detail });
      if (error.code === 'AGENT_SDK_TOKEN_INVALID' || error.code === 'SOCKET_AUTH_FAILED' || error.code === 'AGENT_SDK_TOKEN_MISSING') {
        return format(labels.sessionFailedRefused, { detail });
      }
      return format(labels.sessionFailed, { detail });
    }
  }
}
