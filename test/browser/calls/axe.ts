/** axe-core (brought by @open-wc/testing) over the call popup of a page, shadow DOM included. */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
  return page.evaluate(async () => {
    type Result = { violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown; failureSummary: string }> }> };
    const axe = (window as unknown as { axe: { run(context: Element, options: object): Promise<Result> } }).axe;
    const result = await axe.run(document.querySelector('ringnity-call-popup')!, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.impact} ${v.id}: ${JSON.stringify(v.nodes.map((n) => `${n.target} ${n.failureSummary}`))}`);
  });
}
