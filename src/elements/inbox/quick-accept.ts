import { html, nothing, type TemplateResult } from 'lit';
import type { RingnityAgent } from '../../index.js';
import type { InboxLabels } from './labels.js';
import { permissionsFor } from './permissions.js';
import { runAction, type ActionEffects } from './thread-actions.js';

/** How long the agent may take back an accept. Long enough to notice a wrong click, short enough not to linger. */
const UNDO_MS = 20_000;

/** What the accept needs of the thread pane that holds it. */
export interface QuickAcceptHost {
  readonly effects: ActionEffects;
  update(): void;
  /** Reports a failure (`ringnity-error`) and shows it as the pane's action error. */
  fail(error: unknown, action: string): void;
}

/**
 * Accepting is the most common action of the day, so it takes one click: no dialog, and the
 * accept carries no reason. A mistaken click is taken back for a short while: Undo transfers the
 * conversation back to the department it was accepted from, which returns it to that queue
 * (the server lets the owner transfer; a conversation with no department cannot go back, so it
 * gets no Undo).
 */
export class QuickAccept {
  private busy = false;
  private undo: { conversationId: string; departmentId: string | null } | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: QuickAcceptHost) {}

  async accept(agent: RingnityAgent, conversationId: string): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.dismiss();
    try {
      const state = { kind: 'accept' as const, conversationId, busy: true, error: null };
      let departmentId: string | null = null;
      await runAction(agent, state, '', '', {
        ...this.host.effects,
        applyConversation: (conversation) => {
          this.host.effects.applyConversation(conversation);
          const mayReturn = conversation.departmentId !== null && permissionsFor(agent, conversation).transfer;
          departmentId = mayReturn ? conversation.departmentId : null;
        },
      });
      this.undo = { conversationId, departmentId };
      this.timer = setTimeout(() => this.dismiss(), UNDO_MS);
    } catch (error) {
      this.host.fail(error, 'conversations.accept');
    } finally {
      this.busy = false;
      this.host.update();
    }
  }

  /** Forgets the offer: another conversation was opened, or its time ran out. */
  dismiss(): void {
    clearTimeout(this.timer);
    if (!this.undo) return;
    this.undo = null;
    this.host.update();
  }

  private async takeBack(agent: RingnityAgent, reason: string): Promise<void> {
    const undo = this.undo;
    if (!undo?.departmentId || this.busy) return;
    this.busy = true;
    this.dismiss();
    try {
      const state = { kind: 'transfer' as const, conversationId: undo.conversationId, busy: true, error: null };
      await runAction(agent, state, undo.departmentId, reason, this.host.effects);
    } catch (error) {
      this.host.fail(error, 'conversations.transfer');
    } finally {
      this.busy = false;
      this.host.update();
    }
  }

  render(agent: RingnityAgent, conversationId: string, t: InboxLabels): TemplateResult | typeof nothing {
    const undo = this.undo;
    if (undo?.conversationId !== conversationId) return nothing;
    return html`<p part="accept-status" class="accept-status" role="status">
      ${t.accepted}
      ${
        undo.departmentId
          ? html`<button part="undo-button" class="button" type="button" @click=${() => void this.takeBack(agent, t.undoAcceptReason)}>${t.undoAccept}</button>`
          : nothing
      }
    </p>`;
  }
}
