/**
 * The README's integrator blocks are code, so they are run as code: every fenced block preceded by
 * `<!-- test: PATH -->` is written to PATH in a scratch folder inside the package, where
 * `@ringnity/agent-sdk/...` resolves to the package's own exports (self-reference, as an installed
 * copy resolves them). Then the TypeScript blocks are type-checked together, the bundler imports are
 * bundled for the browser, and the token routes are started or called and must mint a token that the
 * real emulator accepts. A renamed export, a wrong option or a moved file fails here, not in an
 * integrator's first hour. Run after `npm run build` (`npm test` does).
 */
import assert from 'node:assert/strict';
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { CRM_AGENT_TOKEN_ROUTE } from '../../src/protocol/routes.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
/** A child that neither answers nor exits within this long has failed. */
const CHILD_LIMIT_MS = 60_000;

/** The blocks the README promises to keep runnable; losing a marker fails the suite too. More may be marked. */
const EXPECTED_BLOCKS = [
  'elements.ts',
  'elements-one-by-one.ts',
  'no-build.html',
  'lib/token-route.ts',
  'express.ts',
  'node-server.ts',
  'app/api/ringnity/agent-token/route.ts',
  'hono.ts',
  'e2e/ringnity.ts',
];

interface Block {
  file: string;
  lang: string;
  code: string;
}

function readmeBlocks(markdown: string): Block[] {
  const marked = /<!-- test: ([\w./-]+) -->\n```(\w+)\n([\s\S]*?)\n```\n/g;
  return [...markdown.matchAll(marked)].map(([, file, lang, code]) => ({ file: file!, lang: lang!, code: code! }));
}

/** The CRM's own sign-in, which the README leaves to the integrator: here, the user a header names. */
const CRM_SESSION = `export async function signedInUser(request: Request): Promise<{ ringnityUsername: string } | null> {
  const name = request.headers.get('x-crm-user');
  return name ? { ringnityUsername: name } : null;
}
`;

/** Preloaded into a server block: it listens on 127.0.0.1, on a free port, and tells the test which. */
const LISTEN_PROBE = `import net from 'node:net';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const callback = args.find((arg) => typeof arg === 'function');
  this.once('listening', () => process.send({ port: this.address().port }));
  return callback ? listen.call(this, 0, '127.0.0.1', callback) : listen.call(this, 0, '127.0.0.1');
};
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    types: ['node'],
    // Next.js's default alias, which its route block uses.
    paths: { '@/*': ['./*'] },
  },
  include: ['**/*.ts'],
};

let dir: string;
let blocks: Block[];
let emulator: RunningEmulator;
const children = new Set<ChildProcess>();

async function writeProject(target: string, files: Iterable<[string, string]>): Promise<void> {
  for (const [file, text] of files) {
    const full = path.join(target, file);
    assert.ok(full.startsWith(target + path.sep), `${file} stays inside the scratch folder`);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, text);
  }
}

function blockFiles(): Array<[string, string]> {
  return blocks.map((block) => [block.file, `${block.code}\n`]);
}

async function typeCheck(project: string): Promise<{ ok: boolean; output: string }> {
  try {
    await run(process.execPath, [TSC, '-p', path.join(project, 'tsconfig.json')], { cwd: project, timeout: CHILD_LIMIT_MS });
    return { ok: true, output: '' };
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` || failure.message };
  }
}

const childEnv = () => ({ ...process.env, RINGNITY_SERVER_KEY: 'rn_sk_test_demo', RINGNITY_API_URL: emulator.url });

/** Run a TypeScript file of the scratch folder in its own Node, as an integrator's server runs. */
function spawnBlock(file: string, preload: string[] = []): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = fork(path.join(dir, file), [], {
    cwd: dir,
    env: childEnv(),
    execArgv: ['--import', 'tsx', ...preload.flatMap((url) => ['--import', url])],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    timeout: CHILD_LIMIT_MS,
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** Start a server block and answer its URL once it listens. */
async function startServerBlock(file: string): Promise<{ url: string; stop: () => void }> {
  const { child, output } = spawnBlock(file, [pathToFileURL(path.join(dir, 'listen-probe.mjs')).href]);
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code} before listening:\n${output()}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

/** Run a driver file to its end and answer what it printed as JSON. */
async function runDriver<T>(file: string): Promise<T> {
  const { child, output } = spawnBlock(file);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 0, `${file} failed:\n${output()}`);
  return JSON.parse(output()) as T;
}

interface TokenAnswer {
  status: number;
  body: { token?: string; error?: { code: string } };
}

/** What a token route must do: mint for the signed-in user a token the API accepts, refuse anyone else. */
async function assertTokenRoute(signedIn: TokenAnswer, signedOut: TokenAnswer): Promise<void> {
  assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
  assert.equal(typeof signedIn.body.token, 'string');
  const profile = await fetch(`${emulator.url}/api/agent/profile`, { headers: { authorization: `Bearer ${signedIn.body.token}` } });
  assert.equal(profile.status, 200);
  assert.equal(((await profile.json()) as { agent: { username: string } }).agent.username, 'agent.one');
  assert.equal(signedOut.status, 401);
  assert.equal(signedOut.body.error?.code, 'UNAUTHORIZED');
}

async function postToken(url: string, user?: string): Promise<TokenAnswer> {
  const response = await fetch(`${url}${CRM_AGENT_TOKEN_ROUTE}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(user ? { 'x-crm-user': user } : {}) },
    body: JSON.stringify({ userId: 'crm-user-42' }),
  });
  return { status: response.status, body: (await response.json()) as TokenAnswer['body'] };
}

/** Calls a Fetch-style handler module the way its runtime does: with a `Request`. */
const fetchDriver = (importLine: string, call: string) => `${importLine}
const request = (user?: string) =>
  new Request('http://crm.test${CRM_AGENT_TOKEN_ROUTE}', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(user ? { 'x-crm-user': user } : {}) },
    body: '{}',
  });
const answer = async (response: Response) => ({ status: response.status, body: await response.json() });
process.stdout.write(JSON.stringify({ signedIn: await answer(await ${call}(request('agent.one'))), signedOut: await answer(await ${call}(request())) }));
`;

const DRIVERS: Array<[string, string]> = [
  ['drive-next.ts', fetchDriver("import { POST } from '@/app/api/ringnity/agent-token/route';", 'POST')],
  ['drive-hono.ts', fetchDriver("import app from './hono.js';", 'app.fetch')],
  [
    'drive-e2e.ts',
    `import { createAgentToken } from '@ringnity/agent-sdk/server';
import { startRingnity } from './e2e/ringnity.js';

const ringnity = await startRingnity();
try {
  const { conversationId } = await ringnity.customerWrites('My order never arrived');
  const { token } = await createAgentToken({ apiBaseUrl: ringnity.apiUrl, serverApiKey: ringnity.serverApiKey, username: 'agent.one', scopes: ['agent:conversations:read'] });
  const seen = await fetch(\`\${ringnity.apiUrl}/api/agent/conversations/\${conversationId}\`, { headers: { authorization: \`Bearer \${token}\` } });
  process.stdout.write(JSON.stringify({ apiUrl: ringnity.apiUrl, status: seen.status, conversation: await seen.json() }));
} finally {
  await ringnity.close();
}
`,
  ],
];

before(async () => {
  assert.ok(existsSync(path.join(ROOT, 'dist/server/index.js')), 'the package is built (npm run build)');
  blocks = readmeBlocks(await readFile(path.join(ROOT, 'README.md'), 'utf8'));
  await mkdir(path.join(ROOT, 'test-results'), { recursive: true });
  // Inside the package, so that its name resolves through its own exports; test-results/ is ignored.
  dir = await mkdtemp(path.join(ROOT, 'test-results', 'readme-blocks-'));
  await writeProject(dir, [
    ...blockFiles(),
    ['lib/crm-session.ts', CRM_SESSION],
    ['listen-probe.mjs', LISTEN_PROBE],
    ['tsconfig.json', JSON.stringify(TSCONFIG, null, 2)],
    ...DRIVERS,
  ]);
  emulator = await startEmulator({ port: 0 });
});

after(async () => {
  for (const child of children) child.kill();
  await emulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('README code blocks', () => {
  it('marks every block the integrator path promises, each under its own file name', () => {
    const files = blocks.map((block) => block.file);
    assert.deepEqual(
      EXPECTED_BLOCKS.filter((file) => !files.includes(file)),
      [],
    );
    assert.equal(new Set(files).size, files.length);
  });

  it('type-check against the package’s own exports', async () => {
    const { ok, output } = await typeCheck(dir);
    assert.ok(ok, output);
  });

  it('fail the type-check when a block names an export that does not exist', async () => {
    const broken = await mkdtemp(path.join(ROOT, 'test-results', 'readme-broken-'));
    try {
      const files = blockFiles().map(([file, text]): [string, string] => [file, file === 'express.ts' ? text.replaceAll('toExpressHandler', 'toExpressHandle') : text]);
      await writeProject(broken, [...files, ['lib/crm-session.ts', CRM_SESSION], ['tsconfig.json', JSON.stringify(TSCONFIG)]]);
      const { ok, output } = await typeCheck(broken);
      assert.equal(ok, false);
      assert.match(output, /express\.ts.*toExpressHandle/);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });

  it('bundle for the browser from the elements entries', async () => {
    const result = await build({
      absWorkingDir: dir,
      entryPoints: ['elements.ts', 'elements-one-by-one.ts'],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      outdir: 'out',
      write: false,
      logLevel: 'silent',
    });
    assert.equal(result.outputFiles.length, 2);
    for (const output of result.outputFiles) {
      for (const tag of ['ringnity-session', 'ringnity-presence', 'ringnity-inbox', 'ringnity-call-popup']) {
        assert.ok(output.text.includes(`"${tag}"`), `${path.basename(output.path)} registers <${tag}>`);
      }
    }
  });

  it('load the no-build script by a name the build makes, with its lazily loaded files beside it', async () => {
    const html = blocks.find((block) => block.file === 'no-build.html')!.code;
    const src = /<script src="([^"]+)"><\/script>/.exec(html)?.[1];
    assert.ok(src, 'a classic script tag');
    const script = path.join(ROOT, 'dist', path.basename(src));
    assert.ok(existsSync(script), `dist/${path.basename(src)} is built`);
    const bundle = await readFile(script, 'utf8');
    for (const beside of ['ringnity-agent-calls.js', 'ringnity-agent-call-view.js', 'ringnity-agent-thread.js']) {
      assert.ok(existsSync(path.join(ROOT, 'dist', beside)), `dist/${beside} is built`);
      assert.ok(bundle.includes(beside), `the script loads ${beside} from beside itself`);
    }
  });

  for (const file of ['express.ts', 'node-server.ts']) {
    it(`${file}: the token route mints a token the emulator accepts`, async () => {
      const server = await startServerBlock(file);
      try {
        await assertTokenRoute(await postToken(server.url, 'agent.one'), await postToken(server.url));
      } finally {
        server.stop();
      }
    });
  }

  it('the Next.js route handler answers a Request with a token the emulator accepts', async () => {
    const { signedIn, signedOut } = await runDriver<{ signedIn: TokenAnswer; signedOut: TokenAnswer }>('drive-next.ts');
    await assertTokenRoute(signedIn, signedOut);
  });

  it('the Hono app answers a Request with a token the emulator accepts', async () => {
    const { signedIn, signedOut } = await runDriver<{ signedIn: TokenAnswer; signedOut: TokenAnswer }>('drive-hono.ts');
    await assertTokenRoute(signedIn, signedOut);
  });

  it('the CI helper starts an emulator on 127.0.0.1 where a customer message reaches an agent', async () => {
    const result = await runDriver<{ apiUrl: string; status: number; conversation: { departmentId: string } }>('drive-e2e.ts');
    assert.match(result.apiUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(result.status, 200);
    assert.equal(result.conversation.departmentId, 'dep_support');
  });
});
