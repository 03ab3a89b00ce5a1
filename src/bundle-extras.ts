/**
 * What the no-build bundle adds to `window.RingnityAgent` besides `create`, so that a page (or a
 * Salesforce component, which should not add globals) reaches everything through that one name:
 * - `RingnityAgent.startBridge({ allowedOrigins })` in a panel page loaded in an iframe;
 * - `RingnityAgent.configure({ shadowMode: 'closed' })` before the first tag is created;
 * - `RingnityAgent.checkMediaPermissions()` to see whether the iframe lets calls use the devices;
 * - `RingnityAgent.RingnityError`, `isRingnityError` and `SDK_VERSION`;
 * - `RingnityAgent.configure({ assetsUrl, assetsMode })`: where and how the lazy files load (bundle-files.ts).
 * The npm build exports the same functions from `@ringnity/agent-sdk/embed` and `/elements`.
 */
import { configureElements } from './elements/shared/element-config.js';
import { RingnityError, SDK_VERSION, isRingnityError } from './index.js';
import { startPanelBridge } from './embed/panel-bridge.js';
import { checkMediaPermissions } from './sdk/calls/preflight.js';
import { provideFile } from './bundle-files.js';

const bundleExtras = {
  startBridge: startPanelBridge,
  configure: configureElements,
  checkMediaPermissions,
  RingnityError,
  isRingnityError,
  SDK_VERSION,
  /** How a classic lazy file (`ringnity-agent-calls.classic.js`) hands itself to the bundle. */
  provideFile,
} as const;

export type BundleExtras = typeof bundleExtras;

/** Adds the extras as read-only, non-enumerable members, leaving any that are already there. */
export function attachBundleExtras(target: object): void {
  for (const [name, value] of Object.entries(bundleExtras)) {
    if (!(name in target)) Object.defineProperty(target, name, { value, configurable: true });
  }
}
