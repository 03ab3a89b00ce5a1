/**
 * Entry of `dist/ringnity-agent-calls.js`, the call file of the no-build bundle. `bundle.ts`
 * fetches it from beside itself the first time calls are used, and takes from it both the call
 * engine (simple-peer and the WebRTC code) and the call popup's view. Its Lit is the main
 * bundle's (see `sharedLit()` in rollup.config.mjs), and the build fails if a copy creeps in.
 */
export * from './sdk/calls/engine.js';
export { CallPopupView } from './elements/call-popup/call-popup-view.js';
