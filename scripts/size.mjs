#!/usr/bin/env node
// Prints the raw and gzip size of every browser bundle in dist/ and fails when one is over its
// budget. Run after `npm run build`. Budgets are gzip bytes, since that is what a page downloads.
//
//   npm run size                    dist/ of this package
//   node scripts/size.mjs --dist D  another folder (the tests use one)
import { readdir, readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

const KB = 1024;
const distArg = process.argv.indexOf('--dist');
const dist = distArg > 0 ? pathToFileURL(`${process.argv[distArg + 1]}/`) : new URL('../dist/', import.meta.url);

/** Budgets by file name. A bundle without an entry is printed but not held to any budget. */
const BUDGETS = {
  // Tab sharing included: the bundle is everything a page needs for its first paint.
  'ringnity-agent.js': 42 * KB,
  // The call file the bundle fetches the first time calls are used.
  'ringnity-agent-calls.js': 36 * KB,
  // The call popup's view (ringing card, call panel, device pickers, quality badge), fetched
  // together with the call file.
  'ringnity-agent-call-view.js': 10 * KB,
  // The inbox's thread half, fetched the first time a conversation is opened.
  'ringnity-agent-thread.js': 12 * KB,
  // The German words of every element, fetched the first time an element's lang is German.
  'ringnity-agent-de.js': 4 * KB,
  // The iframe host script a CRM page loads to embed the panel.
  'ringnity-host.js': 4 * KB,
};
const REQUIRED = ['ringnity-agent.js', 'ringnity-host.js'];

const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;

let names;
try {
  names = (await readdir(dist)).filter((name) => /^ringnity-(agent|host).*\.js$/.test(name)).sort();
} catch {
  names = [];
}
const missing = REQUIRED.filter((name) => !names.includes(name));
if (missing.length) {
  console.error(`size: ${missing.join(', ')} not found in ${dist.pathname}; run npm run build first`);
  process.exit(1);
}

let failed = false;
const rows = [];
for (const name of names) {
  const source = await readFile(new URL(name, dist));
  const gzip = gzipSync(source, { level: constants.Z_BEST_COMPRESSION }).length;
  const budget = BUDGETS[name];
  const over = budget !== undefined && gzip > budget;
  failed ||= over;
  rows.push([`dist/${name}`, kb(source.length), kb(gzip), budget === undefined ? '-' : kb(budget), budget === undefined ? '' : over ? 'OVER BUDGET' : 'ok']);
}

const header = ['file', 'raw', 'gzip', 'budget (gzip)', 'status'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) =>
  cells
    .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
    .join('  ')
    .trimEnd();
console.log(line(header));
for (const row of rows) console.log(line(row));
if (failed) {
  console.error('size: a bundle is over its gzip budget');
  process.exit(1);
}
