/**
 * custom-elements.json is complete: every event names its detail's shape, every `part` the
 * templates render and every `--ringnity-*` custom property the styles read is listed, and no
 * private, protected or internal member is shown as public API. Run after `npm run build`; the
 * sources are scanned, so a part or property added to a template or a stylesheet without its
 * JSDoc fails here.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ELEMENT_EVENTS, ELEMENT_TAGS, type ElementTag } from '../../src/protocol/element-events.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ELEMENTS = path.join(ROOT, 'src/elements');

interface Named {
  name: string;
  description?: string;
}
interface Declaration extends Named {
  kind: string;
  tagName?: string;
  members?: Array<Named & { privacy?: string }>;
  events?: Array<Named & { type?: { text?: string } }>;
  cssParts?: Named[];
  cssProperties?: Named[];
}

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'custom-elements.json'), 'utf8')) as { modules: Array<{ declarations?: Declaration[] }> };
const declarations = manifest.modules.flatMap((module) => module.declarations ?? []);
const element = (tag: ElementTag): Declaration => {
  const found = declarations.find((declaration) => declaration.tagName === tag);
  assert.ok(found, `${tag} is in the manifest`);
  return found;
};
const names = (list: Named[] | undefined) => new Set((list ?? []).map((item) => item.name));

const sources = (folder: string): Array<{ file: string; text: string }> =>
  readdirSync(path.join(ELEMENTS, folder))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => ({ file: `src/elements/${folder}/${file}`, text: readFileSync(path.join(ELEMENTS, folder, file), 'utf8') }));

/** Code without comments, so that the JSDoc that documents a part does not count as a use of it. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

/**
 * The part names a template renders: the tokens of every static `part="…"` list, and the
 * `part=${parts}` binding's string literals. A token with an interpolation (`message-${kind}`)
 * becomes a pattern: it stands for the listed names it matches, and must match at least one.
 */
function renderedParts(text: string): { names: Set<string>; patterns: RegExp[] } {
  const names = new Set<string>();
  const patterns: RegExp[] = [];
  for (const [, list] of code(text).matchAll(/\bpart="([^"]*)"/g)) {
    for (const token of list!.replace(/\$\{[^}]*\}/g, (match) => match.replace(/\s+/g, '')).split(/\s+/)) {
      if (!token) continue;
      if (!token.includes('${')) names.add(token);
      else
        patterns.push(
          new RegExp(
            `^${token
              .split(/\$\{[^}]*\}/)
              .map((piece) => piece.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
              .join('[a-z-]+')}$`,
          ),
        );
    }
  }
  // `const parts = ['row', selected ? 'row-selected' : '', …]` feeding `part=${parts}`.
  for (const [, list] of code(text).matchAll(/const parts = \[([^\]]*)\]/g)) {
    for (const [, token] of list!.matchAll(/'([a-z][a-z-]*)'/g)) names.add(token!);
  }
  return { names, patterns };
}

/** Where each tag's templates live: its own folder; the base class's banner for those that draw it. */
const TEMPLATE_FOLDERS: Record<ElementTag, string[]> = {
  'ringnity-session': ['session'],
  'ringnity-presence': ['presence'],
  'ringnity-inbox': ['inbox'],
  'ringnity-call-popup': ['call-popup'],
};

describe('custom-elements.json is complete', () => {
  it('gives every event of every tag its detail type, spelled as the detail shape', () => {
    let count = 0;
    for (const tag of ELEMENT_TAGS) {
      for (const event of element(tag).events ?? []) {
        count++;
        const text = event.type?.text ?? '';
        assert.match(text, /^CustomEvent<\{ .+ \}>$/, `${tag} ${event.name} has a detail type (${text || 'none'})`);
        const keys = ELEMENT_EVENTS[event.name as keyof typeof ELEMENT_EVENTS].detail;
        for (const key of keys) assert.ok(text.includes(`${key}: `), `${tag} ${event.name}: ${text} names detail.${key}`);
        assert.ok(event.description, `${tag} ${event.name} is described`);
      }
    }
    const sent = Object.values(ELEMENT_EVENTS).reduce((sum, spec) => sum + spec.from.length, 0);
    assert.equal(count, sent, 'every (tag, event) row of the table');
  });

  it('lists every part the templates render, each with a description', () => {
    const missing: string[] = [];
    for (const tag of ELEMENT_TAGS) {
      const listed = element(tag).cssParts ?? [];
      const texts = TEMPLATE_FOLDERS[tag].flatMap(sources);
      const drawsBanner = texts.some(({ text }) => code(text).includes('this.renderSessionStatus()'));
      if (drawsBanner) texts.push({ file: 'src/elements/shared/ringnity-element.ts', text: readFileSync(path.join(ELEMENTS, 'shared/ringnity-element.ts'), 'utf8') });
      const scans = texts.map(({ text }) => renderedParts(text));
      const rendered = new Set(scans.flatMap((scan) => [...scan.names]));
      const patterns = scans.flatMap((scan) => scan.patterns);
      for (const part of rendered) if (!names(listed).has(part)) missing.push(`${tag}::part(${part})`);
      for (const pattern of patterns) if (!listed.some((part) => pattern.test(part.name))) missing.push(`${tag}::part(${pattern.source})`);
      for (const part of listed) assert.ok(part.description, `${tag}::part(${part.name}) is described`);
      // Nothing listed that no template renders (a renamed part would linger otherwise).
      for (const part of listed) {
        assert.ok(rendered.has(part.name) || patterns.some((pattern) => pattern.test(part.name)), `${tag}::part(${part.name}) is rendered`);
      }
    }
    assert.deepEqual(missing, [], 'parts rendered but not in the manifest');
  });

  it('finds the parts it checks: the scan is not empty', () => {
    const inbox = sources('inbox').map(({ text }) => renderedParts(text));
    const found = inbox.flatMap((scan) => [...scan.names]);
    for (const part of ['row', 'row-selected', 'message', 'message-system', 'dialog-confirm', 'send-button']) assert.ok(found.includes(part), part);
    const patterns = inbox.flatMap((scan) => scan.patterns);
    assert.ok(patterns.some((pattern) => pattern.test('message-customer')) && !patterns.some((pattern) => pattern.test('row')), 'message-${kind}');
  });

  it('lists every --ringnity-* custom property the styles read, each with a description, on every element that draws', () => {
    const used = new Set<string>();
    for (const folder of ['shared', 'inbox', 'presence', 'call-popup']) {
      for (const { text } of sources(folder)) for (const [name] of code(text).matchAll(/--ringnity-[a-z-]*[a-z]/g)) used.add(name);
    }
    assert.ok(used.has('--ringnity-color-accent') && used.has('--ringnity-focus-ring'), 'the scan finds the shared properties');
    const shared = new Set([...code(readFileSync(path.join(ELEMENTS, 'shared/theme.styles.ts'), 'utf8')).matchAll(/--ringnity-[a-z-]*[a-z]/g)].map(([name]) => name));
    const listedAnywhere = new Set<string>();
    for (const tag of ['ringnity-presence', 'ringnity-inbox', 'ringnity-call-popup'] as const) {
      const listed = element(tag).cssProperties ?? [];
      for (const property of listed) {
        assert.ok(property.description, `${tag} ${property.name} is described`);
        listedAnywhere.add(property.name);
      }
      for (const name of shared) assert.ok(names(listed).has(name), `${tag} lists the shared ${name}`);
    }
    assert.deepEqual(
      [...used].filter((name) => !listedAnywhere.has(name)),
      [],
      'custom properties read but not in the manifest',
    );
  });

  it('shows no private, protected or internal member as public API', () => {
    for (const declaration of declarations.filter((d) => d.kind === 'class')) {
      for (const member of declaration.members ?? []) {
        assert.ok(member.privacy === undefined || member.privacy === 'public', `${declaration.name}.${member.name} is ${member.privacy}`);
      }
      const members = names(declaration.members);
      for (const internal of ['emit', 'bindAgent', 'reportError', 'renderSessionStatus', 'sessionController']) {
        assert.ok(!members.has(internal), `${declaration.name}.${internal} is not in the manifest`);
      }
    }
  });

  it("names each element's own label type, not the base class's type parameter", () => {
    for (const tag of ELEMENT_TAGS) {
      const labels = element(tag).members?.find((member) => member.name === 'labels') as { type?: { text?: string } } | undefined;
      assert.match(labels?.type?.text ?? '', /^Partial<[A-Z][A-Za-z]+Labels>$/, `${tag}.labels`);
    }
  });

  it('describes the public surface only: the declarations the elements entry exports', () => {
    const entry = readFileSync(path.join(ELEMENTS, 'define.ts'), 'utf8');
    for (const declaration of declarations) assert.match(entry, new RegExp(`\\b${declaration.name}\\b`), `${declaration.name} is exported by @ringnity/agent-sdk/elements`);
  });
});
