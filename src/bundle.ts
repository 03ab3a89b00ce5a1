/**
 * Entry of the no-build bundle `dist/ringnity-agent.js`, loaded with a plain `<script src>`.
 * Rollup wraps it in an IIFE whose exports become `window.Ringnity`; the contract's global
 * `window.RingnityAgent` (with `create`) is set here.
 *
 * A page may load the bundle twice, or load it next to an npm copy. The first copy wins, so
 * that every agent object on the page comes from the same class.
 */
import { RingnityAgent, RingnityError, SDK_VERSION, isRingnityError } from './index.js';

/* ---- Elements: registered here once src/elements/define.ts exists. ----------------------
 * import './elements/define.js';
 * ------------------------------------------------------------------------------------------ */

declare global {
  interface Window {
    RingnityAgent: typeof RingnityAgent;
  }
}

if (typeof window !== 'undefined' && !window.RingnityAgent) {
  window.RingnityAgent = RingnityAgent;
}

export { RingnityAgent, RingnityError, isRingnityError, SDK_VERSION };
