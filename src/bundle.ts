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
import { setInboxThreadLoader } from './elements/inbox/thread-loader.js';
import * as lit from './elements/shared/lazy-lit.js';
import { setGermanLoader } from './elements/shared/locale.js';

// Registers every custom element (each tag only if the page does not have it yet).
import './elements/define.js';

/** What the call file (src/bundle-calls.ts), the call view file (src/bundle-call-view.ts) and the thread file (src/bundle-thread.ts) export. */
type CallFileModule = typeof import('./bundle-calls.js');
type CallViewFileModule = typeof import('./bundle-call-view.js');
type ThreadFileModule = typeof import('./bundle-thread.js');
type GermanFileModule = typeof import('./bundle-de.js');

/** What the build adds to every lazily loaded file: it takes the main bundle's Lit (see rollup.config.mjs). */
interface LazyFile {
  shareLit(values: typeof lit): void;
}

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

// Code that the first paint does not need sits in files beside this one, fetched once by
// whatever asks first: the call file (the call engine), the call popup's view and the thread
// file (the inbox's open conversation). See bundle-calls.ts, bundle-call-view.ts, bundle-thread.ts and
// rollup.config.mjs. Their address is taken now: `document.currentScript` is only set while this
// script first runs.
const bundleUrl = typeof document !== 'undefined' && document.currentScript instanceof HTMLScriptElement ? document.currentScript.src : '';

/** Loads a file from beside the bundle and hands it the bundle's Lit before anything renders with it. */
function besideBundle<T>(file: string): () => Promise<T> {
  const url = new URL(file, bundleUrl).href;
  return () =>
    (import(/* webpackIgnore: true */ url) as Promise<T & LazyFile>).then((module) => {
      module.shareLit(lit);
      return module;
    });
}

if (bundleUrl) {
  setCallEngineLoader(besideBundle<CallFileModule>('ringnity-agent-calls.js'));
  setCallPopupViewLoader(besideBundle<CallViewFileModule>('ringnity-agent-call-view.js'));
  setInboxThreadLoader(besideBundle<ThreadFileModule>('ringnity-agent-thread.js'));
  // Words only, no Lit to hand over.
  const germanUrl = new URL('ringnity-agent-de.js', bundleUrl).href;
  setGermanLoader(() => (import(/* webpackIgnore: true */ germanUrl) as Promise<GermanFileModule>).then((module) => module.GERMAN));
}
