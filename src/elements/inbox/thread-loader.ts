import { html, type LitElement, type ReactiveController, type TemplateResult } from 'lit';
import { RingnityError, type RingnityAgent } from '../../index.js';
import { addStyles } from '../shared/added-styles.js';
import type { InboxListLabels } from './labels.js';
import type { InboxThreadPane, ThreadPaneHost } from './thread-pane.js';

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

export interface ThreadLoaderOptions {
  /** What the pane needs of the element, once it is built. */
  paneHost(): ThreadPaneHost;
  agent(): RingnityAgent | null;
  /** Reports that the code could not be loaded and answers what to show. */
  failed(error: RingnityError): string;
}

/**
 * The inbox's thread pane before and after its code is in: loaded the first time a conversation
 * is opened, with a busy state while it loads and an error with a retry if it cannot be.
 */
export class ThreadLoader implements ReactiveController {
  /** The thread half, once loaded. */
  pane: InboxThreadPane | null = null;
  private error: string | null = null;
  private loading = false;

  constructor(
    private readonly element: LitElement & { conversationId: string | null },
    private readonly options: ThreadLoaderOptions,
  ) {
    element.addController(this);
  }

  hostConnected(): void {}

  /** A conversation waits for the thread code. */
  get busy(): boolean {
    return this.element.conversationId !== null && !this.pane && !this.error;
  }

  /** Shows the element's conversation (again, with `again`), loading the thread code first. */
  show(agent: RingnityAgent, again = false): void {
    const conversationId = this.element.conversationId;
    const pane = this.pane;
    if (!conversationId) return pane?.clear();
    if (!pane) return this.load();
    if (again || !pane.shows(agent, conversationId)) pane.open(agent, conversationId);
  }

  /** Loads the code once; a failure is shown and reported, and Retry tries again. */
  private load(): void {
    if (this.loading) return;
    this.loading = true;
    this.error = null;
    this.element.requestUpdate();
    paneLoader().then(
      (module) => {
        const pane = new module.InboxThreadPane(this.options.paneHost());
        addStyles(this.element, pane.styles);
        this.pane = pane;
        const agent = this.options.agent();
        if (agent) this.show(agent);
        this.element.requestUpdate();
      },
      (error: unknown) => {
        this.loading = false;
        const message = `The conversation view could not be loaded: ${(error as Error)?.message ?? error}`;
        this.error = this.options.failed(error instanceof RingnityError ? error : new RingnityError('INBOX_THREAD_LOAD_FAILED', message, { cause: error }));
        this.element.requestUpdate();
      },
    );
  }

  /** The thread pane's content: a prompt, the loading state, why the code failed to load, or the pane's own. */
  render(agent: RingnityAgent, t: InboxListLabels): TemplateResult {
    if (!this.element.conversationId) return html`<p part="empty" class="empty">${t.selectPrompt}</p>`;
    if (this.pane) return this.pane.render(agent);
    if (this.error) {
      return html`<p part="action-error" class="inline-error" role="alert">
        ${this.error}
        <button part="retry-button" class="button" type="button" @click=${() => this.load()}>${t.retry}</button>
      </p>`;
    }
    return html`<p part="empty" class="empty" role="status">${t.loadingMessages}</p>`;
  }
}
