/**
 * Entry of `dist/ringnity-agent-calls.js`, the call file of the no-build bundle. `bundle.ts`
 * fetches it from beside itself the first time calls are used, and takes from it both the call
 * engine (simple-peer and the WebRTC code) and the call popup's view. It imports no Lit: the view
 * renders with the bundle's (see `call-popup-view.ts`), and rollup.config.mjs refuses a build
 * that would carry a copy.
 */
export * from './sdk/calls/engine.js';
export { CallPopupView } from './elements/call-popup/call-popup-view.js';
