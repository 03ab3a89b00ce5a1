/**
 * Entry of `dist/ringnity-agent-calls.js`, the call file of the no-build bundle: the call engine
 * (simple-peer and the WebRTC code). `bundle.ts` fetches it from beside itself the first time
 * calls are used. The popup's view is a file of its own (`bundle-call-view.ts`). Its Lit would
 * be the main bundle's (see `sharedLit()` in rollup.config.mjs), and the build fails if a copy
 * creeps in.
 */
export * from './sdk/calls/engine.js';
