import { noChange } from 'lit';
import { Directive, PartType, directive, type AttributePart, type DirectiveResult, type PartInfo } from 'lit/directive.js';

type StyleProps = Readonly<Record<string, string | null | undefined>>;

/**
 * `style=${styleProps({ height: '40px' })}`: like Lit's `styleMap`, but it writes through
 * `element.style.setProperty` every time. `styleMap` writes its first value as a `style`
 * attribute, which a page's `style-src` without 'unsafe-inline' refuses (a CSP violation and a
 * missing style); CSSOM writes are allowed. Property names are CSS names (`max-height`).
 */
class StylePropsDirective extends Directive {
  private previous = new Set<string>();

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ATTRIBUTE || info.name !== 'style') throw new Error('styleProps() belongs in a style= binding');
  }

  render(_props: StyleProps): typeof noChange {
    return noChange;
  }

  override update(part: AttributePart, [props]: [StyleProps]): typeof noChange {
    const style = (part.element as HTMLElement).style;
    for (const name of this.previous) if (props[name] == null) style.removeProperty(name);
    this.previous = new Set();
    for (const [name, value] of Object.entries(props)) {
      if (value == null) continue;
      style.setProperty(name, value);
      this.previous.add(name);
    }
    return noChange;
  }
}

export const styleProps: (props: StyleProps) => DirectiveResult<typeof StylePropsDirective> = directive(StylePropsDirective);
