/**
 * The published shape of the package, read from the build: what each subpath pulls in, what is
 * marked as a side effect, and what the custom-elements manifest tells editors. Run after
 * `npm run build` (`npm test` does).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, { import: string; types: string } | string>;
  sideEffects: string[];
  customElements: string;
  files: string[];
};

before(() => {
  for (const file of ['dist/index.js', 'dist/elements/define.js', 'dist/embed/index.js', pkg.customElements]) {
    if (!existsSync(path.join(ROOT, file))) throw new Error(`${file} is missing: run \`npm run build\` first (\`npm test\` does).`);
  }
});

/** Every bare specifier the module graph from `entry` imports, following relative imports. */
function bareImports(entry: string): Set<string> {
  const bare = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:^|[;\n])\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[;\n])\s*import\s*['"]([^'"]+)['"]/g)) {
      const specifier = match[1] ?? match[2]!;
      if (specifier.startsWith('.')) visit(path.resolve(path.dirname(file), specifier));
      else bare.add(specifier);
    }
  };
  visit(path.join(ROOT, entry));
  return bare;
}

const isLit = (specifier: string) => /^(lit|lit-html|lit-element|@lit\/|@lit-labs\/)/.test(specifier);

describe('package shape', () => {
  it('keeps Lit out of the headless client and the embed helpers', () => {
    for (const subpath of ['.', './server', './embed']) {
      const entry = pkg.exports[subpath] as { import: string };
      const lit = [...bareImports(entry.import)].filter(isLit);
      assert.deepEqual(lit, [], `${subpath} imports ${lit.join(', ')}`);
    }
  });

  it('leaves lit and @lit/context to the app’s bundler in the elements build', () => {
    const imports = bareImports((pkg.exports['./elements'] as { import: string }).import);
    for (const dependency of ['lit', '@lit/context']) {
      assert.ok([...imports].some((s) => s === dependency || s.startsWith(`${dependency}/`)), `imports ${dependency} by name`);
    }
    const dependencies = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).dependencies as Record<string, string>;
    assert.ok(dependencies.lit && dependencies['@lit/context'], 'lit and @lit/context are dependencies');
  });

  it('imports only declared dependencies from the build (socket.io-client is for the tests alone)', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue;
      const undeclared = [...bareImports(target.import)].filter((s) => !s.startsWith('node:') && !(packageOf(s) in manifest.dependencies));
      assert.deepEqual(undeclared, [], `${subpath} imports packages that are not dependencies`);
    }
    for (const subpath of ['.', './elements', './embed']) {
      const imports = [...bareImports((pkg.exports[subpath] as { import: string }).import)];
      assert.ok(!imports.some((s) => s.startsWith('socket.io-client')), `${subpath} speaks the socket protocol with src/sdk/wire`);
    }
  });

  it('lists only the define files and the no-build bundle as side effects', () => {
    for (const file of pkg.sideEffects) {
      assert.match(file, /(^|\/)define\.js$|^\.\/dist\/ringnity-agent\.js$/, `${file} is not a define file or the bundle`);
      assert.ok(existsSync(path.join(ROOT, file)), `${file} exists`);
    }
    assert.ok(pkg.sideEffects.includes('./dist/elements/define.js'));
  });

  it('gives each element its own entry, a side effect that loads no other element', () => {
    const relativeGraph = (entry: string): Set<string> => {
      const seen = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        for (const match of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*['"](\.[^'"]+)['"]/g)) visit(path.resolve(path.dirname(file), match[1]!));
      };
      visit(path.join(ROOT, entry));
      return new Set([...seen].map((file) => path.relative(path.join(ROOT, 'dist'), file)));
    };
    const folders = ['session', 'presence', 'inbox', 'call-popup'];
    for (const folder of folders) {
      const target = pkg.exports[`./elements/${folder}`] as { import: string } | undefined;
      assert.ok(target, `./elements/${folder} is exported`);
      assert.ok(pkg.sideEffects.includes(target.import), `${target.import} is a side effect`);
      const others = [...relativeGraph(target.import)].filter((file) => folders.some((f) => f !== folder && file.startsWith(`elements/${f}/`)));
      assert.deepEqual(others, [], `./elements/${folder} loads another element`);
    }
  });

  it('resolves every subpath export to a built file with types', () => {
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue;
      assert.ok(existsSync(path.join(ROOT, target.import)), `${subpath} → ${target.import}`);
      assert.ok(existsSync(path.join(ROOT, target.types)), `${subpath} → ${target.types}`);
    }
  });
});

describe('custom-elements.json', () => {
  interface Declaration {
    name: string;
    tagName?: string;
    attributes?: Array<{ name: string }>;
    events?: Array<{ name: string }>;
    slots?: Array<{ name: string }>;
    cssParts?: Array<{ name: string }>;
    cssProperties?: Array<{ name: string }>;
  }
  const manifest = () =>
    JSON.parse(readFileSync(path.join(ROOT, pkg.customElements), 'utf8')) as {
      modules: Array<{ path: string; declarations?: Declaration[]; exports?: Array<{ kind: string; name: string; declaration: { module?: string } }> }>;
    };
  const element = (tag: string) => {
    const found = manifest()
      .modules.flatMap((m) => m.declarations ?? [])
      .find((d) => d.tagName === tag);
    assert.ok(found, `${tag} is in the manifest`);
    return found;
  };
  const names = (list: Array<{ name: string }> | undefined) => (list ?? []).map((item) => item.name);

  it('is shipped and referenced by package.json', () => {
    assert.equal(pkg.customElements, 'custom-elements.json');
    assert.ok(pkg.files.includes('custom-elements.json'));
  });

  it('describes every tag with its attributes, events, slots and parts', () => {
    const session = element('ringnity-session');
    assert.ok(names(session.attributes).includes('token-endpoint'));
    assert.ok(names(session.attributes).includes('api-base-url'));
    assert.ok(names(session.events).includes('ringnity-ready'));
    assert.ok(names(session.slots).includes(''), 'the default slot');

    const inbox = element('ringnity-inbox');
    assert.ok(names(inbox.attributes).includes('conversation-id'));
    assert.ok(names(inbox.events).includes('ringnity-conversation-select'));
    assert.ok(names(inbox.cssParts).includes('row'));
    assert.ok(names(inbox.cssProperties).some((n) => n.startsWith('--ringnity-')));

    const presence = element('ringnity-presence');
    assert.ok(names(presence.events).includes('ringnity-presence-change'));
    assert.ok(names(presence.cssParts).length > 0);

    const popup = element('ringnity-call-popup');
    assert.deepEqual(names(popup.slots).sort(), ['local', 'remote']);
    assert.ok(names(popup.events).includes('ringnity-incoming-call'));
    assert.ok(names(popup.cssParts).includes('accept-button'));
  });

  it('points at files the package ships', () => {
    for (const module of manifest().modules) {
      assert.ok(existsSync(path.join(ROOT, module.path)), `${module.path} exists`);
      for (const definition of (module.exports ?? []).filter((e) => e.kind === 'custom-element-definition')) {
        assert.match(definition.name, /^ringnity-/);
        assert.ok(definition.declaration.module && existsSync(path.join(ROOT, definition.declaration.module)), JSON.stringify(definition));
      }
    }
  });
});
