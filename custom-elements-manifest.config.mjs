// Builds custom-elements.json (package.json `customElements`) from the elements' JSDoc: tags,
// attributes, properties, events (@fires), slots (@slot), parts (@csspart) and custom properties
// (@cssproperty). Run by `npm run manifest`, which `npm run build` runs after the compiler.
import { resolveModuleOrPackageSpecifier } from '@custom-elements-manifest/analyzer/src/utils/index.js';

/**
 * The elements are registered through `defineElement(tag, Class)` (src/elements/define.ts), which
 * the analyzer's own `customElements.define` detection does not see. Record those calls as
 * custom-element definitions too, so each class gets its tag name.
 */
function defineElementCalls() {
  return {
    name: 'ringnity-define-element-calls',
    analyzePhase({ ts, node, moduleDoc, context }) {
      if (!ts.isCallExpression(node) || node.expression.getText() !== 'defineElement') return;
      const [tag, klass] = node.arguments;
      if (!tag || !klass || !ts.isStringLiteral(tag) || !ts.isIdentifier(klass)) return;
      moduleDoc.exports = [
        ...(moduleDoc.exports ?? []),
        {
          kind: 'custom-element-definition',
          name: tag.text,
          declaration: { name: klass.text, ...resolveModuleOrPackageSpecifier(moduleDoc, context, klass.text) },
        },
      ];
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
  plugins: [defineElementCalls(), pointAtDist()],
};
