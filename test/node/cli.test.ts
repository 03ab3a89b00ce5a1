/**
 * The `ringnity-emulator` command line, run from source through tsx: `--seed FILE`, the one line
 * it prints when ready, refusing a bad seed, and stopping cleanly on SIGTERM and SIGINT.
 *
 * The tests start tsx's own CLI with this Node rather than `npx tsx`: npm's exec wrapper does not
 * pass SIGTERM on to its child, so through npx the signal tests would measure npm, not the emulator.
 */
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TenantSeedInput } from '../../src/emulator/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsxCli = path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/cli.mjs');
const cli = path.join(root, 'src/emulator/cli.ts');

const smallSeed: TenantSeedInput = {
  tenant: { id: 'ten_small', key: 'small-tenant', name: 'Small Co' },
  serverKeys: [{ key: 'rn_sk_test_small', scopes: ['server:agent-token:write'] }],
  departments: [{ id: 'dep_desk', name: 'Desk' }],
  agents: [
    { id: 'agt_solo', username: 'solo.agent', name: 'Solo Agent', email: 'solo@small.example', role: 'agent', departmentId: 'dep_desk' },
    { id: 'agt_boss', username: 'boss', name: 'The Boss', email: 'boss@small.example', role: 'admin', departmentId: null },
  ],
  conversations: [
    {
      id: 'cnv_only',
      status: 'open',
      subject: 'The only conversation',
      customer: { id: 'vis_only', name: 'Only Customer', email: null },
      departmentId: 'dep_desk',
      assignedAgentId: null,
      createdAt: '2026-01-01T10:00:00.000Z',
      messages: [{ id: 'msg_only', kind: 'customer', body: 'Hello small tenant', createdAt: '2026-01-01T10:00:00.000Z' }],
    },
  ],
};

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first stdout line. */
  firstLine: Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(t: TestContext, args: string[]): Running {
  const child = spawn(process.execPath, [tsxCli, cli, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const firstLine = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the emulator printed no line; stderr: ${err}`)), 30_000);
    const check = () => {
      const end = out.indexOf('\n');
      if (end >= 0) {
        clearTimeout(timer);
        resolve(out.slice(0, end));
      }
    };
    child.stdout!.on('data', check);
    void exit.then(() => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited before printing; stderr: ${err}`));
    });
  });
  firstLine.catch(() => undefined);
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exit;
    }
  });
  return { child, stdout: () => out, stderr: () => err, firstLine, exit };
}

async function seedFile(t: TestContext, name: string, content: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ringnity-seed-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

describe('ringnity-emulator --seed FILE', () => {
  it('prints exactly one line, serves the seeded tenant, and stops with 0 on SIGTERM', async (t) => {
    const file = await seedFile(t, 'small.json', JSON.stringify(smallSeed, null, 2));
    const emulator = run(t, ['--port', '0', '--seed', file]);
    const line = await emulator.firstLine;
    const match = /^listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
    assert.ok(match, `unexpected line: ${line}`);
    const url = match[1]!;
    assert.notEqual(Number(match[2]), 0);

    const mint = (key: string, username: string) =>
      fetch(`${url}/api/server/sdk-token/agent`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, scopes: ['agent:conversations:read', 'agent:profile:read'] }),
      });
    const minted = await mint('rn_sk_test_small', 'solo.agent');
    assert.equal(minted.status, 200);
    const { token, tenant } = (await minted.json()) as { token: string; tenant: { id: string; key: string } };
    assert.deepEqual(tenant, { id: 'ten_small', key: 'small-tenant' });
    const list = (await (await fetch(`${url}/api/agent/conversations`, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
      conversations: Array<{ conversationId: string; subject: string }>;
    };
    assert.deepEqual(
      list.conversations.map((c) => [c.conversationId, c.subject]),
      [['cnv_only', 'The only conversation']],
    );
    // The demo tenant is gone.
    assert.equal((await mint('rn_sk_test_demo', 'agent.one')).status, 401);
    assert.equal((await mint('rn_sk_test_small', 'agent.one')).status, 400);

    emulator.child.kill('SIGTERM');
    assert.deepEqual(await emulator.exit, { code: 0, signal: null });
    assert.equal(emulator.stdout(), `${line}\n`, 'nothing but the one line on stdout');
    await assert.rejects(fetch(`${url}/api/docs/openapi.json`), 'the port is released');
  });

  it('stops with 0 on SIGINT too', async (t) => {
    const emulator = run(t, ['--port', '0']);
    const line = await emulator.firstLine;
    assert.match(line, /^listening on http:\/\/127\.0\.0\.1:\d+$/);
    emulator.child.kill('SIGINT');
    assert.deepEqual(await emulator.exit, { code: 0, signal: null });
  });

  it('stops with 0 on SIGTERM while an agent socket is connected', async (t) => {
    const { io } = await import('socket.io-client');
    const emulator = run(t, ['--port', '0']);
    const url = (await emulator.firstLine).replace('listening on ', '');
    const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
    t.after(() => socket.disconnect());
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    emulator.child.kill('SIGTERM');
    assert.deepEqual(await emulator.exit, { code: 0, signal: null });
  });

  const broken: Array<[string, string, string, RegExp[]]> = [
    [
      'a conversation in an unknown department',
      'bad-department.json',
      JSON.stringify({ ...smallSeed, conversations: [{ ...smallSeed.conversations[0], departmentId: 'dep_nowhere' }] }),
      [/conversations\.0\.departmentId/, /unknown department dep_nowhere/],
    ],
    [
      'an assigned agent that does not exist',
      'bad-agent.json',
      JSON.stringify({ ...smallSeed, conversations: [{ ...smallSeed.conversations[0], assignedAgentId: 'agt_ghost' }] }),
      [/unknown agent agt_ghost/],
    ],
    ['a missing tenant', 'no-tenant.json', JSON.stringify({ ...smallSeed, tenant: undefined }), [/tenant/]],
    ['a file that is not JSON', 'broken.json', '{ "tenant": ', [/broken\.json is not valid JSON/]],
  ];

  for (const [label, name, content, patterns] of broken) {
    it(`refuses a seed with ${label}: non-zero exit and a message naming the problem`, async (t) => {
      const file = await seedFile(t, name, content);
      const emulator = run(t, ['--port', '0', '--seed', file]);
      const { code } = await emulator.exit;
      assert.notEqual(code, 0);
      assert.equal(emulator.stdout(), '', 'it never claims to listen');
      assert.match(emulator.stderr(), /--seed/);
      for (const pattern of patterns) assert.match(emulator.stderr(), pattern);
      assert.ok(!emulator.stderr().includes('    at '), `a clear message, not a stack trace: ${emulator.stderr()}`);
    });
  }

  it('refuses a seed file that does not exist', async (t) => {
    const missing = path.join(tmpdir(), `ringnity-no-such-seed-${process.pid}.json`);
    const emulator = run(t, ['--port', '0', '--seed', missing]);
    const { code } = await emulator.exit;
    assert.notEqual(code, 0);
    assert.match(emulator.stderr(), /cannot read/);
    assert.ok(emulator.stderr().includes(missing));
  });

  it('refuses a bad port with the usage', async (t) => {
    const emulator = run(t, ['--port', 'eighty']);
    const { code } = await emulator.exit;
    assert.notEqual(code, 0);
    assert.match(emulator.stderr(), /--port/);
    assert.match(emulator.stderr(), /usage: ringnity-emulator/);
  });

  it('refuses a ring timeout that is not a number of seconds', async (t) => {
    const emulator = run(t, ['--port', '0', '--ring-timeout', 'soon']);
    const { code } = await emulator.exit;
    assert.notEqual(code, 0);
    assert.match(emulator.stderr(), /--ring-timeout/);
  });

  it('refuses a presence grace that is not a number of seconds', async (t) => {
    const emulator = run(t, ['--port', '0', '--presence-grace', 'soon']);
    const { code } = await emulator.exit;
    assert.notEqual(code, 0);
    assert.match(emulator.stderr(), /--presence-grace/);
  });
});
