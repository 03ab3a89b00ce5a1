/**
 * `npm run size` (scripts/size.mjs): prints every browser file's raw and gzip size, and fails
 * when one is over its budget. Checked on folders made for the test, so that the gate is seen to
 * fail as well as to pass; the real figures are printed by `npm test`, which runs it on dist/.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../scripts/size.mjs', import.meta.url));
const KB = 1024;

function distWith(t: TestContext, files: Record<string, Buffer | string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ringnity-size-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

function size(dir: string) {
  const run = spawnSync(process.execPath, [SCRIPT, '--dist', dir], { encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Random bytes as text barely compress, so their gzip size is close to their length. */
const incompressible = (bytes: number) => randomBytes(bytes / 2).toString('hex');

describe('npm run size', () => {
  it('prints raw and gzip size per file and passes within budget', (t) => {
    const dir = distWith(t, {
      'ringnity-agent.js': incompressible(30 * KB),
      'ringnity-agent-calls.js': 'x'.repeat(200 * KB),
      'ringnity-agent-thread.js': incompressible(10 * KB),
      'ringnity-agent-call-view.js': incompressible(8 * KB),
      'ringnity-host.js': 'console.log(1)',
    });
    const result = size(dir);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /dist\/ringnity-agent-call-view\.js\s+8\.0 KB\s+\d+\.\d KB\s+10\.0 KB\s+ok/);
    const lines = result.stdout.trim().split('\n');
    assert.match(lines[0]!, /file\s+raw\s+gzip\s+budget \(gzip\)\s+status/);
    assert.match(result.stdout, /dist\/ringnity-agent\.js\s+30\.0 KB\s+\d+\.\d KB\s+42\.0 KB\s+ok/);
    // 200 KB of one letter compresses to almost nothing: the budget is on gzip, not raw.
    assert.match(result.stdout, /dist\/ringnity-agent-calls\.js\s+200\.0 KB\s+0\.\d KB\s+36\.0 KB\s+ok/);
    assert.match(result.stdout, /dist\/ringnity-host\.js\s+0\.0 KB\s+0\.0 KB\s+4\.0 KB\s+ok/);
    assert.match(result.stdout, /dist\/ringnity-agent-thread\.js\s+10\.0 KB\s+\d+\.\d KB\s+12\.0 KB\s+ok/);
  });

  it('fails and names the file when one is over its gzip budget', (t) => {
    const dir = distWith(t, {
      'ringnity-agent.js': incompressible(90 * KB),
      'ringnity-host.js': 'console.log(1)',
    });
    const result = size(dir);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /dist\/ringnity-agent\.js\s+90\.0 KB\s+\d+\.\d KB\s+42\.0 KB\s+OVER BUDGET/);
    assert.match(result.stderr, /a bundle is over its gzip budget/);
  });

  it('fails when a required file is missing', (t) => {
    const result = size(distWith(t, { 'ringnity-host.js': '' }));
    assert.equal(result.status, 1);
    assert.match(result.stderr, /ringnity-agent\.js not found/);
  });
});
