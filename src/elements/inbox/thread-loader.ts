/** What the thread half exports (see thread-pane.ts). */
export type ThreadPaneModule = typeof import('./thread-pane.js');

const importPane = (): Promise<ThreadPaneModule> => import('./thread-pane.js');
let paneLoader: () => Promise<ThreadPaneModule> = importPane;

/**
 * Replaces how the inbox loads its thread half. The no-build bundle uses it to take the half from
 * `ringnity-agent-thread.js`, the file beside it; everything else keeps the bundler's dynamic
 * import.
 */
export function setInboxThreadLoader(loader: (() => Promise<ThreadPaneModule>) | null): void {
  paneLoader = loader ?? importPane;
}

export function loadThreadPane(): Promise<ThreadPaneModule> {
  return paneLoader();
}
