/**
 * Entry of `dist/ringnity-agent-calls.classic.js`: the call file as a classic script, for
 * sandboxes where `import()` cannot work. The same code as bundle-calls.ts (whose exports the
 * build completes with `shareLit`), handed to the bundle when it runs.
 */
import * as callFile from './bundle-calls.js';
import { handToBundle } from './bundle-classic.js';

handToBundle('ringnity-agent-calls', callFile);
