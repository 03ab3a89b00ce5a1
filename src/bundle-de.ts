/**
 * Entry of `dist/ringnity-agent-de.js`: the German words of every element. `bundle.ts` fetches it
 * from beside itself the first time an element's `lang` (or the page's) is German.
 */
export { GERMAN } from './elements/shared/locales/de.js';
