/**
 * The pure parts of the elements' languages: which `lang` speaks which language, the German
 * table's completeness, plural forms and locale-aware sizes. The browser tests
 * (test/browser/elements/languages.test.ts) cover what the elements show.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CALL_POPUP_ELEMENT_LABELS, CALL_POPUP_LABELS } from '../../src/elements/call-popup/labels.js';
import { fileSize } from '../../src/elements/inbox/format.js';
import { INBOX_LABELS } from '../../src/elements/inbox/labels.js';
import { PRESENCE_LABELS } from '../../src/elements/presence/labels.js';
import { intlLocale } from '../../src/elements/shared/intl.js';
import { COMMON_LABELS, plural } from '../../src/elements/shared/labels.js';
import { languageOf } from '../../src/elements/shared/locale.js';
import { GERMAN } from '../../src/elements/shared/locales/de.js';

const keys = (table: object) => Object.keys(table).sort();
const without = (table: object, common: object) => keys(table).filter((key) => !(key in common));

describe('element languages', () => {
  it('speaks German for de and every de-* tag, English for anything else', () => {
    for (const lang of ['de', 'de-DE', 'de-AT', 'de-CH', 'DE-de', 'de-Latn-DE']) assert.equal(languageOf(lang), 'de', lang);
    for (const lang of ['', 'en', 'en-US', 'fr', 'deu', 'dex', 'nl-DE', 'ar']) assert.equal(languageOf(lang), 'en', lang);
  });

  it('has a German word for every English one, and no other', () => {
    assert.deepEqual(keys(GERMAN.common), keys(COMMON_LABELS));
    assert.deepEqual(keys(GERMAN.inbox), without(INBOX_LABELS, COMMON_LABELS));
    assert.deepEqual(keys(GERMAN.presence), without(PRESENCE_LABELS, COMMON_LABELS));
    assert.deepEqual(keys(GERMAN.callPopup), keys({ ...CALL_POPUP_LABELS, ...CALL_POPUP_ELEMENT_LABELS }));
    // Each placeholder of the English text is in the German one.
    const english: Record<string, string> = { ...INBOX_LABELS, ...PRESENCE_LABELS, ...CALL_POPUP_LABELS, ...CALL_POPUP_ELEMENT_LABELS };
    const german: Record<string, string> = { ...GERMAN.common, ...GERMAN.inbox, ...GERMAN.presence, ...GERMAN.callPopup };
    for (const [key, text] of Object.entries(english)) {
      const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      assert.deepEqual(placeholders(german[key]!), placeholders(text), key);
    }
  });

  it('picks the plural form by the locale rules', () => {
    assert.equal(plural(INBOX_LABELS, 'unread', 1, 'en'), '1 unread message');
    assert.equal(plural(INBOX_LABELS, 'unread', 3, 'en'), '3 unread messages');
    assert.equal(plural(GERMAN.inbox, 'unread', 1, 'de'), '1 ungelesene Nachricht');
    assert.equal(plural(GERMAN.inbox, 'unread', 2, 'de'), '2 ungelesene Nachrichten');
    // Polish has "few" and "many": without those forms, "other" stands in.
    assert.equal(plural({ unread_one: 'one', unread_few: '{count} few', unread_other: '{count} other' }, 'unread', 3, 'pl'), '3 few');
    assert.equal(plural({ unread_one: 'one', unread_other: '{count} other' }, 'unread', 5, 'pl'), '5 other');
  });

  it('writes sizes with the locale digits, and takes a malformed lang as the browser locale', () => {
    assert.equal(
      fileSize(1536, 'de'),
      new Intl.NumberFormat('de', { style: 'unit', unit: 'kilobyte', unitDisplay: 'short', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(1.5),
    );
    assert.match(fileSize(1536, 'de'), /^1,5\s?kB$/);
    assert.match(fileSize(1536, 'en'), /^1\.5\s?kB$/);
    assert.equal(intlLocale(''), undefined);
    assert.equal(intlLocale('not a tag!'), undefined);
    assert.equal(intlLocale('de-at'), 'de-AT');
  });
});
