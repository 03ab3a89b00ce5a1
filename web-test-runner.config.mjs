// Browser tests: real Chromium, real emulator over real sockets. Run under tsx (see the
// test:browser script) so that this file can start the emulator straight from its TypeScript.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CHROME_ARGS, findChrome } from './scripts/find-chrome.mjs';
import { startEmulator } from './src/emulator/index.ts';

const executablePath = findChrome();
if (!executablePath) {
  console.error('Browser tests need Chrome or Chromium: none found in the usual places; set CHROME_PATH to its executable.');
  process.exit(1);
}

const emulator = await startEmulator({ host: '127.0.0.1', port: 0 });

/** Lets a test reach into the emulator, the way only a test may (e.g. to cut sockets as a network would). */
function emulatorPlugin() {
  return {
    name: 'ringnity-emulator',
    executeCommand({ command, payload }) {
      if (command === 'emulator-drop-sockets') return emulator.dropAgentSockets(payload?.agentId);
      // The elements' tests count authenticated agent sockets to prove that a page shares one.
      if (command === 'emulator-agent-socket-count') return emulator.agentSocketCount();
      // Plays the server changing an agent's presence on its own, as a call does with in_call.
      if (command === 'emulator-set-presence') return emulator.store.setPresence(payload.agentId, payload.status, { byServer: true }).status;
      return undefined;
    },
    async serverStop() {
      await emulator.close();
    },
  };
}

/**
 * `executeServerCommand('save-screenshot', { name, clip })`: saves what the page shows (or the
 * clipped rectangle) to test-results/NAME.png, for a person to look at; nothing compares it.
 */
function screenshotPlugin() {
  return {
    name: 'save-screenshot',
    async executeCommand({ command, payload, session }) {
      if (command !== 'save-screenshot') return undefined;
      if (!/^[\w-]{1,80}$/.test(payload?.name ?? '')) throw new Error('save-screenshot needs a name of letters, digits, - and _');
      const dir = fileURLToPath(new URL('./test-results/', import.meta.url));
      await mkdir(dir, { recursive: true });
      const path = `${dir}${payload.name}.png`;
      await session.browser.getPage(session.id).screenshot({ path, ...(payload.clip ? { clip: payload.clip } : {}) });
      return path;
    },
  };
}

/**
 * React ships CommonJS only, and Vue's default ESM build expects a bundler: the "Build your own
 * UI" tests get both as one ES module each, bundled by esbuild on first request, so that `react`,
 * `react-dom/client` and `vue` import as they would in an app. One React module serves both
 * React names, so the page holds a single copy of React.
 */
function uiLibrariesPlugin() {
  const entries = {
    '/__ui/react.js':
      "import * as React from 'react'; import { createRoot } from 'react-dom/client'; export const { createElement, useMemo, useRef, useSyncExternalStore } = React; export { createRoot };",
    '/__ui/vue.js': "export * from 'vue';",
  };
  const built = new Map();
  const bundle = (path) =>
    build({
      stdin: { contents: entries[path], resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'js' },
      bundle: true,
      format: 'esm',
      write: false,
      platform: 'browser',
      define: { 'process.env.NODE_ENV': '"development"', __VUE_OPTIONS_API__: 'false', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
    }).then((result) => result.outputFiles[0].text);
  return {
    name: 'ui-libraries',
    resolveImport({ source }) {
      if (source === 'react' || source === 'react-dom/client') return '/__ui/react.js';
      if (source === 'vue') return '/__ui/vue.js';
      return undefined;
    },
    async serve(context) {
      if (!(context.path in entries)) return undefined;
      if (!built.has(context.path)) built.set(context.path, bundle(context.path));
      return { body: await built.get(context.path), type: 'js' };
    },
  };
}

export default {
  files: 'test/browser/**/*.test.ts',
  // `browser` picks engine.io-client's browser transports (without it the Node ones and `ws`
  // load); leaving out WTR's default `development` condition keeps socket.io-parser's debug
  // build, which pulls in the CommonJS `debug` package, out of the page.
  nodeResolve: { browser: true, exportConditions: ['browser'] },
  // The emulator holds one tenant for every test file; one file at a time keeps them independent.
  concurrency: 1,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: CHROME_ARGS,
      },
    }),
  ],
  // tsconfig: the elements use Lit's decorators, which need experimentalDecorators and
  // useDefineForClassFields: false exactly as tsc compiles them.
  plugins: [uiLibrariesPlugin(), screenshotPlugin(), esbuildPlugin({ ts: true, tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }), emulatorPlugin()],
  // The page is served by the test runner on another origin, as a CRM page would be: every call
  // to the emulator is cross-origin, so CORS is exercised too.
  testRunnerHtml: (testFramework) => `<!doctype html>
<html>
  <body>
    <script>window.__RINGNITY_EMULATOR_URL__ = ${JSON.stringify(emulator.url)};</script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
  testFramework: { config: { timeout: 20000 } },
};
