/**
 * `@ringnity/agent-sdk`: the headless agent client. No Lit here, so a page that only wants the
 * client pays for nothing else; the elements live behind `@ringnity/agent-sdk/elements`.
 */
export * from './sdk/index.js';
export * from './protocol/index.js';
