/**
 * Demo mode serves the browser bundles and the demo pages by name, and nothing else of the
 * package: not the compiled emulator, which holds the demo Server API key. Pages say who may
 * frame them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoStaticDirs, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECRET = 'rn_sk_test_demo';

const FRAMEABLE = /^frame-ancestors 'self' http:\/\/127\.0\.0\.1:\* http:\/\/localhost:\*/;

describe('demo files from an allowlist (startEmulator with demoStaticDirs)', () => {
  let root: string;
  let emulator: RunningEmulator;
  before(async () => {
    // A package as `npm run build` leaves it: bundles beside the compiled emulator and helper.
    root = await mkdtemp(path.join(tmpdir(), 'ringnity-demo-'));
    const files: Record<string, string> = {
      'dist/ringnity-agent.js': 'window.RingnityAgent = {};',
      'dist/ringnity-agent.js.map': '{"version":3}',
      'dist/ringnity-agent-calls.js': 'export {};',
      'dist/ringnity-agent-call-view.js': 'export {};',
      'dist/ringnity-agent-thread.js': 'export {};',
      'dist/ringnity-agent-de.js': 'export {};',
      'dist/ringnity-host.js': 'window.RingnityEmbed = {};',
      'dist/docs/api-viewer.js': 'export {};',
      'dist/docs/api-viewer.js.map': '{"version":3}',
      'custom-elements.json': '{"schemaVersion":"1.0.0","modules":[]}',
      'README.md': 'not for the demo server',
      'dist/index.js': 'export {};',
      'dist/emulator/index.js': `createAgentToken({ serverApiKey: '${SECRET}' })`,
      'dist/emulator/cli.js': `// ${SECRET}`,
      'dist/server/agent-token.js': 'export {};',
      'demo/index.html': '<!doctype html><title>CRM</title>',
      'demo/customer.html': '<!doctype html><title>Customer</title>',
      'demo/flow.html': '<!doctype html><title>Flow</title>',
      'demo/docs.html': '<!doctype html><title>Docs</title>',
      'demo/docs/api-viewer.js': 'the source of dist/docs/api-viewer.js',
      'demo/embed/host.html': '<!doctype html><title>Host</title>',
      'demo/embed/host.js': '',
      'demo/embed/panel.html': '<!doctype html><title>Panel</title>',
      'demo/embed/panel.js': '',
      'demo/embed/panel.css': '',
      'demo/salesforce/README.md': 'not for the demo server',
      'package.json': '{}',
    };
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), text);
    }
    emulator = await startEmulator({ port: 0, staticDirs: demoStaticDirs(root), allowedOrigins: ['https://crm.example'] });
  });
  after(async () => {
    await emulator.close();
    await rm(root, { recursive: true, force: true });
  });

  const get = (p: string) => fetch(`${emulator.url}${p}`);

  it('serves the bundles, their maps and the demo pages', async () => {
    for (const p of [
      '/dist/ringnity-agent.js',
      '/dist/ringnity-agent.js.map',
      '/dist/ringnity-agent-calls.js',
      '/dist/ringnity-agent-call-view.js',
      '/dist/ringnity-agent-thread.js',
      '/dist/ringnity-agent-de.js',
      '/dist/ringnity-host.js',
      '/dist/docs/api-viewer.js',
      '/custom-elements.json',
      '/',
      '/index.html',
      '/customer.html',
      '/flow.html',
      '/docs.html',
      '/embed/host.html',
      '/embed/host.js',
      '/embed/panel.html',
      '/embed/panel.js',
      '/embed/panel.css',
    ]) {
      const response = await get(p);
      assert.equal(response.status, 200, p);
      await response.arrayBuffer();
    }
  });

  it('serves nothing else: no compiled emulator, no server helper, no other files', async () => {
    for (const p of [
      '/dist/emulator/index.js',
      '/dist/emulator/cli.js',
      '/dist/emulator/',
      '/dist/index.js',
      '/dist/server/agent-token.js',
      '/dist/emulator%2Findex.js',
      '/dist/%65mulator/index.js',
      '/dist/./emulator/index.js',
      '/dist/x/../emulator/index.js',
      '/dist/..%2Fpackage.json',
      '/dist/%2e%2e/package.json',
      '/package.json',
      '/README.md',
      '/docs/api-viewer.js',
      '/dist/docs/',
      '/dist/docs/api-viewer.js.map',
      '/dist/custom-elements.json',
      '/salesforce/README.md',
      '/embed/',
      '/demo/index.html',
    ]) {
      const response = await get(p);
      const text = await response.text();
      assert.equal(response.status, 404, `${p} answered ${response.status}`);
      assert.ok(!text.includes(SECRET), p);
    }
  });

  it('keeps pages out of frames, except the panel, which the allowed origins may frame', async () => {
    for (const p of ['/', '/index.html', '/customer.html', '/flow.html', '/docs.html', '/embed/host.html']) {
      const response = await get(p);
      assert.equal(response.headers.get('content-security-policy'), "frame-ancestors 'none'", p);
      assert.equal(response.headers.get('x-frame-options'), 'DENY', p);
    }
    const panel = await get('/embed/panel.html');
    const policy = panel.headers.get('content-security-policy') ?? '';
    assert.match(policy, FRAMEABLE);
    assert.match(policy, /https:\/\/crm\.example/);
    assert.doesNotMatch(policy, /'none'/);
    assert.equal(panel.headers.get('x-frame-options'), null);
  });
});

describe('the CLI in demo mode', () => {
  let child: ChildProcess;
  let url: string;
  before(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/emulator/cli.ts'), '--demo', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`the CLI did not start: ${out}`)), 20_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (\S+)/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`the CLI exited with ${code}: ${out}`)));
    });
  });
  after(() => {
    child.kill('SIGTERM');
  });

  it('does not serve the compiled emulator or anything outside the allowlist', async () => {
    for (const p of ['/dist/emulator/index.js', '/dist/emulator/cli.js', '/dist/server/index.js', '/salesforce/README.md', '/salesforce/panel/ringnity-panel.html']) {
      const response = await fetch(`${url}${p}`);
      const text = await response.text();
      assert.equal(response.status, 404, p);
      assert.ok(!text.includes(SECRET), p);
    }
  });

  it('serves the demo pages with their frame policy', async () => {
    const crm = await fetch(`${url}/`);
    assert.equal(crm.status, 200);
    assert.equal(crm.headers.get('content-security-policy'), "frame-ancestors 'none'");
    const panel = await fetch(`${url}/embed/panel.html`);
    assert.equal(panel.status, 200);
    assert.match(panel.headers.get('content-security-policy') ?? '', FRAMEABLE);
    assert.equal((await fetch(`${url}/embed/panel.js`)).status, 200);
  });
});
