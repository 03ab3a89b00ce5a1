/**
 * Entry of `dist/ringnity-agent-thread.js`, the thread file of the no-build bundle: what
 * `<ringnity-inbox>` needs only once a conversation is open (the thread, the composer, the action
 * dialog). `bundle.ts` fetches it from beside itself the first time one is opened. Its Lit is
 * the main bundle's (see `sharedLit()` in rollup.config.mjs).
 */
export { InboxThreadPane } from './elements/inbox/thread-pane.js';
