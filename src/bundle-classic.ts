/**
 * What a classic lazy file (`ringnity-agent-calls.classic.js`, `ringnity-agent-thread.classic.js`)
 * does once it runs: hand its exports to the bundle already on the page, through
 * `RingnityAgent.provideFile` (see bundle-files.ts). A classic script has no exports of its own, and
 * Salesforce's `loadScript` runs only classic scripts.
 */
import type { LazyFileName } from './bundle-files.js';

export function handToBundle(name: LazyFileName, module: object): void {
  const agent = (globalThis as { RingnityAgent?: { provideFile?: (name: string, module: object) => void } }).RingnityAgent;
  if (!agent?.provideFile) throw new Error(`${name}.classic.js needs ringnity-agent.js loaded first`);
  agent.provideFile(name, module);
}
