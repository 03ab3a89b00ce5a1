/**
 * The Lightning side of the Salesforce tests, in one minified script (minified on purpose: an
 * unminified @locker/sandbox takes itself for a debug build and keeps its sandbox iframe alive,
 * which hides failures such as imports from an inactive browsing context).
 *
 * It plays the parts a real org provides: an AMD `define` as Lightning's module loader uses, LWS
 * evaluating namespace `c` code (`evaluateFunction`, `wrapDependency`) or a plain near-membrane
 * virtual environment (`?mode=membrane`), and stubs for `lightning/platformResourceLoader`,
 * `@salesforce/resourceUrl/*` and `@salesforce/apex/*`. The test drives it through `window.harness`.
 */
import './gates.js';
import { isGaterEnabledFeature } from '@locker/shared';
import * as nearMembrane from '@locker/near-membrane-dom';
import { createRootWindowSandboxRecord, evaluateFunction, evaluateInSandbox, wrapDependency } from '@locker/sandbox';
import * as engine from '@lwc/engine-dom';

type Factory = (...deps: unknown[]) => unknown;
interface VirtualEnvironment {
  evaluate(source: string): unknown;
}
// The package's types are read as CommonJS here; esbuild bundles its ES module, whose default export this is.
const createVirtualEnvironment = (nearMembrane as unknown as { default: (global: Window) => VirtualEnvironment }).default;

const KEY = 'c';
const params = new URLSearchParams(location.search);
const mode = params.get('mode') === 'membrane' ? 'membrane' : 'lws';

/** What sandboxed code reports back with `__report(name, value)`. */
const reports: Record<string, unknown[]> = {};
/** Events the mounted components fired, as LWC events. */
const lwcEvents: { name: string; detail: unknown }[] = [];
// The sandbox sees none of the page's own globals, so its code reports through a DOM event.
document.addEventListener('harness-report', (event) => {
  const [name, value] = JSON.parse((event as CustomEvent<string>).detail) as [string, unknown];
  (reports[name] ??= []).push(value ?? null);
});
const REPORT = `const __report = (name, value) => document.dispatchEvent(new CustomEvent('harness-report', { detail: JSON.stringify([name, value === undefined ? null : value]) }));\n`;

// Lightning's AMD registry: each built component file is a `define(id, deps, factory)` call.
const defined = new Map<string, { deps: string[]; factory: Factory }>();
const modules = new Map<string, unknown>();
Object.assign(window, { define: (id: string, deps: string[], factory: Factory) => defined.set(id, { deps, factory }) });

function addScript(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`Could not load ${url}`));
    document.head.append(script);
  });
}

// The org's platform modules. Under LWS, wrapDependency swaps the resource loader for the sandbox's own.
const platform: Record<string, unknown> = {
  'lightning/platformResourceLoader': {
    loadScript: (_component: unknown, url: string) => addScript(url),
    loadStyle: () => Promise.resolve(),
  },
  // A static resource's URL, as `import URL from '@salesforce/resourceUrl/Name'` gives it.
  '@salesforce/resourceUrl/RingnityAgent': { default: '/resource/RingnityAgent' },
  '@salesforce/resourceUrl/RingnityHost': { default: '/resource/RingnityHost' },
  // An @AuraEnabled Apex method: a function answering a promise of its return value (a String here).
  '@salesforce/apex/RingnityTokenController.getAgentToken': {
    default: async () => {
      const response = await fetch('/apex/RingnityTokenController.getAgentToken', { method: 'POST' });
      if (!response.ok) throw new Error(`Apex answered ${response.status}`);
      return ((await response.json()) as { token: string }).token;
    },
  },
  lwc: engine,
};

function load(id: string): unknown {
  if (modules.has(id)) return modules.get(id);
  const definition = defined.get(id);
  let value: unknown;
  if (definition) {
    const sandboxed = mode === 'lws' && id.startsWith(`${KEY}/`);
    const exports: Record<string, unknown> = {};
    const deps = definition.deps.map((dep) => {
      if (dep === 'exports') return exports;
      const module = load(dep);
      return sandboxed ? wrapDependency(module, dep, KEY) : module;
    });
    const factory = sandboxed ? (evaluateFunction(KEY, definition.factory) as Factory) : definition.factory;
    const result = factory(...deps);
    // Modules with only a default export answer it from the factory; importers read `.default`.
    value = definition.deps.includes('exports') ? exports : { default: result };
  } else if (id in platform) {
    value = platform[id];
  } else {
    throw new Error(`No module ${id}`);
  }
  modules.set(id, value);
  return value;
}

let membrane: VirtualEnvironment | undefined;
function environment() {
  return (membrane ??= createVirtualEnvironment(window));
}

const harness = {
  mode,
  /** Whether LWS's CI gate set is in force (its newest gate, which lets Lit's attribute markers through). */
  ciGates: isGaterEnabledFeature('changesSince.264'),
  reports,
  lwcEvents,
  /** Loads a script into the sandbox the way `loadScript` of platformResourceLoader does there. */
  async loadScript(url: string): Promise<void> {
    if (mode === 'lws') {
      // A script loaded before the sandbox ever evaluated code lands nowhere; in Lightning the
      // component that calls loadScript has always run in it first.
      evaluateInSandbox(KEY, '');
      await createRootWindowSandboxRecord({ key: KEY }).helpers.loadScript(null, url);
    } else {
      environment().evaluate(await (await fetch(url)).text());
    }
  },
  /** Runs code inside the sandbox; it answers through `__report`. */
  evaluate(source: string): void {
    try {
      if (mode === 'lws') evaluateInSandbox(KEY, REPORT + source);
      else environment().evaluate(REPORT + source);
    } catch (error) {
      // What the sandbox throws is one of its own objects; the page gets its text.
      throw new Error(`in the sandbox: ${String((error as Error)?.stack ?? error)}`, { cause: error });
    }
  },
  /** Creates an LWC component from its built module, as Lightning does for `<c-…>` in a page. */
  async mount(id: string, tag: string, props: Record<string, unknown>, events: string[]): Promise<void> {
    for (const file of [id, ...(id.startsWith(`${KEY}/`) ? [`${KEY}/ringnityClient`, 'lightning/card'] : [])]) {
      if (!defined.has(file)) await addScript(`/lwc/${file.replace('/', '-')}.js`);
    }
    const element = engine.createElement(tag, { is: (load(id) as { default: never }).default });
    Object.assign(element, props);
    for (const name of events)
      element.addEventListener(name, (event: Event) => lwcEvents.push({ name, detail: JSON.parse(JSON.stringify((event as CustomEvent).detail ?? null)) }));
    document.body.append(element);
  },
  /** Calls an @api method of a mounted component; resolves with its answer as plain data. */
  async call(tag: string, method: string, ...args: unknown[]): Promise<unknown> {
    const element = document.querySelector(tag) as unknown as Record<string, (...a: unknown[]) => unknown>;
    try {
      return JSON.parse(JSON.stringify((await element[method]!(...args)) ?? null));
    } catch (error) {
      // A sandbox error reaches the page as a proxy, which Playwright cannot carry: keep its words.
      const { code, message } = error as { code?: string; message?: string };
      throw new Error(`${code ?? 'ERROR'}: ${message ?? String(error)}`, { cause: error });
    }
  },
};

Object.assign(window, { harness });
