/**
 * Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). In a customer's name or
 * a file name they reorder what follows, so that "\u202Egnp.exe" reads as "exe.png"; text from
 * the network never needs them to be read correctly, since the isolation around it already gives
 * it a direction of its own.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** Untrusted text as it may be shown: without bidi controls. Lit-free, for the call chunk too. */
export function plainText(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
