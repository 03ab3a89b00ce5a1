import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TypingChange } from '../../index.js';

/** A stop signal can be lost (a closed tab): an indicator nobody refreshes fades after this. */
const CUSTOMER_TYPING_TTL_MS = 8_000;

/**
 * Which customers are typing, in every conversation of the list. (The agent's own typing goes
 * out through the open thread's store.)
 */
export class TypingController implements ReactiveController {
  private readonly customers = new Map<string, { name: string; timer: ReturnType<typeof setTimeout> }>();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    for (const { timer } of this.customers.values()) clearTimeout(timer);
    this.customers.clear();
  }

  /** The name of the customer typing in this conversation, if one is. */
  customerTyping(conversationId: string | null): string | null {
    return conversationId ? (this.customers.get(conversationId)?.name ?? null) : null;
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
}
