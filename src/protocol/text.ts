/**
 * Rules for text that people type and other people read: message bodies, notes, reasons, names,
 * subjects. Plain functions without zod, so that browser code can apply the same rules as the
 * server's schemas (`text()` in schemas.ts) without carrying a validator.
 */

/**
 * Control characters that have no business in typed text: C0 except tab and newline, DEL, and C1.
 * A lone carriage return is refused too; CRLF is first normalised to a newline.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/**
 * Characters that draw nothing: zero-width space, joiners, word joiner and invisible operators,
 * the byte order mark, soft hyphen and fillers. Text made only of these and whitespace is empty.
 */
// eslint-disable-next-line no-misleading-character-class -- each Hangul filler is listed alone on purpose
const INVISIBLE = /[\s\u00AD\u034F\u115F\u1160\u180E\u200B-\u200F\u2060-\u2064\u3164\uFEFF\uFFA0]/gu;

/** CRLF (and CR before a newline) become a single newline, as browsers submit textareas with CRLF. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

/** The first control character of the text, as `U+XXXX`, or null when it has none. */
export function controlCharacterIn(text: string): string | null {
  const match = CONTROL.exec(text);
  return match ? `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/** True when the text shows nothing: empty, whitespace, or only invisible characters. */
export function isBlankText(text: string): boolean {
  return text.replace(INVISIBLE, '').length === 0;
}
