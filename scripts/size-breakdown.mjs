#!/usr/bin/env node
// What a built bundle is made of, from its source map: for each package of node_modules and each
// folder of src/ (or each file, with --files), the minified bytes it owns, its gzip size alone,
// and what the bundle's gzip size would lose without it ("marginal", the figure that says what
// removing it saves). Run after `npm run build`:
//
//   npm run size:breakdown                              dist/ringnity-agent.js by part
//   npm run size:breakdown -- dist/ringnity-agent-calls.js --files
//
// Template literal text (HTML, CSS) has no mappings of its own; it counts for the code before it.
import { readFile } from 'node:fs/promises';
import { constants, gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const byFile = args.includes('--files');
const file = args.find((arg) => !arg.startsWith('--')) ?? 'dist/ringnity-agent.js';

const code = await readFile(file, 'utf8');
const map = JSON.parse(await readFile(`${file}.map`, 'utf8'));

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Decodes one segment of a v3 source map into its numbers. */
function decodeSegment(segment) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** The source index owning each character of the bundle (-1 before the first mapping). */
const owner = new Int32Array(code.length).fill(-1);
let offset = 0;
let source = 0;
let last = -1;
const lines = code.split('\n');
const mappingLines = map.mappings.split(';');
for (let line = 0; line < lines.length; line++) {
  const text = lines[line];
  let column = 0;
  const segments = (mappingLines[line] ?? '').split(',').filter(Boolean).map(decodeSegment);
  let cursor = 0;
  for (const segment of segments) {
    column += segment[0];
    for (; cursor < column; cursor++) owner[offset + cursor] = last;
    if (segment.length > 1) {
      source += segment[1];
      last = source;
    }
  }
  for (; cursor <= text.length; cursor++) owner[offset + cursor] = last;
  offset += text.length + 1;
}

function partOf(index) {
  if (index < 0) return '(before any mapping)';
  const path = map.sources[index];
  if (byFile) return path.replace(/^.*node_modules\//, '~/').replace(/^.*?\bsrc\//, 'src/');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1];
  const own = /\bsrc\/(elements\/[^/]+|[^/]+)/.exec(path);
  return own ? `src/${own[1]}` : path;
}

const parts = new Map();
for (let i = 0; i < code.length; i++) {
  const part = partOf(owner[i]);
  let chars = parts.get(part);
  if (!chars) parts.set(part, (chars = []));
  chars.push(i);
}

const gzip = (text) => gzipSync(text, { level: constants.Z_BEST_COMPRESSION }).length;
const total = gzip(code);
const rows = [];
for (const [part, chars] of parts) {
  const mine = new Uint8Array(code.length);
  for (const i of chars) mine[i] = 1;
  let alone = '';
  let without = '';
  for (let i = 0; i < code.length; i++) {
    if (mine[i]) alone += code[i];
    else without += code[i];
  }
  rows.push({ part, raw: chars.length, alone: gzip(alone), marginal: total - gzip(without) });
}
rows.sort((a, b) => b.marginal - a.marginal);

const kb = (bytes) => (bytes / 1024).toFixed(1);
const width = Math.max(4, ...rows.map((row) => row.part.length));
console.log(`${file}: ${kb(code.length)} KB minified, ${kb(total)} KB gzip`);
console.log(`${'part'.padEnd(width)}  raw KB  gzip alone  marginal gzip`);
for (const row of rows) {
  console.log(`${row.part.padEnd(width)}  ${kb(row.raw).padStart(6)}  ${kb(row.alone).padStart(10)}  ${kb(row.marginal).padStart(13)}`);
}
