/**
 * Entry of the no-build bundle `dist/ringnity-agent.js`, loaded with a plain `<script src>`.
 * Rollup wraps it in an IIFE that exports nothing, so that the contract's global
 * `window.RingnityAgent` (with `create`), set here, is the only one it adds (Salesforce asks
 * third-party code for no more). Every element is registered.
 *
 * A page may load the bundle twice, or load it next to an npm copy. The first copy wins, so
 * that every agent object on the page comes from the same class.
 */
import { RingnityAgent, setCallEngineLoader } from './index.js';
import { attachBundleExtras, type BundleExtras } from './bundle-extras.js';
import { setCallPopupViewLoader } from './elements/call-popup/call-popup.js';

// Registers every custom element (each tag only if the page does not have it yet).
import './elements/define.js';

/** What the call file (src/bundle-calls.ts) exports. */
type CallFileModule = typeof import('./bundle-calls.js');

declare global {
  interface Window {
    RingnityAgent: typeof RingnityAgent & Partial<BundleExtras>;
  }
}

// startBridge, configure and checkMediaPermissions: see bundle-extras.ts.
attachBundleExtras(RingnityAgent);

if (typeof window !== 'undefined' && !window.RingnityAgent) {
  window.RingnityAgent = RingnityAgent;
}

// The call engine and the call popup's view are one file beside this one (see bundle-calls.ts and
// rollup.config.mjs), fetched once by whichever asks first. Its address is taken now:
// `document.currentScript` is only set while this script first runs.
const bundleUrl = typeof document !== 'undefined' && document.currentScript instanceof HTMLScriptElement ? document.currentScript.src : '';
if (bundleUrl) {
  const callsUrl = new URL('ringnity-agent-calls.js', bundleUrl).href;
  const loadCallFile = () => import(/* webpackIgnore: true */ callsUrl) as Promise<CallFileModule>;
  setCallEngineLoader(loadCallFile);
  setCallPopupViewLoader(loadCallFile);
}

