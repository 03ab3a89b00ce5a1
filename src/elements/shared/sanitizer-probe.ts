import { html, render } from 'lit';

let verdict: boolean | undefined;

/**
 * Whether the page filters the markup Lit builds its templates from, as Salesforce's Lightning
 * Web Security does with its gates off: it strips the attribute-binding markers, and every
 * binding after a lost one takes another's value (the inbox would show function source as
 * text). Found once per page, by rendering a probe with an attribute and a text binding.
 */
export function templatesSanitized(): boolean {
  if (verdict === undefined) {
    const probe = document.createElement('div');
    try {
      render(html`<b title=${'a'}>${'b'}</b>`, probe);
      verdict = probe.querySelector('b')?.title !== 'a' || probe.textContent !== 'b';
    } catch {
      verdict = true;
    }
  }
  return verdict;
}

export const SANITIZED_MESSAGE =
  'The Ringnity elements cannot draw here: this page filters the HTML of their templates (a sanitizer such as Salesforce Lightning Web Security). Host the panel in an iframe, or use the LWC components (c-ringnity-inbox, c-ringnity-presence).';
