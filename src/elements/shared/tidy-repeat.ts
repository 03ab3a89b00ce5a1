import { repeat as litRepeat } from 'lit/directives/repeat.js';

/**
 * Lit's `repeat`, minus a leak: since lit-html 3.3.1 every item it removes leaves its end marker
 * (an empty comment) behind in the container (lit/lit#5298). The inbox's list window drops a row
 * for each message that lifts a conversation into view, and the thread drops every message when
 * another conversation opens, so over a shift the comments ran into the tens of thousands. The
 * directive class is patched once, on first use, for whichever Lit copy rendered it (the thread
 * file shares the main bundle's), so nothing here touches Lit while modules are evaluated.
 * Markers Lit has removed itself (once fixed upstream) are left alone.
 */
export const repeat = ((...args: unknown[]) => {
  const result = (litRepeat as (...a: unknown[]) => ReturnType<typeof litRepeat>)(...args);
  tidy((result as unknown as { _$litDirective$: { prototype: RepeatUpdate } })._$litDirective$.prototype);
  return result;
}) as typeof litRepeat;

/**
 * A ChildPart's fields, by the names Lit keeps stable between its copies: `_$AH` and `_$AB` in the
 * production build, spelled out in the development build.
 */
interface ChildPartFields {
  _$AH?: unknown;
  _$committedValue?: unknown;
  _$AB?: ChildNode | null;
  _$endNode?: ChildNode | null;
}
type ContainerPart = ChildPartFields;
const committed = (part: ChildPartFields) => ('_$AH' in part ? part._$AH : part._$committedValue);
const endNode = (part: ChildPartFields) => ('_$AB' in part ? part._$AB : part._$endNode);
interface RepeatUpdate {
  update(part: ContainerPart, args: unknown[]): unknown;
  [TIDY]?: true;
}

const TIDY = Symbol('ringnity.tidy-repeat');

function tidy(proto: RepeatUpdate): void {
  if (proto[TIDY]) return;
  proto[TIDY] = true;
  const update = proto.update;
  proto.update = function (this: RepeatUpdate, part: ContainerPart, args: unknown[]) {
    const before = committed(part);
    const result = update.call(this, part, args);
    const after = committed(part);
    if (Array.isArray(before) && Array.isArray(after) && before !== after) {
      const kept = new Set(after);
      for (const old of before as ChildPartFields[]) {
        const end = endNode(old);
        if (!kept.has(old) && end?.nodeType === Node.COMMENT_NODE && end.parentNode) end.remove();
      }
    }
    return result;
  };
}
