/**
 * Intl formatters by locale. Building one costs far more than using one, and a busy inbox formats
 * thousands of times a second, so each is made once per locale and kind; toLocaleString() would
 * build a new one on every call. A locale of `undefined` is the browser's own.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/** The kinds of date the elements show. */
const DATE_OPTIONS = {
  clock: { hour: '2-digit', minute: '2-digit' },
  day: { month: 'short', day: 'numeric' },
  full: { dateStyle: 'medium', timeStyle: 'short' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/**
 * A `lang` value as Intl takes it: `undefined` (the browser's locale) when it is empty or not a
 * well-formed language tag, which Intl would otherwise refuse with a RangeError.
 */
export function intlLocale(lang: string): string | undefined {
  if (!lang) return undefined;
  try {
    return Intl.getCanonicalLocales(lang)[0];
  } catch {
    return undefined;
  }
}

export function dateFormat(kind: keyof typeof DATE_OPTIONS, locale: string | undefined): Intl.DateTimeFormat {
  const key = `${kind} ${locale ?? ''}`;
  let made = dateFormats.get(key);
  if (!made) dateFormats.set(key, (made = new Intl.DateTimeFormat(locale, DATE_OPTIONS[kind])));
  return made;
}

export function pluralCategory(count: number, locale: string | undefined): Intl.LDMLPluralRule {
  const key = locale ?? '';
  let rules = pluralRules.get(key);
  if (!rules) pluralRules.set(key, (rules = new Intl.PluralRules(locale)));
  return rules.select(count);
}

/** A size in kB or MB with the locale's digits and separators. */
export function unitFormat(unit: 'byte' | 'kilobyte' | 'megabyte', fractionDigits: number, locale: string | undefined): Intl.NumberFormat {
  const key = `${unit} ${fractionDigits} ${locale ?? ''}`;
  let made = numberFormats.get(key);
  if (!made) {
    made = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: fractionDigits, minimumFractionDigits: fractionDigits });
    numberFormats.set(key, made);
  }
  return made;
}
