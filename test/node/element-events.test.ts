/**
 * The event table (src/protocol/element-events.ts) is the one declaration of the elements'
 * events. Everything that lists them must agree with it: the custom-elements manifest, the
 * panel's bridge list, the host script's list, the cancelable set, and the `emit()` calls in the
 * elements' sources (name, sending element, detail keys). Reads the build: run
 * `npm run build` first (`npm test` does).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import ts from 'typescript';
import {
  BRIDGED_ELEMENT_EVENTS,
  CANCELABLE_ELEMENT_EVENTS,
  ELEMENT_EVENTS,
  ELEMENT_EVENT_DESCRIPTIONS,
  ELEMENT_TAGS,
  type ElementEventName,
  type ElementTag,
} from '../../src/protocol/element-events.js';
import { BRIDGED_EVENTS } from '../../src/embed/panel-bridge.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NAMES = Object.keys(ELEMENT_EVENTS) as ElementEventName[];
const row = (name: ElementEventName): { from: readonly ElementTag[]; detail: readonly string[]; cancelable?: boolean; bridged?: boolean } => ELEMENT_EVENTS[name];
const sorted = (values: Iterable<string>) => [...values].sort();

before(() => {
  for (const file of ['custom-elements.json', 'dist/ringnity-host.js']) {
    if (!existsSync(path.join(ROOT, file))) throw new Error(`${file} is missing: run \`npm run build\` first (\`npm test\` does).`);
  }
});

describe('the element event table', () => {
  it('names ringnity-* events, each sent by known tags, with a description', () => {
    for (const name of NAMES) {
      assert.match(name, /^ringnity-[a-z-]+$/);
      assert.ok(row(name).from.length > 0, `${name} is sent by some element`);
      for (const tag of row(name).from) assert.ok(ELEMENT_TAGS.includes(tag), `${name}: ${tag} is a tag`);
      assert.ok(ELEMENT_EVENT_DESCRIPTIONS[name].length > 10, `${name} is described`);
    }
    assert.deepEqual(sorted(Object.keys(ELEMENT_EVENT_DESCRIPTIONS)), sorted(NAMES));
  });

  it('makes exactly the cancelable rows cancelable, every ringnity-before-* among them', () => {
    assert.deepEqual(sorted(CANCELABLE_ELEMENT_EVENTS), sorted(NAMES.filter((name) => row(name).cancelable === true)));
    for (const name of NAMES.filter((n) => n.startsWith('ringnity-before-'))) assert.ok(CANCELABLE_ELEMENT_EVENTS.has(name), name);
  });

  it('agrees with the manifest: each tag lists its events, described as in the table', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'custom-elements.json'), 'utf8')) as {
      modules: Array<{ declarations?: Array<{ tagName?: string; events?: Array<{ name: string; description?: string }> }> }>;
    };
    const declarations = manifest.modules.flatMap((module) => module.declarations ?? []).filter((d) => d.tagName);
    assert.deepEqual(sorted(declarations.map((d) => d.tagName!)), sorted(ELEMENT_TAGS));
    for (const declaration of declarations) {
      const tag = declaration.tagName as ElementTag;
      const expected = NAMES.filter((name) => row(name).from.includes(tag));
      assert.deepEqual(
        (declaration.events ?? []).map((e) => e.name),
        expected,
        `${tag}'s events in custom-elements.json`,
      );
      for (const event of declaration.events ?? []) assert.equal(event.description, ELEMENT_EVENT_DESCRIPTIONS[event.name as ElementEventName]);
    }
  });

  it('agrees with the bridge: the panel mirrors, and the host script lists, the bridged rows', () => {
    const bridged = NAMES.filter((name) => row(name).bridged !== false);
    assert.deepEqual([...BRIDGED_ELEMENT_EVENTS], bridged);
    assert.deepEqual([...BRIDGED_EVENTS], bridged);

    // The host script as a CRM page loads it: one classic script that sets window.RingnityEmbed.
    const window: { RingnityEmbed?: { events: readonly string[] } } = {};
    vm.runInNewContext(readFileSync(path.join(ROOT, 'dist/ringnity-host.js'), 'utf8'), { window });
    assert.deepEqual([...(window.RingnityEmbed?.events ?? [])], bridged);
  });
});

/** One `emit('ringnity-…', detail)` call in an element's source. */
interface EmitSite {
  where: string;
  folder: string;
  name: string;
  /** The detail's keys, when it is an object literal without spreads. */
  keys: string[] | null;
}

const FOLDER_TAG: Record<string, ElementTag> = {
  session: 'ringnity-session',
  presence: 'ringnity-presence',
  inbox: 'ringnity-inbox',
  'call-popup': 'ringnity-call-popup',
};

function emitSites(): { sites: EmitSite[]; rawEvents: string[] } {
  const elementsDir = path.join(ROOT, 'src/elements');
  const sites: EmitSite[] = [];
  const rawEvents: string[] = [];
  for (const entry of readdirSync(elementsDir, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.ts')) continue;
    const file = path.join(elementsDir, entry);
    const folder = entry.split(path.sep)[0]!;
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const calleeName = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
        const [first, detail] = node.arguments;
        if (calleeName === 'emit' && first && ts.isStringLiteral(first)) {
          let keys: string[] | null = null;
          if (detail && ts.isObjectLiteralExpression(detail) && detail.properties.every((p) => ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p))) {
            keys = detail.properties.map((p) => p.name!.getText(source));
          }
          const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
          sites.push({ where: `src/elements/${entry}:${line + 1}`, folder, name: first.text, keys });
        }
      }
      // Every event must go through emit(): a CustomEvent built by hand would skip the table.
      if (ts.isNewExpression(node) && node.expression.getText(source) === 'CustomEvent') {
        const [first] = node.arguments ?? [];
        if (first && ts.isStringLiteral(first) && first.text.startsWith('ringnity-')) rawEvents.push(`src/elements/${entry}: ${first.text}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { sites, rawEvents };
}

describe('the elements’ emit() calls', () => {
  const { sites, rawEvents } = emitSites();

  it('are found (the scan reads the sources)', () => {
    assert.ok(sites.length >= NAMES.length, `${sites.length} emit sites`);
    assert.deepEqual(rawEvents, [], 'ringnity-* events built without emit()');
  });

  it('send only declared events, from the elements the table names, with the declared detail keys', () => {
    for (const site of sites) {
      assert.ok(site.name in ELEMENT_EVENTS, `${site.where}: ${site.name} is not in ELEMENT_EVENTS`);
      const declared = row(site.name as ElementEventName);
      // shared/ is the base class every element extends: what it sends, every element sends.
      const senders = site.folder === 'shared' ? [...ELEMENT_TAGS] : [FOLDER_TAG[site.folder]];
      for (const tag of senders) assert.ok(tag && declared.from.includes(tag), `${site.where}: ${site.name} is not declared for ${tag ?? site.folder}`);
      if (site.keys) assert.deepEqual(sorted(site.keys), sorted(declared.detail), `${site.where}: detail keys of ${site.name}`);
    }
  });

  it('cover every row: each tag a row names sends that event somewhere', () => {
    for (const name of NAMES) {
      for (const tag of row(name).from) {
        const folder = Object.keys(FOLDER_TAG).find((f) => FOLDER_TAG[f] === tag)!;
        assert.ok(
          sites.some((site) => site.name === name && (site.folder === folder || site.folder === 'shared')),
          `${name} is declared for ${tag}, which never sends it`,
        );
      }
    }
  });
});
