import { COMMON_LABELS, type CommonLabels } from '../shared/labels.js';

/** Every string `<ringnity-presence>` shows. */
export interface PresenceLabels extends CommonLabels {
  status: string;
  online: string;
  busy: string;
  offline: string;
  in_call: string;
  inCallHint: string;
  loading: string;
  noAccess: string;
  unavailable: string;
  details: string;
}

export const PRESENCE_LABELS: PresenceLabels = {
  ...COMMON_LABELS,
  status: 'Status',
  online: 'Online',
  busy: 'Busy',
  offline: 'Offline',
  in_call: 'In a call',
  inCallHint: 'Set by Ringnity while you are on a call',
  loading: 'Loading status…',
  noAccess: 'Status is not available with this sign-in.',
  unavailable: 'Status unavailable',
  details: 'Details',
};
