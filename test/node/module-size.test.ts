/**
 * Modules stay small enough to read in one sitting: none under src/ passes 450 lines, and the
 * inbox element, which only renders the stores and turns input into calls, stays within 400.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const lines = (file: string) => readFileSync(path.join(SRC, file), 'utf8').split('\n').length - 1;

describe('module size', () => {
  it('keeps every module under src/ within 450 lines', () => {
    const modules = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    assert.ok(modules.length > 100);
    const long = modules.map((file) => `${file}: ${lines(file)}`).filter((entry) => Number(entry.split(': ')[1]) > 450);
    assert.deepEqual(long, []);
  });

  it('keeps the inbox element within 400 lines', () => {
    assert.ok(lines('elements/inbox/inbox.ts') <= 400, `inbox.ts has ${lines('elements/inbox/inbox.ts')} lines`);
  });
});
