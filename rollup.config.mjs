// Builds the no-build bundle `dist/ringnity-agent.js`: one classic script, minified, with every
// dependency inside, for pages that load the SDK with a plain <script src>. The per-module ESM
// build and the .d.ts files come from `tsc -p tsconfig.json`, which runs first.
import { chmod, readFile } from 'node:fs/promises';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

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
 * ordered last. Inside node_modules that would skip the `browser` field maps, so engine.io-client
 * would bring its Node transports. Keep its resolver to our own sources.
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
 * An IIFE cannot be split, and `agent.calls` loads its engine (simple-peer and the WebRTC code)
 * with a dynamic import. Leave that import out of the main bundle: src/bundle.ts points the
 * engine loader at `dist/ringnity-agent-calls.js`, built separately below, so the bundle's default
 * import is never used.
 */
function callEngineOutside() {
  return {
    name: 'call-engine-outside',
    resolveDynamicImport(specifier, importer) {
      if (specifier === './engine.js' && /[\\/]src[\\/]sdk[\\/]calls[\\/]index\.ts$/.test(importer ?? '')) return false;
      return null;
    },
  };
}

/** Plugins shared by every browser bundle. */
const browserPlugins = () => [
  // `browser: true` picks each dependency's browser build (engine.io-client ships Node-only
  // transports otherwise).
  nodeResolve({ browser: true, preferBuiltins: false }),
  commonjs(),
  typescript(),
  terser({ ecma: 2020, compress: { passes: 2 }, format: { comments: /@license|@preserve/ } }),
];

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
    },
    plugins: [callEngineOutside(), ...browserPlugins(), executableBins()],
    onwarn,
  },
  {
    // The call engine, fetched by the bundle the first time `agent.calls.goOnline()` runs. An ES
    // module, so that the classic-script bundle can load it with `import()`.
    input: 'src/sdk/calls/engine.ts',
    output: { file: 'dist/ringnity-agent-calls.js', format: 'es', sourcemap: true },
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
];

function onwarn(warning, warn) {
  // Lit's and socket.io's ESM builds use `this` at module scope in compiled helpers, and
  // readable-stream (under simple-peer) has import cycles; both are harmless. Cycles in our own
  // code are still reported.
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => /[\\/]node_modules[\\/]/.test(id))) return;
  warn(warning);
}
