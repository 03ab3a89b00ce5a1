// `npm run lint`, part of `npm test`, with no warnings allowed. The recommended sets of ESLint,
// typescript-eslint, eslint-plugin-lit and eslint-plugin-wc, with the few departures below, each
// with its reason. Formatting is Prettier's business (`npm run format:check`), not this file's.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';

// Node's own globals, read from the Node running the linter, for the plain-JS scripts and configs.
const nodeGlobals = Object.fromEntries(Object.getOwnPropertyNames(globalThis).map((name) => [name, 'readonly']));

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'test-results/', '.wtr-cache/', 'custom-elements.json', 'demo/salesforce/force-app/', 'test/salesforce/stubs/'] },
  {
    files: ['**/*.{ts,js,mjs,cjs,jsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A leading underscore marks a parameter kept for its position (a callback's signature).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // `declare global { interface HTMLElementEventMap extends RingnityEventMap {} }` is how an
      // event map merges into the DOM's; an empty interface with one parent is that, not a mistake.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // A callback handed out before the value exists reads it later (`let agent` in agent.ts).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Tests read the real emulator's JSON answers, and typing each of them would test the types,
    // not the product. Chai's property assertions (`.to.be.empty`) are expressions by design.
    files: ['test/**/*.{ts,js,jsx}', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    // One home per wire fact: the default API, the page's meta tag, the key header, the CRM token
    // route, the ordering rules and the code check are written in src/protocol/ and imported from
    // there. A second copy compiles and then drifts, so a copy outside protocol/ fails the lint.
    files: ['src/**/*.ts'],
    ignores: ['src/protocol/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['Literal[value=/%s/i]', 'TemplateElement[value.raw=/%s/i]'].map((form) => ({
          selector: form.replace('%s', 'api\\.ringnity\\.com|ringnity-api-base-url|x-ringnity-server-key|\\/api\\/ringnity\\/agent-token'),
          message: 'A wire fact: import it from src/protocol/ (endpoints.ts, routes.ts) instead of writing it again.',
        })),
        {
          selector: 'BinaryExpression[operator=/^[<>]=?$/] > MemberExpression.left[property.name=/^(updatedAt|createdAt)$/]',
          message: 'Conversation and message order is protocol/order.ts (byActivity, compareActivity, byMessageOrder, messageOrder).',
        },
        {
          selector: "BinaryExpression[operator='in'][right.name='ERROR_STATUS']",
          message: 'Use isApiErrorCode from protocol/errors.ts: `in` also accepts the keys of Object.prototype.',
        },
      ],
    },
  },
  {
    // The elements and their context controller: Lit's and the web-component rules.
    files: ['src/elements/**/*.ts', 'src/context/**/*.ts'],
    extends: [lit.configs['flat/recommended'], wc.configs['flat/best-practice']],
  },
  {
    // Plain-JS scripts and configs run in Node, and so do the Node-side fixtures (a CommonJS backend).
    files: ['**/*.{js,mjs,cjs}'],
    ignores: ['test/fixtures/**/*.js', 'test/fixtures/**/*.mjs', 'demo/**'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    // CommonJS configs (dependency-cruiser reads only CommonJS or ESM; this one is CommonJS).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Fixture pages run in the browser, where the browser tests load them: an unknown global
    // fails there. Their globals are the page's, which this Node-side list does not know.
    files: ['test/fixtures/**/*.{js,jsx}', 'demo/**/*.js'],
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    rules: { 'no-undef': 'off' },
  },
);
