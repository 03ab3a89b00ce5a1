/**
 * Where the no-build bundle finds the files it loads lazily, and how it loads them.
 *
 * The folder is, in order: `RingnityAgent.configure({ assetsUrl })`, a `data-assets-url` on
 * `<ringnity-session>` or on the bundle's own `<script>`, then the folder of that `<script>`. A
 * sandbox (Salesforce Lightning Web Security) runs the bundle without `document.currentScript`:
 * with no option set there is then no folder, and loading fails with `ASSETS_URL_REQUIRED`
 * instead of guessing a path against the page.
 *
 * The call file and the thread file also come as classic scripts (`*.classic.js`, see
 * bundle-classic.ts) for sandboxes where `import()` cannot work ("Cannot import module from an
 * inactive browsing context"): `assetsMode: 'script'` loads them with a `<script>` tag, the
 * default falls back to that when `import()` throws, and a file that a page loaded itself (with
 * Salesforce's `loadScript`) is used as it is.
 */
import { RingnityError } from './index.js';
import { currentAssets } from './elements/shared/element-config.js';

// Only set while this script first runs.
const script = typeof document !== 'undefined' && document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;
const scriptAssetsUrl = script?.dataset['assetsUrl'];
const bundleUrl = script?.src;

export type LazyFileName = 'ringnity-agent-calls' | 'ringnity-agent-thread';

/** The classic files that have handed themselves over, by name. */
const provided: Partial<Record<string, unknown>> = {};

/** Called by a classic file (through `RingnityAgent.provideFile`) once it has run. */
export function provideFile(name: string, module: unknown): void {
  provided[name] = module;
}

/** The URL of `file` in the assets folder. */
export function assetUrl(file: string): string {
  const folder = currentAssets().assetsUrl ?? scriptAssetsUrl;
  if (folder) return new URL(file, new URL(folder.replace(/\/?$/, '/'), document.baseURI)).href;
  if (bundleUrl) return new URL(file, bundleUrl).href;
  throw new RingnityError('ASSETS_URL_REQUIRED', `No document.currentScript to find ${file} beside: set RingnityAgent.configure({ assetsUrl }) or data-assets-url`);
}

function loadClassic(name: string, url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const tag = document.createElement('script');
    tag.src = url;
    tag.onload = () => (provided[name] ? resolve(provided[name]) : reject(new Error(`${url} ran but did not hand itself to the bundle`)));
    tag.onerror = () => reject(new Error(`${url} could not be loaded`));
    document.head.append(tag);
  });
}

/** Loads `<name>.js` (or its classic variant `<name>.classic.js`), once per call. */
export async function loadFile<T>(name: LazyFileName): Promise<T> {
  const module = provided[name];
  if (module) return module as T;
  const classic = () => loadClassic(name, assetUrl(`${name}.classic.js`));
  if (currentAssets().assetsMode === 'script') return (await classic()) as T;
  const url = assetUrl(`${name}.js`);
  return (await import(/* webpackIgnore: true */ url).catch((error: Error) =>
    classic().catch((fallback: Error) => {
      throw new Error(`${error.message}; ${fallback.message}`);
    }),
  )) as T;
}
