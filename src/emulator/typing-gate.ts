/**
 * Fewest milliseconds between two typing changes forwarded for one sender's socket in one
 * conversation: at most about three a second, which no person typing notices.
 */
export const TYPING_MIN_INTERVAL_MS = 300;
/** Conversations one socket's gate remembers; a socket typing in more forgets its idle ones first. */
const MAX_CONVERSATIONS = 100;

interface TypingState {
  /** What the receivers were last told. */
  sent: boolean;
  /** What the sender said last. */
  wanted: boolean;
  lastSentAt: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Typing from one socket, reduced to what receivers need: only changes of state, and at most one
 * per interval. A change that comes too soon is not lost: when the interval is over, the latest
 * state is sent if it still differs, so a burst of start/stop ends on the sender's last word.
 */
export class TypingGate {
  private readonly states = new Map<string, TypingState>();

  constructor(
    private readonly forward: (conversationId: string, isTyping: boolean) => void,
    private readonly intervalMs = TYPING_MIN_INTERVAL_MS,
  ) {}

  set(conversationId: string, isTyping: boolean): void {
    let state = this.states.get(conversationId);
    if (!state) {
      if (!isTyping) return;
      this.forgetIdle();
      state = { sent: false, wanted: false, lastSentAt: -Infinity, timer: undefined };
      this.states.set(conversationId, state);
    }
    state.wanted = isTyping;
    if (state.timer || isTyping === state.sent) return;
    const wait = state.lastSentAt + this.intervalMs - performance.now();
    if (wait <= 0) this.flush(conversationId, state);
    else state.timer = setTimeout(() => this.flush(conversationId, state), wait);
  }

  /** The sender is gone: whatever it left typing stops, at once. */
  close(): void {
    for (const [conversationId, state] of this.states) {
      clearTimeout(state.timer);
      if (state.sent) this.forward(conversationId, false);
    }
    this.states.clear();
  }

  private flush(conversationId: string, state: TypingState): void {
    state.timer = undefined;
    if (state.wanted === state.sent) return;
    state.sent = state.wanted;
    state.lastSentAt = performance.now();
    this.forward(conversationId, state.sent);
  }

  private forgetIdle(): void {
    if (this.states.size < MAX_CONVERSATIONS) return;
    for (const [conversationId, state] of this.states) {
      if (state.sent || state.wanted || state.timer) continue;
      this.states.delete(conversationId);
      if (this.states.size < MAX_CONVERSATIONS) return;
    }
    // Everything is live: the oldest entry gives way, stopped first so no indicator is left on.
    const [oldestId, oldest] = this.states.entries().next().value!;
    clearTimeout(oldest.timer);
    if (oldest.sent) this.forward(oldestId, false);
    this.states.delete(oldestId);
  }
}
