// Builds custom-elements.json (package.json `customElements`): tags (`static tag`), attributes and
// properties, slots (@slot), parts (@csspart) and custom properties (@cssproperty) from the
// elements' sources and JSDoc, and events from the event table in src/protocol/element-events.ts.
// Run by `npm run manifest` (under tsx, so that this file imports that table's TypeScript source),
// which `npm run build` runs after the compiler; `npm run manifest:check` validates the result.
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { ELEMENT_EVENTS, ELEMENT_EVENT_DESCRIPTIONS } from './src/protocol/element-events.ts';

const parse = (file) => ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);

/**
 * The shape of each event's `detail`, as written in `DetailTypes` (src/elements/shared/events.ts),
 * so that a reader of the manifest (and the docs page) sees the keys and their types rather than
 * an indexed type they would have to look up.
 */
function detailShapes() {
  const source = parse('src/elements/shared/events.ts');
  const table = source.statements.find((node) => ts.isInterfaceDeclaration(node) && node.name.text === 'DetailTypes');
  if (!table) throw new Error('src/elements/shared/events.ts: interface DetailTypes not found');
  return new Map(table.members.filter(ts.isPropertySignature).map((member) => [member.name.text, member.type.getText(source).replace(/\s+/g, ' ')]));
}

/** The names the public entry `@ringnity/agent-sdk/elements` (src/elements/define.ts) exports. */
function publicNames() {
  const names = new Set();
  for (const node of parse('src/elements/define.ts').statements) {
    if (!ts.isExportDeclaration(node) || node.isTypeOnly || !node.exportClause || !ts.isNamedExports(node.exportClause)) continue;
    for (const element of node.exportClause.elements) if (!element.isTypeOnly) names.add(element.name.text);
  }
  return names;
}

/**
 * Each element class names its tag in `static readonly tag = 'ringnity-…'` and registers itself
 * with `static define()`, which the analyzer's own `customElements.define` detection does not
 * see. Record the tag as the class's custom-element definition.
 */
function staticTags() {
  return {
    name: 'ringnity-static-tags',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const tag = node.members.find(
        (member) =>
          ts.isPropertyDeclaration(member) &&
          member.name.getText() === 'tag' &&
          member.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword) &&
          member.initializer &&
          ts.isStringLiteral(member.initializer),
      );
      if (!tag) return;
      moduleDoc.exports = [
        ...(moduleDoc.exports ?? []),
        { kind: 'custom-element-definition', name: tag.initializer.text, declaration: { name: node.name.text, module: moduleDoc.path } },
      ];
    },
  };
}

/**
 * The events of each tag come from the event table, `ELEMENT_EVENTS`, not from `@fires` tags:
 * the table is the one declaration of every event, and the manifest must not drift from it.
 */
function eventsFromTable() {
  const shapes = detailShapes();
  return {
    name: 'ringnity-events-from-table',
    packageLinkPhase({ customElementsManifest }) {
      for (const declaration of customElementsManifest.modules.flatMap((module) => module.declarations ?? [])) {
        if (declaration.kind !== 'class') continue;
        // The base class's only dispatch is inside emit(); its events are its subclasses' rows.
        if (!declaration.tagName?.startsWith('ringnity-')) {
          delete declaration.events;
          continue;
        }
        declaration.events = Object.entries(ELEMENT_EVENTS)
          .filter(([, spec]) => spec.from.includes(declaration.tagName))
          .map(([name, spec]) => {
            const shape = shapes.get(name);
            if (!shape) throw new Error(`${name}: no detail type in DetailTypes (src/elements/shared/events.ts)`);
            const cancelable = spec.cancelable === true && !ELEMENT_EVENT_DESCRIPTIONS[name].startsWith('Cancelable') ? 'Cancelable. ' : '';
            return { name, type: { text: `CustomEvent<${shape}>` }, description: cancelable + ELEMENT_EVENT_DESCRIPTIONS[name] };
          });
      }
    },
  };
}

/**
 * `labels` is declared once on the base class as `Partial<Labels>`, a type parameter, and the
 * analyzer copies that text to every element. Name each element's own label type instead: the
 * class's `declare labels: …` when it has one, else the type argument of `extends RingnityElement<…>`.
 */
function concreteLabels() {
  const labelTypes = new Map();
  return {
    name: 'ringnity-concrete-labels',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const declared = node.members.find((member) => ts.isPropertyDeclaration(member) && member.name.getText() === 'labels' && member.type);
      const argument = node.heritageClauses?.[0]?.types[0]?.typeArguments?.[0];
      const text = declared?.type.getText() ?? (argument ? `Partial<${argument.getText()}>` : undefined);
      if (text) labelTypes.set(node.name.text, text);
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const declaration of customElementsManifest.modules.flatMap((module) => module.declarations ?? [])) {
        const labels = declaration.members?.find((member) => member.name === 'labels');
        if (labels && labelTypes.has(declaration.name)) labels.type = { text: labelTypes.get(declaration.name) };
      }
    },
  };
}

/**
 * The manifest describes the public surface only: the declarations the elements entry exports,
 * and of those, public members (private and protected ones are implementation; `@internal`
 * ones the analyzer already leaves out). `<ringnity-session>` renders nothing but its slot, so
 * the parts and custom properties it inherits from the base class do not apply to it.
 */
function publicSurfaceOnly() {
  const exported = publicNames();
  return {
    name: 'ringnity-public-surface-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        module.declarations = (module.declarations ?? []).filter((declaration) => exported.has(declaration.name));
        const kept = new Set(module.declarations.map((declaration) => declaration.name));
        // defineElement's own `customElements.define(tag, element)` is not a tag of ours.
        module.exports = (module.exports ?? []).filter((e) => (e.kind === 'custom-element-definition' ? e.name.includes('-') : kept.has(e.declaration?.name)));
        for (const declaration of module.declarations) {
          if (declaration.members) declaration.members = declaration.members.filter((member) => !member.privacy || member.privacy === 'public');
          if (declaration.tagName === 'ringnity-session') {
            delete declaration.cssParts;
            delete declaration.cssProperties;
          }
        }
      }
      customElementsManifest.modules = customElementsManifest.modules.filter((module) => module.declarations.length || module.exports.length);
    },
  };
}

/**
 * The analyzer reads the TypeScript sources, but the package ships `dist/`: point every module
 * path at the compiled file that a consumer (or an editor following the manifest) can open.
 */
function pointAtDist() {
  const toDist = (path) => path?.replace(/^\/?src\//, 'dist/').replace(/\.ts$/, '.js');
  const visit = (value) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if ((key === 'path' || key === 'module') && typeof inner === 'string') value[key] = toDist(inner);
      else visit(inner);
    }
  };
  return {
    name: 'ringnity-point-at-dist',
    packageLinkPhase({ customElementsManifest }) {
      visit(customElementsManifest.modules);
    },
  };
}

export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/elements/**/*.styles.ts', 'src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  dependencies: false,
  plugins: [staticTags(), concreteLabels(), eventsFromTable(), publicSurfaceOnly(), pointAtDist()],
};
