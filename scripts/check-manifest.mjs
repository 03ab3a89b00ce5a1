#!/usr/bin/env node
// `npm run manifest:check`, part of `npm test` after the build: validates custom-elements.json
// and the package.json fields that point at it with @wc-toolkit/cem-validator, and fails on any
// error. Completeness (every event's detail type, every part and custom property the sources use)
// is checked by test/node/manifest.test.ts.
import { readFile } from 'node:fs/promises';
import { validateCem } from '@wc-toolkit/cem-validator';

const manifest = JSON.parse(await readFile(new URL('../custom-elements.json', import.meta.url), 'utf8'));

await validateCem(manifest, {
  packageJsonPath: './package.json',
  cemFileName: 'custom-elements.json',
  // The base class has no tag of its own; the four elements inherit from it.
  exclude: ['RingnityElement'],
  rules: {
    manifest: {
      // The analyzer writes the schema version it implements; we do not edit it by hand.
      schemaVersion: 'off',
      // The types the elements' API names (RingnitySession, Call, PresenceStatus, the label
      // types) are exported by the entry points (`@ringnity/agent-sdk`, `/elements`), not by
      // each class's own module, which is what this rule looks for.
      exportTypes: 'off',
      modulePath: 'error',
      definitionPath: 'error',
      tagName: 'error',
    },
    packageJson: { customElementsProperty: 'error', publishedCem: 'error', exports: 'error', packageType: 'error' },
  },
});
