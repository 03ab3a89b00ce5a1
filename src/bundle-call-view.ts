/**
 * Entry of `dist/ringnity-agent-call-view.js`, the call popup's view in the no-build bundle: the
 * ringing card, the active-call panel and its device and quality parts. `bundle.ts` fetches it
 * from beside itself at the same time as the call file (the engine), so neither waits for the
 * other, and each keeps a budget of its own. Its Lit is the main bundle's (see `sharedLit()` in
 * rollup.config.mjs).
 */
export { CallPopupView } from './elements/call-popup/call-popup-view.js';
