import { adoptStyles, supportsAdoptingStyleSheets, type CSSResult, type LitElement } from 'lit';

/**
 * Adds styles that arrived with lazily loaded code to an element's shadow root. Adopted style
 * sheets are replaced as a list; without them Lit adds <style> elements, and the element's own
 * are in place already.
 */
export function addStyles(element: LitElement, styles: CSSResult): void {
  const root = element.renderRoot;
  if (!(root instanceof ShadowRoot)) return;
  const own = (element.constructor as typeof LitElement).elementStyles;
  adoptStyles(root, supportsAdoptingStyleSheets ? [...own, styles] : [styles]);
}
