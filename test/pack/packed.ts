/**
 * The package as a consumer installs it: `npm pack` once per run, then each fixture of
 * test/fixtures/pack/ copied under test-results/fixtures/ with the tarball extracted into its
 * node_modules/@ringnity/agent-sdk. The fixtures live under the repository on purpose: what the
 * package needs (lit, hono…) and what the app brings (react, vue, vite, typescript) resolve by
 * Node's walk up to the repository's node_modules, so the tests install nothing from the network.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RESULTS = path.join(ROOT, 'test-results');
const SOURCES = path.join(ROOT, 'test/fixtures/pack');

/** Packs the built package into test-results/pack/ and answers the tarball's path. */
export async function pack(): Promise<string> {
  for (const file of ['dist/index.js', 'dist/react.d.ts', 'dist/vue.d.ts', 'custom-elements.json']) {
    if (!existsSync(path.join(ROOT, file))) throw new Error(`${file} is missing: run \`npm run build\` first (\`npm test\` does).`);
  }
  const destination = path.join(RESULTS, 'pack');
  await rm(destination, { recursive: true, force: true });
  await mkdir(destination, { recursive: true });
  const { stdout } = await execFileAsync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], { cwd: ROOT, maxBuffer: 16 << 20 });
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  return path.join(destination, filename);
}

/** Copies fixture `name` under test-results/fixtures/ and installs the tarball into it; answers its directory. */
export async function installFixture(name: string, tarball: string): Promise<string> {
  const dir = path.join(RESULTS, 'fixtures', name);
  await rm(dir, { recursive: true, force: true });
  await cp(path.join(SOURCES, name), dir, { recursive: true });
  const target = path.join(dir, 'node_modules/@ringnity/agent-sdk');
  await mkdir(target, { recursive: true });
  await execFileAsync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  return dir;
}

/** Runs a Node script (a tool's bin) in `cwd`; a failure carries the tool's output, which holds the compiler's errors. */
export async function runNode(cwd: string, script: string, args: string[] = [], timeout = 240_000): Promise<string> {
  try {
    const { stdout } = await execFileAsync(process.execPath, [script, ...args], { cwd, timeout, maxBuffer: 16 << 20 });
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${path.relative(ROOT, script)} ${args.join(' ')} failed in ${path.relative(ROOT, cwd)}:\n${stdout}\n${stderr}`, { cause: error });
  }
}

export const bin = (relative: string) => path.join(ROOT, 'node_modules', relative);

/** Starts the packed `ringnity-emulator` bin with `args` and answers its URL once it listens. */
export async function startPackedEmulator(packageDir: string, args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(packageDir, 'dist/emulator/cli.js'), ...args], { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the packed emulator did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the packed emulator exited with ${code}:\n${output}`));
    });
  });
  return { url, child };
}
