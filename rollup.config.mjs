// Builds the no-build bundle `dist/ringnity-agent.js`: one classic script, minified, with every
// dependency inside, for pages that load the SDK with a plain <script src>. The per-module ESM
// build and the .d.ts files come from `tsc -p tsconfig.json`, which runs first.
import { chmod, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';
import { dts } from 'rollup-plugin-dts';

const pkg = JSON.parse(await readFile(new URL('./package.json', import.meta.url), 'utf8'));

/**
 * tsc writes files without the execute bit, so `node dist/emulator/cli.js` works but running
 * the file directly does not. Mark every `bin` target executable once the build is written.
 */
function executableBins() {
  return {
    name: 'executable-bins',
    async writeBundle() {
      for (const target of Object.values(pkg.bin ?? {})) {
        await chmod(new URL(target, import.meta.url), 0o755);
      }
    },
  };
}

/**
 * rollup-plugin-esbuild resolves every relative import itself (it maps the `.js` specifiers of
 * our NodeNext sources to their `.ts` files), and it runs before node-resolve, whose hook is
 * ordered last. Inside node_modules that would skip the `browser` field maps, so readable-stream
 * (under simple-peer) would bring its Node internals. Keep its resolver to our own sources.
 */
function typescript() {
  const plugin = esbuild({ tsconfig: 'tsconfig.json', target: 'es2021', sourceMap: true });
  const resolveOwn = plugin.resolveId;
  plugin.resolveId = function (id, importer, options) {
    if (!importer || /[\\/]node_modules[\\/]/.test(importer)) return null;
    return resolveOwn.call(this, id, importer, options);
  };
  return plugin;
}

/**
 * An IIFE cannot be split, and some modules load code that the first paint does not need with a
 * dynamic import: `agent.calls` its engine (simple-peer and the WebRTC code),
 * `<ringnity-call-popup>` its view, `<ringnity-inbox>` its thread half, and every element the
 * words of a language other than English (`dist/ringnity-agent-de.js`). Leave these imports
 * out of the main bundle: src/bundle.ts points the loaders at the files built separately below
 * (`dist/ringnity-agent-calls.js`, `dist/ringnity-agent-call-view.js`,
 * `dist/ringnity-agent-thread.js`), so the bundle's own imports
 * are never used.
 */
const LOADED_LAZILY = [
  { specifier: './engine.js', importer: /[\\/]src[\\/]sdk[\\/]calls[\\/]index\.ts$/ },
  { specifier: './call-popup-view.js', importer: /[\\/]src[\\/]elements[\\/]call-popup[\\/]call-popup\.ts$/ },
  { specifier: './thread-pane.js', importer: /[\\/]src[\\/]elements[\\/]inbox[\\/]thread-loader\.ts$/ },
  { specifier: './locales/de.js', importer: /[\\/]src[\\/]elements[\\/]shared[\\/]locale\.ts$/ },
];

function lazyCodeOutside() {
  return {
    name: 'lazy-code-outside',
    resolveDynamicImport(specifier, importer) {
      if (LOADED_LAZILY.some((lazy) => specifier === lazy.specifier && lazy.importer.test(importer ?? ''))) return false;
      return null;
    },
  };
}

/**
 * The lazily loaded files render with the main bundle's Lit: a second copy would add 5 KB to
 * each and register the `lit-html` Trusted Types policy twice, which a strict CSP refuses. Their
 * sources import Lit as usual; here every Lit module (`lit`, `lit/…`, `lit-html`, `lit-element`,
 * `@lit/…`) becomes one virtual module of live bindings, filled by `shareLit(values)`, which the
 * entry also exports and the bundle's loader calls before anything renders (see src/bundle.ts).
 * The bindings are the names of SHARED_LIT, which src/elements/shared/lazy-lit.ts supplies:
 * importing another name fails the build ("is not exported by"), and so does any real Lit module
 * in a lazy file. Nothing in a lazy file may use Lit while its modules are first evaluated.
 */
const SHARED_LIT = ['css', 'html', 'live', 'nothing', 'repeat'];
const SHARED_LIT_ID = '\0shared-lit';
const LIT_SPECIFIER = /^(lit|lit-html|lit-element)(\/|$)|^@lit\//;
const LIT_MODULE = /[\\/]node_modules[\\/](lit|lit-html|lit-element|@lit[\\/][^\\/]+)[\\/]/;

function sharedLit(entry) {
  const entryPath = fileURLToPath(new URL(entry, import.meta.url));
  return {
    name: 'shared-lit',
    resolveId(id) {
      return LIT_SPECIFIER.test(id) || id === SHARED_LIT_ID ? SHARED_LIT_ID : null;
    },
    load(id) {
      if (id !== SHARED_LIT_ID) return null;
      const names = SHARED_LIT.join(', ');
      return `export let ${names};\nexport function shareLit(values) {\n  ({ ${names} } = values);\n}\n`;
    },
    transform(code, id) {
      if (id !== entryPath) return null;
      return { code: `${code}\nexport { shareLit } from 'lit';\n`, map: null };
    },
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        const copy = chunk.type === 'chunk' && Object.keys(chunk.modules).find((id) => LIT_MODULE.test(id));
        if (copy) this.error(`${chunk.fileName} carries a copy of Lit (${copy}); a lazily loaded file must take the main bundle's`);
      }
    },
  };
}

/** The main bundle supplies exactly the Lit values of SHARED_LIT to the lazy files (see `sharedLit()`). */
function suppliesSharedLit() {
  const supplier = /[\\/]src[\\/]elements[\\/]shared[\\/]lazy-lit\.ts$/;
  let seen = false;
  return {
    name: 'supplies-shared-lit',
    moduleParsed(info) {
      if (!supplier.test(info.id)) return;
      seen = true;
      const exported = [...(info.exports ?? [])].sort();
      if (exported.join() !== [...SHARED_LIT].sort().join()) {
        this.error(
          `src/elements/shared/lazy-lit.ts exports ${exported.join(', ')}, but the lazy files are built to take ${SHARED_LIT.join(', ')} (SHARED_LIT in rollup.config.mjs)`,
        );
      }
    },
    buildEnd(error) {
      if (!error && !seen) this.error('the main bundle does not import src/elements/shared/lazy-lit.ts, so the lazy files would get no Lit');
    },
  };
}

/**
 * simple-peer logs through `debug`, which prints only when a developer sets `localStorage.debug`
 * and weighs 2 KB gzip with its `ms` dependency. The call file gets a silent stand-in.
 */
function silentDebug() {
  const id = 'silent-debug.cjs';
  return {
    name: 'silent-debug',
    resolveId(source, importer) {
      if (source === 'debug' && /[\\/]node_modules[\\/]simple-peer[\\/]/.test(importer ?? '')) return id;
      return null;
    },
    load(loaded) {
      if (loaded !== id) return null;
      return 'module.exports = function createDebug() { const log = function () {}; log.enabled = false; return log; };';
    },
  };
}

/** Plugins shared by every browser bundle. */
const browserPlugins = () => [
  // `browser: true` picks each dependency's browser build.
  nodeResolve({ browser: true, preferBuiltins: false }),
  commonjs(),
  minifyHTML({ include: ['src/**/*.ts'], failOnError: true }),
  typescript(),
  // Measured: passes 3, pure_getters, toplevel and the unsafe_* options save under 0.2 KB gzip
  // together, not worth what they may break (a property read kept for its side effect).
  terser({ ecma: 2020, compress: { passes: 2 }, format: { comments: keptComment } }),
];

/**
 * Every module of Lit carries the same BSD-3-Clause notice; the bundle states it once, in
 * LIT_NOTICE, instead of a dozen times. Every other licence comment stays where it is.
 */
const LIT_NOTICE = '/*! Lit (lit, lit-html, lit-element, @lit/reactive-element, @lit/context): Copyright 2017 Google LLC, SPDX-License-Identifier: BSD-3-Clause */';

function keptComment(_node, comment) {
  const text = comment.value;
  if (text.startsWith('!')) return true;
  if (/Copyright \d{4} Google LLC/.test(text) && /SPDX-License-Identifier: BSD-3-Clause/.test(text)) return false;
  return /@license|@preserve/.test(text);
}

export default [
  {
    input: 'src/bundle.ts',
    output: {
      file: 'dist/ringnity-agent.js',
      format: 'iife',
      // No exports and no `name`: the only global is `window.RingnityAgent`, set by src/bundle.ts.
      sourcemap: true,
      // Other lazy imports (the virtualizer's default layout) are small: keep them in the file.
      inlineDynamicImports: true,
      banner: LIT_NOTICE,
    },
    plugins: [lazyCodeOutside(), suppliesSharedLit(), ...browserPlugins(), executableBins()],
    onwarn,
  },
  {
    // The call file: the call engine, fetched by the bundle the first time calls are used. An ES
    // module, so that the classic-script bundle can load it with `import()`.
    input: 'src/bundle-calls.ts',
    output: { file: 'dist/ringnity-agent-calls.js', format: 'es', sourcemap: true },
    plugins: [sharedLit('src/bundle-calls.ts'), silentDebug(), ...browserPlugins()],
    onwarn,
  },
  {
    // The call popup's view, fetched by the bundle together with the call file (see
    // src/bundle-call-view.ts). An ES module, like the call file.
    input: 'src/bundle-call-view.ts',
    output: { file: 'dist/ringnity-agent-call-view.js', format: 'es', sourcemap: true },
    plugins: [sharedLit('src/bundle-call-view.ts'), ...browserPlugins()],
    onwarn,
  },
  {
    // The thread file: what `<ringnity-inbox>` needs only once a conversation is open, fetched by
    // the bundle the first time one is. An ES module, like the call file.
    input: 'src/bundle-thread.ts',
    output: { file: 'dist/ringnity-agent-thread.js', format: 'es', sourcemap: true },
    plugins: [sharedLit('src/bundle-thread.ts'), ...browserPlugins()],
    onwarn,
  },
  {
    // The German words of every element, fetched by the bundle the first time an element's
    // `lang` is German. Plain data: no Lit, nothing shared.
    input: 'src/bundle-de.ts',
    output: { file: 'dist/ringnity-agent-de.js', format: 'es', sourcemap: true },
    plugins: browserPlugins(),
    onwarn,
  },
  {
    // The host side of the iframe path: the CRM page that embeds the panel loads only this.
    // No exports, so the IIFE adds no global of its own; the entry sets `window.RingnityEmbed`.
    input: 'src/embed/host-global.ts',
    output: { file: 'dist/ringnity-host.js', format: 'iife', sourcemap: true },
    plugins: browserPlugins(),
  },
  {
    // The backend helper for CommonJS servers: `require('@ringnity/agent-sdk/server')`, where the
    // token route usually runs. It has no dependencies, so one plain file holds it; its types are
    // the same declarations, bundled into a `.d.cts` so that TypeScript reads them as CommonJS.
    input: 'src/server/index.ts',
    output: { file: 'dist/server/index.cjs', format: 'cjs', sourcemap: true },
    external: ['node:http'],
    plugins: [typescript()],
    onwarn,
  },
  {
    // The docs page (demo/docs.html, served by `npm start`): api-viewer-element and what it
    // needs, in one file, because the demo server has no CDN to fetch them from. It carries its
    // own Lit; the elements it documents come from dist/ringnity-agent.js as on any page.
    input: 'demo/docs/api-viewer.js',
    // No source map: it is third-party code, and its map would add 0.45 MB to the package.
    output: { file: 'dist/docs/api-viewer.js', format: 'es' },
    plugins: [nodeResolve({ browser: true }), commonjs(), terser({ ecma: 2020, format: { comments: keptComment } })],
    onwarn,
  },
  {
    input: 'dist/server/index.d.ts',
    output: { file: 'dist/server/index.d.cts', format: 'es' },
    external: ['node:http'],
    plugins: [dts()],
  },
];

function onwarn(warning, warn) {
  // readable-stream (under simple-peer) has import cycles, which are harmless. Cycles in our own
  // code are still reported.
  if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => /[\\/]node_modules[\\/]/.test(id))) return;
  warn(warning);
}
