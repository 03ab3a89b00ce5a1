// `npm start` builds only when something the build reads has changed since the last build.
// `npm run build` ends with `--stamp`, which records a hash of those inputs in dist/; without a
// flag, this script compares the inputs with that record and runs the build when they differ or
// when an output is missing. `--check` only reports, for tests: exit 0 when up to date, 1 when not.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const STAMP = path.join(ROOT, 'dist/.build-inputs');
const INPUT_DIRS = ['src'];
// demo/docs/api-viewer.js is the one demo file the build reads (the docs page's viewer bundle).
const INPUT_FILES = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'rollup.config.mjs',
  'custom-elements-manifest.config.mjs',
  'scripts/framework-typings.mjs',
  'demo/docs/api-viewer.js',
];
const OUTPUTS = ['dist/emulator/cli.js', 'dist/ringnity-agent.js', 'dist/ringnity-host.js', 'dist/docs/api-viewer.js', 'custom-elements.json', 'dist/react.d.ts', 'dist/vue.d.ts'];

async function filesUnder(dir) {
  const entries = await readdir(path.join(ROOT, dir), { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

async function inputsHash() {
  const files = [...INPUT_FILES.filter((f) => existsSync(path.join(ROOT, f)))];
  for (const dir of INPUT_DIRS) files.push(...(await filesUnder(dir)));
  files.sort();
  const hash = createHash('sha256');
  for (const file of files) {
    // The path is hashed too, so that a rename counts as a change.
    hash
      .update(file.split(path.sep).join('/'))
      .update('\0')
      .update(await readFile(path.join(ROOT, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

async function upToDate(hash) {
  if (!OUTPUTS.every((f) => existsSync(path.join(ROOT, f)))) return false;
  return existsSync(STAMP) && (await readFile(STAMP, 'utf8')).trim() === hash;
}

const mode = process.argv[2] ?? 'build';
const hash = await inputsHash();
if (mode === '--stamp') {
  await writeFile(STAMP, `${hash}\n`);
} else if (mode === '--check') {
  const fresh = await upToDate(hash);
  console.log(fresh ? 'build: up to date' : 'build: stale');
  process.exitCode = fresh ? 0 : 1;
} else if (await upToDate(hash)) {
  console.log('build: up to date, not rebuilding');
} else {
  console.log('build: sources changed since the last build, building');
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
}
