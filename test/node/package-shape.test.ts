/**
 * The published shape of the package, read from the build: what each subpath pulls in, what is
 * marked as a side effect, and what the custom-elements manifest tells editors. Run after
 * `npm run build` (`npm test` does).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

type ExportTarget = string | { [condition: string]: ExportTarget };

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, ExportTarget>;
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

/** The file an ESM `import` of a subpath loads. */
function esmEntry(target: ExportTarget | undefined): string {
  const entry = typeof target === 'object' ? target.import : undefined;
  if (typeof entry === 'string') return entry;
  if (typeof entry === 'object' && typeof entry.default === 'string') return entry.default;
  throw new Error(`no import condition in ${JSON.stringify(target)}`);
}

const isLit = (specifier: string) => /^(lit|lit-html|lit-element|@lit\/|@lit-labs\/)/.test(specifier);

describe('package shape', () => {
  it('keeps Lit out of the headless client and the embed helpers', () => {
    for (const subpath of ['.', './server', './embed']) {
      const lit = [...bareImports(esmEntry(pkg.exports[subpath]))].filter(isLit);
      assert.deepEqual(lit, [], `${subpath} imports ${lit.join(', ')}`);
    }
  });

  it('leaves lit and @lit/context to the app’s bundler in the elements build', () => {
    const imports = bareImports(esmEntry(pkg.exports['./elements']));
    for (const dependency of ['lit', '@lit/context']) {
      assert.ok(
        [...imports].some((s) => s === dependency || s.startsWith(`${dependency}/`)),
        `imports ${dependency} by name`,
      );
    }
    const dependencies = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).dependencies as Record<string, string>;
    assert.ok(dependencies.lit && dependencies['@lit/context'], 'lit and @lit/context are dependencies');
  });

  it('imports only declared dependencies from the build (socket.io-client is for the tests alone)', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      optionalDependencies: Record<string, string>;
    };
    const packageOf = (specifier: string) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/');
    // The emulator's server packages are optional dependencies (see the README's dependency weight):
    // `./emulator` alone may import them.
    const declared = (subpath: string, name: string) => name in manifest.dependencies || (subpath === './emulator' && name in manifest.optionalDependencies);
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      // `./react` and `./vue` are typings alone, with no module to import.
      if (typeof target === 'string' || !('import' in target)) continue;
      const undeclared = [...bareImports(esmEntry(target))].filter((s) => !s.startsWith('node:') && !declared(subpath, packageOf(s)));
      assert.deepEqual(undeclared, [], `${subpath} imports packages that are not dependencies`);
    }
    for (const subpath of ['.', './elements', './embed']) {
      const imports = [...bareImports(esmEntry(pkg.exports[subpath]))];
      assert.ok(!imports.some((s) => s.startsWith('socket.io-client')), `${subpath} speaks the socket protocol with src/sdk/wire`);
    }
  });

  it('names only declared dependencies in the shipped type declarations', () => {
    // A declaration that says `import("lit-html")` breaks a strict consumer (pnpm, Yarn PnP),
    // where only the package's own dependencies resolve.
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      name: string;
      dependencies: Record<string, string>;
      optionalDependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
    };
    const packageOf = (specifier: string) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/');
    // The React and Vue typings name their framework, an optional peer (React's types live in
    // @types/react); the emulator's, its server packages, optional dependencies.
    const declared = (name: string, file: string) =>
      name === manifest.name ||
      name in manifest.dependencies ||
      name in manifest.peerDependencies ||
      `@types/${name}` in manifest.peerDependencies ||
      (file.startsWith(`emulator${path.sep}`) && name in manifest.optionalDependencies);
    const declarations = readdirSync(path.join(ROOT, 'dist'), { recursive: true, encoding: 'utf8' }).filter((file) => /\.d\.c?ts$/.test(file));
    assert.ok(declarations.length > 20);
    for (const file of declarations) {
      const text = readFileSync(path.join(ROOT, 'dist', file), 'utf8');
      const named = [...text.matchAll(/(?:from\s+|import\()["']([^"'.][^"']*)["']/g)].map((m) => m[1]!);
      const undeclared = named.filter((s) => !s.startsWith('node:') && !declared(packageOf(s), file));
      assert.deepEqual(undeclared, [], `dist/${file}`);
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
    // A target is a file, or conditions (`import`, `require`, `types`, `default`) that may nest.
    const check = (subpath: string, target: ExportTarget, conditions: string[]) => {
      if (typeof target === 'string') {
        assert.ok(existsSync(path.join(ROOT, target)), `${subpath} [${conditions.join(' > ')}] → ${target}`);
        return;
      }
      const leaves = Object.values(target).filter((value) => typeof value === 'string');
      if (leaves.length && subpath !== './package.json') assert.ok(target.types, `${subpath} [${conditions.join(' > ')}] has no types`);
      for (const [condition, inner] of Object.entries(target)) check(subpath, inner, [...conditions, condition]);
    };
    for (const [subpath, target] of Object.entries(pkg.exports)) check(subpath, target, []);
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

describe('publishing', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;

  it('is publishable under Apache-2.0, with a repository', () => {
    assert.equal(manifest.private, undefined);
    assert.equal(manifest.license, 'Apache-2.0');
    assert.match(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0/);
    assert.match((manifest.repository as { url: string }).url, /^git\+https:\/\//);
  });

  it('packs the licence, the changelog and source maps that carry their sources', () => {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' })) as Array<{
      files: Array<{ path: string }>;
    }>;
    const files = new Set(packed[0]!.files.map((file) => file.path));
    for (const file of ['LICENSE', 'CHANGELOG.md', 'README.md', 'dist/server/index.cjs', 'dist/server/index.d.cts']) assert.ok(files.has(file), `${file} is packed`);
    // The no-build bundle and every file it loads, the classic variants for sandboxes included.
    for (const name of ['', '-calls', '-calls.classic', '-thread', '-thread.classic', '-de'])
      assert.ok(files.has(`dist/ringnity-agent${name}.js`), `dist/ringnity-agent${name}.js is packed`);
    // Maps point at src/, which is not shipped: each must hold its sources.
    for (const map of ['dist/sdk/agent.js.map', 'dist/server/index.cjs.map', 'dist/ringnity-agent.js.map']) {
      const parsed = JSON.parse(readFileSync(path.join(ROOT, map), 'utf8')) as { sources: string[]; sourcesContent?: Array<string | null> };
      assert.equal(parsed.sourcesContent?.filter((text) => typeof text === 'string').length, parsed.sources.length, `${map} embeds every source`);
    }
  });

  it('keeps a changelog whose released versions are semver', () => {
    const headings = [...readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8').matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
    assert.ok(headings.length > 0);
    for (const heading of headings) assert.match(heading, /^(Unreleased|\[?\d+\.\d+\.\d+(-[\w.]+)?\]? - \d{4}-\d{2}-\d{2})$/, heading);
  });
});

describe('supported Node versions', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
  };

  it('runs the tests on a Node the package supports', () => {
    assert.ok(semver.satisfies(process.version, manifest.engines.node), `${process.version} is outside ${manifest.engines.node}`);
  });

  it('installs no dependency, development tools included, that asks for a newer Node than the package supports', () => {
    // Each supported line from its lowest version: a tool that needs more prints EBADENGINE there.
    const lowest = manifest.engines.node.split('||').map((range) => semver.minVersion(range.trim())!.version);
    const refused: string[] = [];
    for (const [where, entry] of Object.entries(lock.packages)) {
      const wanted = entry.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined;
      // npm skips an optional package (a platform binary) whose engines do not match, silently.
      if (!where || !wanted || entry.optional) continue;
      for (const version of lowest) if (!semver.satisfies(version, wanted)) refused.push(`${where} wants node ${wanted}, not ${version}`);
    }
    assert.deepEqual(refused, []);
  });
});

describe('lockfile', () => {
  it('is in step with package.json, so that `npm ci` on a fresh machine installs from it', () => {
    // npm ci refuses a lockfile that lacks an entry package.json implies (an optional package the
    // registry did not serve, say), which only a clean install would otherwise reveal.
    const dir = mkdtempSync(path.join(tmpdir(), 'ringnity-lock-'));
    try {
      for (const file of ['package.json', 'package-lock.json']) copyFileSync(path.join(ROOT, file), path.join(dir, file));
      const run = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--offline', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
