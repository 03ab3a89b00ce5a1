// The layers of src/, checked by `npm run lint:deps` (part of `npm test`). Data flows one way:
//
//   protocol  <-  sdk  <-  context  <-  elements  <-  bundles
//   protocol  <-  sdk  <-  embed (panel side)  <-  bundles
//   protocol  <-  server  <-  emulator
//   protocol  <-  embed (host side)
//
// protocol/ is the only code both the browser side and the Node side import, so that a wire fact
// lives in one place. src/index.ts is the headless package entry and counts as sdk. The session
// (`RingnitySession`, the page registry) is headless too, in sdk/session/; context/ is only the
// @lit/context glue over it.
//
// embed/ has two halves. The host half (host, host-global, messages, frame-bridge) runs on the CRM
// page next to nothing of ours, inside a 4 KB budget: it may import protocol only. The panel half
// (panel-bridge, and the package entry index.ts that re-exports both) mirrors the elements' events
// across the iframe; the names come from the event table in protocol/ and the session from sdk/,
// so it needs neither the elements nor Lit. Nothing below the bundles imports embed.
const SDK = '^src/(sdk/|index\\.ts$)';
const BUNDLES = '^src/bundle[^/]*\\.ts$';
const EMBED_PANEL = '^src/embed/(panel-bridge|index)\\.ts$';
const EMBED_HOST = '^src/embed/(?!(panel-bridge|index)\\.ts$)';
const LIT = '^node_modules/(lit|lit-html|lit-element|@lit)/';
const NODE_ONLY = '^node_modules/(hono|@hono|socket\\.io|engine\\.io|ws|jose)/';

/** A rule that lets `from` import only the listed parts of src/ (npm packages are other rules' business). */
const onlyImports = (name, from, allowed, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: '^src/', pathNot: allowed },
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle ties modules together so that neither can be read, tested or loaded alone.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    onlyImports('protocol-stands-alone', '^src/protocol/', '^src/protocol/', 'protocol/ holds the wire facts; it depends on nothing of ours.'),
    onlyImports('sdk-on-protocol', SDK, [SDK, '^src/protocol/'], 'The headless client knows the wire and nothing above it.'),
    onlyImports('context-on-sdk', '^src/context/', ['^src/context/', SDK, '^src/protocol/'], 'context/ follows the session; it knows no element.'),
    onlyImports(
      'elements-on-context',
      '^src/elements/',
      ['^src/elements/', '^src/context/', SDK, '^src/protocol/'],
      'Elements render the session; only the bundles sit above them.',
    ),
    onlyImports(
      'embed-panel-on-sdk',
      EMBED_PANEL,
      ['^src/embed/', SDK, '^src/protocol/'],
      'The panel half of embed follows the headless session and the event table; it needs no element.',
    ),
    onlyImports('embed-host-on-protocol', EMBED_HOST, [EMBED_HOST, '^src/protocol/'], 'The host half runs alone on the CRM page, within its own small budget.'),
    onlyImports('server-on-protocol', '^src/server/', ['^src/server/', '^src/protocol/'], 'The backend helper shares only the wire facts with the rest.'),
    onlyImports(
      'emulator-on-server',
      '^src/emulator/',
      ['^src/emulator/', '^src/server/', '^src/protocol/'],
      'The emulator plays the Ringnity server: wire facts and the token helper only.',
    ),
    {
      name: 'nothing-imports-bundles',
      comment: 'Bundle entries are the top of the browser side.',
      severity: 'error',
      from: { path: '^src/', pathNot: BUNDLES },
      to: { path: BUNDLES },
    },
    {
      name: 'no-lit-in-headless',
      comment: 'Lit belongs to context/ and elements/ only: the headless client, protocol, embed and the Node side never load it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(context|elements)/' },
      to: { path: LIT },
    },
    {
      name: 'no-node-in-browser',
      comment: 'Browser code (everything but server/ and emulator/) must not pull in Node built-ins or server packages.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(server|emulator)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-server-packages-in-browser',
      comment: 'Server packages would break or bloat the browser bundles.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(server|emulator)/' },
      to: { path: NODE_ONLY },
    },
    {
      name: 'src-not-to-dev-deps',
      comment: 'What ships may not need a devDependency at run time.',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'src-not-to-tests',
      comment: 'Shipped code never reaches into tests, benches or scripts.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    // Type-only imports count: a type from a higher layer ties the layers together as surely as a value.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
