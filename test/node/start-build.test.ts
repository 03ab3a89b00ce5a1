/**
 * `npm start` builds only when an input of the build changed (scripts/build-if-stale.mjs). The
 * script is run in a scratch copy of the project's layout, so the test can change inputs freely.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../scripts/build-if-stale.mjs', import.meta.url));
let root = '';

const run = (flag: string) => spawnSync(process.execPath, [path.join(root, 'scripts/build-if-stale.mjs'), flag], { encoding: 'utf8' });
const put = async (file: string, text: string) => {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), text);
};

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ringnity-start-'));
  await mkdir(path.join(root, 'scripts'));
  await copyFile(SCRIPT, path.join(root, 'scripts/build-if-stale.mjs'));
  await put('package.json', '{}');
  await put('src/a.ts', 'export const a = 1;');
  await put('src/nested/b.ts', 'export const b = 2;');
  await put('demo/docs/api-viewer.js', "import 'api-viewer-element/lib/api-docs.js';");
  for (const out of [
    'dist/emulator/cli.js',
    'dist/ringnity-agent.js',
    'dist/ringnity-host.js',
    'dist/docs/api-viewer.js',
    'custom-elements.json',
    'dist/react.d.ts',
    'dist/vue.d.ts',
  ])
    await put(out, '');
  assert.equal(run('--stamp').status, 0);
});
after(() => rm(root, { recursive: true, force: true }));

describe('npm start: build only when stale', () => {
  it('finds the build up to date right after it was stamped', () => {
    const check = run('--check');
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /up to date/);
  });

  it('finds it stale when a source changes, and fresh again once restored', async () => {
    await put('src/nested/b.ts', 'export const b = 3;');
    assert.equal(run('--check').status, 1);
    await put('src/nested/b.ts', 'export const b = 2;');
    assert.equal(run('--check').status, 0);
  });

  it("finds it stale when the docs page's viewer entry changes, or its bundle is missing", async () => {
    await put('demo/docs/api-viewer.js', "import 'api-viewer-element/lib/api-demo.js';");
    assert.equal(run('--check').status, 1);
    await put('demo/docs/api-viewer.js', "import 'api-viewer-element/lib/api-docs.js';");
    assert.equal(run('--check').status, 0);
    await rm(path.join(root, 'dist/docs/api-viewer.js'));
    assert.equal(run('--check').status, 1);
    await put('dist/docs/api-viewer.js', '');
    assert.equal(run('--check').status, 0);
  });

  it('finds it stale when a source is renamed', async () => {
    await rename(path.join(root, 'src/a.ts'), path.join(root, 'src/c.ts'));
    assert.equal(run('--check').status, 1);
    await rename(path.join(root, 'src/c.ts'), path.join(root, 'src/a.ts'));
    assert.equal(run('--check').status, 0);
  });

  it('finds it stale when an output is missing', async () => {
    await rm(path.join(root, 'dist/ringnity-agent.js'));
    assert.equal(run('--check').status, 1);
    await put('dist/ringnity-agent.js', '');
  });

  it('finds it stale when package.json changes', async () => {
    await put('package.json', '{"version":"2"}');
    assert.equal(run('--check').status, 1);
  });
});
