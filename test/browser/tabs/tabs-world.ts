/**
 * The tab-sharing tests' world: the call tests' emulator and Chromium (../calls/world.ts), with
 * several pages of ONE browser context standing for the tabs of one CRM in one browser profile.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { buildPages, eventually, startWorld, type Cleanup, type World } from '../calls/world.js';

const pages = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pages');

export async function startTabsWorld(t: Cleanup | TestContext, options: { callReconnectGraceMs?: number } = {}): Promise<World> {
  await buildPages({ 'tab-page': path.join(pages, 'tab-page.ts') });
  return startWorld(t, { ...options, staticDirs: [{ prefix: '/tabs', dir: pages }] });
}

export interface TabRole {
  shared: boolean;
  leader: boolean;
  ringsHere: boolean;
  state: string;
}

/** Opens a headless-client tab in `context`, signed in as `username` (with `scopes`, if given). */
export async function openTab(world: World, context: BrowserContext, username: string, options: { shared?: boolean; scopes?: readonly string[] } = {}): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[tab] page error:`, error.message));
  await page.goto(`${world.url}/tabs/tab.html`);
  await page.waitForFunction(() => Boolean(window.tab));
  const token = await world.mint(username, options.scopes);
  await page.evaluate(([token, shared]) => window.tab.start(token as string, { shared: shared as boolean }), [token, options.shared ?? true] as const);
  return page;
}

export const roleOf = (page: Page): Promise<TabRole> => page.evaluate(() => window.tab.role());
export const messagesOf = (page: Page): Promise<string[]> => page.evaluate(() => window.tab.messages);

/** The one tab that leads among `tabs`, once exactly one does. */
export async function leaderOf(tabs: Page[]): Promise<Page> {
  let leader: Page | undefined;
  await eventually('exactly one leader tab', async () => {
    const roles = await Promise.all(tabs.map(roleOf));
    const leaders = tabs.filter((_, i) => roles[i]!.leader);
    leader = leaders[0];
    return leaders.length === 1 && roles.every((role) => role.state === 'connected');
  });
  return leader!;
}

/** A customer who writes to the Support department, where agent.one works. */
export function customer(world: World, name: string): { say(body: string): string } {
  const { visitor, conversationId } = world.emulator.store.visitorStart({ tenantKey: 'demo-tenant', name, departmentId: 'dep_support' });
  return {
    say: (body) => world.emulator.store.visitorSend(visitor.id, conversationId, body, undefined).message.messageId,
  };
}

/**
 * Waits until every tab was handed exactly `ids`, in that order: none missing, none twice. `from`
 * (one per tab) skips what each tab had been handed before.
 */
export async function everyTabGot(tabs: Page[], ids: string[], from: number[] = []): Promise<void> {
  const since = async (page: Page) => (await messagesOf(page)).slice(from[tabs.indexOf(page)] ?? 0);
  await eventually(
    `${ids.length} messages in ${tabs.length} tabs`,
    async () => {
      const seen = await Promise.all(tabs.map(since));
      return seen.every((list) => list.length >= ids.length);
    },
    30_000,
  );
  for (const page of tabs) {
    const seen = await since(page);
    if (JSON.stringify(seen) !== JSON.stringify(ids)) throw new Error(`a tab was handed ${JSON.stringify(seen)}, expected ${JSON.stringify(ids)}`);
  }
}
