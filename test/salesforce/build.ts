/**
 * Builds what the Salesforce tests serve, into test-results/salesforce-build/: the harness (LWS,
 * near-membrane and the LWC engine, minified), synthetic shadow, the demo's LWC components
 * compiled by @lwc/rollup-plugin with the LWS transforms into AMD modules as Lightning serves them,
 * a lightning-card stub, and the demo panel page with its origins pointed at the test's servers.
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import lwc from '@lwc/rollup-plugin';
import { build } from 'esbuild';
import { rollup } from 'rollup';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = path.join(ROOT, 'dist');
export const BUILD = path.join(ROOT, 'test-results/salesforce-build');
const LWC_DIR = path.join(ROOT, 'demo/salesforce/force-app/main/default/lwc');
const PANEL_DIR = path.join(ROOT, 'demo/salesforce/panel');

/** The modules Lightning would serve: the demo's components (namespace c) and the platform's card. */
const COMPONENTS: Record<string, string> = {
  'c/ringnityClient': path.join(LWC_DIR, 'ringnityClient/ringnityClient.js'),
  'c/ringnityInbox': path.join(LWC_DIR, 'ringnityInbox/ringnityInbox.js'),
  'c/ringnityPresence': path.join(LWC_DIR, 'ringnityPresence/ringnityPresence.js'),
  'c/ringnityAgentPanel': path.join(LWC_DIR, 'ringnityAgentPanel/ringnityAgentPanel.js'),
  'lightning/card': fileURLToPath(new URL('./stubs/card/card.js', import.meta.url)),
  'c/litHost': fileURLToPath(new URL('./stubs/litHost/litHost.js', import.meta.url)),
};

const PLATFORM = /^(lwc|lightning\/|@salesforce\/|c\/)/;

export async function buildSalesforce(options: { panelApiBaseUrl: string; panelAllowedOrigin: string }): Promise<void> {
  await mkdir(path.join(BUILD, 'lwc'), { recursive: true });
  const define = { 'process.env.NODE_ENV': '"production"' };
  await build({
    entryPoints: [fileURLToPath(new URL('./harness/harness.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2022',
    define,
    outfile: path.join(BUILD, 'harness.js'),
    logLevel: 'error',
    // The package's sideEffects list names dist/ files only; without this the gates module, imported
    // for its effect, would be dropped.
    ignoreAnnotations: true,
  });
  await build({
    entryPoints: ['@lwc/synthetic-shadow'],
    absWorkingDir: ROOT,
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2022',
    define,
    outfile: path.join(BUILD, 'synthetic-shadow.js'),
    logLevel: 'error',
  });

  // The customer's page of the call tests (a visitor socket and the visitor call client), to ring the agent.
  const customer = path.join(BUILD, 'customer');
  await build({ entryPoints: [path.join(ROOT, 'test/browser/calls/pages/customer-page.ts')], bundle: true, format: 'esm', target: 'es2022', outdir: customer, logLevel: 'error' });
  await cp(path.join(ROOT, 'test/browser/calls/pages/customer.html'), path.join(customer, 'customer.html'));

  for (const [id, input] of Object.entries(COMPONENTS)) {
    const bundle = await rollup({
      input,
      external: (source) => PLATFORM.test(source),
      plugins: [lwc({ modules: [{ name: id, path: input }], enableLightningWebSecurityTransforms: id.startsWith('c/'), disableSyntheticShadowSupport: false })],
      onwarn: (warning) => {
        throw new Error(`rollup warned about ${id}: ${warning.message}`);
      },
    });
    const { output } = await bundle.generate({ format: 'amd', amd: { id }, interop: 'esModule' });
    await bundle.close();
    await writeFile(path.join(BUILD, 'lwc', `${id.replace('/', '-')}.js`), output[0].code);
  }

  // The demo panel as its owner would host it, next to the bundle, naming the test's host page.
  const panel = path.join(BUILD, 'panel');
  await mkdir(panel, { recursive: true });
  for (const file of ['ringnity-agent.js', 'ringnity-agent-calls.js', 'ringnity-agent-call-view.js', 'ringnity-agent-thread.js'])
    await cp(path.join(DIST, file), path.join(panel, file));
  await cp(path.join(PANEL_DIR, 'ringnity-panel.css'), path.join(panel, 'ringnity-panel.css'));
  const html = await readFile(path.join(PANEL_DIR, 'ringnity-panel.html'), 'utf8');
  const pointed = html.replace('content="https://api.ringnity.com"', `content="${options.panelApiBaseUrl}"`);
  if (pointed === html) throw new Error('the demo panel no longer names its API in a meta tag');
  await writeFile(path.join(panel, 'ringnity-panel.html'), pointed);
  const js = await readFile(path.join(PANEL_DIR, 'ringnity-panel.js'), 'utf8');
  const allowed = js.replace(/const ALLOWED_ORIGINS = \[[^\]]*\];/, `const ALLOWED_ORIGINS = [${JSON.stringify(options.panelAllowedOrigin)}];`);
  if (allowed === js) throw new Error('the demo panel no longer lists its origins in ALLOWED_ORIGINS');
  await writeFile(path.join(panel, 'ringnity-panel.js'), allowed);
}
