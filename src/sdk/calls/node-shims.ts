/**
 * simple-peer is CommonJS written for Node: it and its stream dependency read `global`, `process`
 * and `Buffer` as free globals. For the npm build this module installs browser stand-ins before
 * simple-peer runs, only where the page has none, so an app's bundler needs no configuration. The
 * no-build call file never runs this: its build injects the stand-ins into each module that reads
 * them and leaves the page's window alone (see `nodeGlobalsAtModuleLevel()` in rollup.config.mjs). This module
 * must be imported before simple-peer, and its export used: the package lists its side-effect
 * modules, so a bare `import './node-shims.js'` would be dropped by bundlers as unused.
 */
import { Buffer } from 'buffer/index.js';
import process from 'process/browser.js';

const scope = globalThis as unknown as { global?: unknown; Buffer?: unknown; process?: unknown };
scope.global ??= globalThis;
scope.Buffer ??= Buffer;
scope.process ??= process;

/** True once the stand-ins are in place; importing it keeps this module in every bundle. */
export const nodeShimsInstalled = scope.global !== undefined && scope.Buffer !== undefined && scope.process !== undefined;
