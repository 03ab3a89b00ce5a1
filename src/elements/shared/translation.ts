import type { CallPopupLabels } from '../call-popup/labels.js';
import type { InboxLabels } from '../inbox/labels.js';
import type { PresenceLabels } from '../presence/labels.js';
import type { CommonLabels } from './labels.js';

/**
 * Every string of every element in one language other than English, which is built in. Each
 * language is a module of its own (`locales/`), loaded the first time an element needs it.
 */
export interface Translation {
  /** Shown by every element. */
  common: CommonLabels;
  inbox: Omit<InboxLabels, keyof CommonLabels>;
  presence: Omit<PresenceLabels, keyof CommonLabels>;
  callPopup: Omit<CallPopupLabels, keyof CommonLabels>;
}
