import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RingnityAgent, TypingChange } from '../../index.js';

/** A stop signal can be lost (a closed tab): an indicator nobody refreshes fades after this. */
const CUSTOMER_TYPING_TTL_MS = 8_000;
/** The agent counts as stopped after this long without a keystroke. */
const AGENT_IDLE_MS = 3_000;

/**
 * Typing both ways: shows which customers are typing, and tells the customer when the agent is,
 * with `chat.typing`. Only replies count: an agent writing an internal note is not typing to
 * the customer, and the customer must not be told so.
 */
export class TypingController implements ReactiveController {
  private readonly customers = new Map<string, { name: string; timer: ReturnType<typeof setTimeout> }>();
  private outgoing: { agent: RingnityAgent; conversationId: string; idle: ReturnType<typeof setTimeout> } | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.stop();
    for (const { timer } of this.customers.values()) clearTimeout(timer);
    this.customers.clear();
  }

  /** The name of the customer typing in this conversation, if one is. */
  customerTyping(conversationId: string | null): string | null {
    return conversationId ? this.customers.get(conversationId)?.name ?? null : null;
  }

  receive(change: TypingChange): void {
    if (change.by.type !== 'customer') return;
    const previous = this.customers.get(change.conversationId);
    if (previous) clearTimeout(previous.timer);
    if (change.isTyping) {
      const timer = setTimeout(() => this.clearCustomer(change.conversationId), CUSTOMER_TYPING_TTL_MS);
      this.customers.set(change.conversationId, { name: change.by.name, timer });
    } else {
      this.customers.delete(change.conversationId);
    }
    this.host.requestUpdate();
  }

  /** A customer message ends their typing, whether or not the stop signal arrives. */
  clearCustomer(conversationId: string): void {
    const entry = this.customers.get(conversationId);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.customers.delete(conversationId);
    this.host.requestUpdate();
  }

  /** Called on every keystroke in the reply box. */
  agentTyped(agent: RingnityAgent, conversationId: string, hasText: boolean): void {
    if (!hasText) return this.stop();
    if (this.outgoing && this.outgoing.conversationId !== conversationId) this.stop();
    if (!this.outgoing) {
      this.signal(agent, conversationId, true);
      this.outgoing = { agent, conversationId, idle: setTimeout(() => this.stop(), AGENT_IDLE_MS) };
      return;
    }
    clearTimeout(this.outgoing.idle);
    this.outgoing.idle = setTimeout(() => this.stop(), AGENT_IDLE_MS);
  }

  /** The agent sent, switched away, or went idle. */
  stop(): void {
    if (!this.outgoing) return;
    const { agent, conversationId, idle } = this.outgoing;
    clearTimeout(idle);
    this.outgoing = null;
    this.signal(agent, conversationId, false);
  }

  private signal(agent: RingnityAgent, conversationId: string, isTyping: boolean): void {
    // Typing is a hint: a failure (offline, a token without messages:write) must not interrupt writing.
    agent.conversations.typing(conversationId, isTyping).catch(() => {});
  }
}
