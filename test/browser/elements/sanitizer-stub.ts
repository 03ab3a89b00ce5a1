/**
 * A stand-in for the HTML sanitizer of Salesforce's Lightning Web Security, for the markup Lit
 * builds its templates from (`template.innerHTML`): <slot> and <dialog> are not on its allowlist,
 * and with its gates off the attribute-binding (`name$lit$`) and element-binding (`lit$…$`)
 * markers go too. A removed element's content stays, as in the sanitizer.
 */
const innerHTML = Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML')!;

function sanitize(markup: string, stripBindingMarkers: boolean): string {
  const scratch = document.createElement('template');
  innerHTML.set!.call(scratch, markup);
  for (const element of [...scratch.content.querySelectorAll('*')]) {
    if (element.localName === 'slot' || element.localName === 'dialog') element.replaceWith(...element.childNodes);
    if (!stripBindingMarkers) continue;
    for (const name of element.getAttributeNames()) if (name.endsWith('$lit$') || /^lit\$\d+\$$/.test(name)) element.removeAttribute(name);
  }
  return innerHTML.get!.call(scratch) as string;
}

/** Filters every template's markup from now on; answers how to stop. */
export function installSanitizer(options: { stripBindingMarkers: boolean }): () => void {
  Object.defineProperty(Element.prototype, 'innerHTML', {
    ...innerHTML,
    set(this: Element, value: unknown) {
      innerHTML.set!.call(this, this instanceof HTMLTemplateElement ? sanitize(String(value), options.stripBindingMarkers) : value);
    },
  });
  return () => Object.defineProperty(Element.prototype, 'innerHTML', innerHTML);
}
