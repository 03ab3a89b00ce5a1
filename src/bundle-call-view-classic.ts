/**
 * Entry of `dist/ringnity-agent-call-view.classic.js`: the call popup's view as a classic script,
 * for sandboxes where `import()` cannot work, handed to the bundle when it runs (like the call
 * file's classic variant).
 */
import * as viewFile from './bundle-call-view.js';
import { handToBundle } from './bundle-classic.js';

handToBundle('ringnity-agent-call-view', viewFile);
