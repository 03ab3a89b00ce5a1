// Builds custom-elements.json (package.json `customElements`): tags (`static tag`), attributes and
// properties, slots (@slot), parts (@csspart) and custom properties (@cssproperty) from the
// elements' sources and JSDoc, and events from the event table in src/protocol/element-events.ts.
// Run by `npm run manifest` (under tsx, so that this file imports that table's TypeScript source),
// which `npm run build` runs after the compiler.
import { ELEMENT_EVENTS, ELEMENT_EVENT_DESCRIPTIONS } from './src/protocol/element-events.ts';

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
  return {
    name: 'ringnity-events-from-table',
    packageLinkPhase({ customElementsManifest }) {
      for (const declaration of customElementsManifest.modules.flatMap((module) => module.declarations ?? [])) {
        if (!declaration.tagName?.startsWith('ringnity-')) continue;
        declaration.events = Object.entries(ELEMENT_EVENTS)
          .filter(([, spec]) => spec.from.includes(declaration.tagName))
          .map(([name]) => ({
            name,
            type: { text: `CustomEvent<RingnityEventDetails['${name}']>` },
            description: ELEMENT_EVENT_DESCRIPTIONS[name],
          }));
      }
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
      for (const module of customElementsManifest.modules) {
        // defineElement's own `customElements.define(tag, element)` is not a tag of ours.
        module.exports = module.exports?.filter((e) => e.kind !== 'custom-element-definition' || e.name.includes('-'));
      }
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
  plugins: [staticTags(), eventsFromTable(), pointAtDist()],
};
