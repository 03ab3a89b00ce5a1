const WARNED = Symbol.for('@ringnity/agent-sdk/define-warned');

/**
 * Defines `tag` unless the page already has it, because `customElements.define` would throw.
 * Defining the same class again (two entry points, `define()` called twice) is silent; a tag
 * taken by another class (the CDN bundle next to an npm build) keeps that class, with one
 * warning per page.
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  if (typeof customElements === 'undefined') return;
  const existing = customElements.get(tag);
  if (existing === element) return;
  if (existing) {
    const flags = globalThis as unknown as Record<symbol, boolean | undefined>;
    if (!flags[WARNED]) {
      flags[WARNED] = true;
      console.warn(`[ringnity] <${tag}> is already defined, probably by another copy of @ringnity/agent-sdk on this page; keeping that one.`);
    }
    return;
  }
  customElements.define(tag, element);
}
