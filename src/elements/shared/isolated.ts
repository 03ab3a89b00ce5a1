import { html, type TemplateResult } from 'lit';
import { plainText } from './plain-text.js';

/**
 * Untrusted text (names, subjects, bodies, file names, previews) in a `<bdi>` of its own, so that
 * its direction cannot run into the text around it, and without bidi controls, so that it cannot
 * reorder itself either.
 */
export function isolated(text: string): TemplateResult {
  return html`<bdi>${plainText(text)}</bdi>`;
}
