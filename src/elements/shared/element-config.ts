import { LitElement } from 'lit';

/**
 * Page-wide settings of the elements. They live on `globalThis` under a registered symbol, so
 * that every copy of the package on a page (the no-build bundle next to an npm build) obeys the
 * same settings.
 */
export interface ElementConfig {
  /**
   * `closed` attaches closed shadow roots, as Salesforce Lightning Web Security requires of
   * third-party components. Styling through `::part()` and `--ringnity-*` properties works the
   * same; only script access to `element.shadowRoot` goes away. Default `open`.
   */
  shadowMode?: ShadowRootMode;
  /**
   * No-build bundle only: the folder that holds its lazily loaded files (`ringnity-agent-calls.js`,
   * `ringnity-agent-thread.js` and their `.classic.js` variants), e.g. a Salesforce static
   * resource's URL. By default the folder of the bundle's own `<script>`.
   */
  assetsUrl?: string;
  /**
   * No-build bundle only: how it loads those files. `module` (default) uses `import()` and falls
   * back to the classic variant with a `<script>` tag when `import()` fails; `script` goes straight
   * to the classic variant, for sandboxes where `import()` cannot work.
   */
  assetsMode?: 'module' | 'script';
}

/** A config object a page may set before any Ringnity script runs: `window.RingnityAgentConfig = { shadowMode: 'closed' }`. */
const PAGE_CONFIG_GLOBAL = 'RingnityAgentConfig';

const CONFIG_KEY = Symbol.for('@ringnity/agent-sdk/element-config');

function store(): ElementConfig {
  const holder = globalThis as unknown as Record<symbol, ElementConfig | undefined>;
  return (holder[CONFIG_KEY] ??= {});
}

/**
 * Changes the settings for elements created from now on. An element that already has its shadow
 * root keeps it, so call this before the first Ringnity tag is in the page (or set
 * `window.RingnityAgentConfig` before the scripts load).
 */
export function configureElements(config: ElementConfig): void {
  if (config.shadowMode !== undefined && config.shadowMode !== 'open' && config.shadowMode !== 'closed') {
    throw new TypeError(`shadowMode must be 'open' or 'closed', not ${String(config.shadowMode)}`);
  }
  if (config.assetsUrl !== undefined && (typeof config.assetsUrl !== 'string' || !config.assetsUrl)) {
    throw new TypeError(`assetsUrl must be a non-empty URL string, not ${String(config.assetsUrl)}`);
  }
  if (config.assetsMode !== undefined && config.assetsMode !== 'module' && config.assetsMode !== 'script') {
    throw new TypeError(`assetsMode must be 'module' or 'script', not ${String(config.assetsMode)}`);
  }
  Object.assign(store(), config);
}

/** The shadow mode in force: `configureElements` first, then `window.RingnityAgentConfig`, then `open`. */
export function currentShadowMode(): ShadowRootMode {
  const fromPage = (globalThis as unknown as Record<string, ElementConfig | undefined>)[PAGE_CONFIG_GLOBAL]?.shadowMode;
  return store().shadowMode ?? (fromPage === 'closed' ? 'closed' : 'open');
}

/**
 * Makes `base` and its subclasses read their shadow root options when each element attaches its
 * root (Lit reads `static shadowRootOptions` then), not when the class is defined.
 */
export function followConfiguredShadowMode(base: abstract new (...args: never[]) => LitElement): void {
  Object.defineProperty(base, 'shadowRootOptions', {
    configurable: true,
    get: (): ShadowRootInit => ({ ...LitElement.shadowRootOptions, mode: currentShadowMode() }),
  });
}

/** The assets settings in force (see `ElementConfig.assetsUrl`); the bundle reads them each time it loads a file. */
export function currentAssets(): Pick<ElementConfig, 'assetsUrl' | 'assetsMode'> {
  return store();
}

/** A `data-assets-url` on `<ringnity-session>`: taken unless `configureElements` already set one. */
export function assetsUrlFromMarkup(url: string | undefined): void {
  if (url) store().assetsUrl ??= url;
}
