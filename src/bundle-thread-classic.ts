/**
 * Entry of `dist/ringnity-agent-thread.classic.js`: the thread file as a classic script, for
 * sandboxes where `import()` cannot work (see bundle-calls-classic.ts).
 */
import * as threadFile from './bundle-thread.js';
import { handToBundle } from './bundle-classic.js';

handToBundle('ringnity-agent-thread', threadFile);
