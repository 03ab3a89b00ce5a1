/**
 * A CommonJS backend loads the token helper with `require('@ringnity/agent-sdk/server')` and mints
 * a token from the real emulator; TypeScript reads the `require` condition's declarations as
 * CommonJS. The package resolves itself by name through its `exports`, exactly as an installed
 * copy does. Run after `npm run build` (`npm test` does).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = path.join(ROOT, 'test/fixtures/cjs-backend');

let emulator: RunningEmulator;
before(async () => {
  emulator = await startEmulator({ port: 0 });
});
after(() => emulator.close());

describe('CommonJS backend', () => {
  it('requires the server helper and mints an agent token the API accepts', async () => {
    const { stdout } = await run(process.execPath, [path.join(FIXTURE, 'mint.cjs'), emulator.url]);
    const minted = JSON.parse(stdout) as { token: string; expiresIn: number };
    assert.equal(minted.expiresIn, 300);
    const profile = await fetch(`${emulator.url}/api/agent/profile`, { headers: { authorization: `Bearer ${minted.token}` } });
    assert.equal(profile.status, 200);
    assert.equal(((await profile.json()) as { agent: { username: string } }).agent.username, 'agent.one');
  });

  it('gets the same error codes as an ESM backend', async () => {
    const script = `require('@ringnity/agent-sdk/server').createAgentToken({ apiBaseUrl: ${JSON.stringify(emulator.url)}, serverApiKey: 'rn_sk_wrong', username: 'agent.one', scopes: ['agent:profile:read'] }).catch((e) => { process.stdout.write(e.code); });`;
    const { stdout } = await run(process.execPath, ['-e', script], { cwd: ROOT });
    assert.equal(stdout, 'SERVER_API_KEY_INVALID');
  });

  it('type-checks a CommonJS TypeScript consumer against the require declarations', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ringnity-cts-'));
    try {
      const tsconfig = path.join(dir, 'tsconfig.json');
      await writeFile(
        tsconfig,
        JSON.stringify({
          compilerOptions: { module: 'node16', moduleResolution: 'node16', strict: true, noEmit: true, types: ['node'], typeRoots: [path.join(ROOT, 'node_modules/@types')] },
          files: [path.join(FIXTURE, 'types.cts')],
        }),
      );
      await run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], { cwd: ROOT });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
