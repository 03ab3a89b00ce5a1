import type { AnyRealtimeEnvelope, ChatTypingRequest } from '../protocol/index.js';
import type { Unsubscribe } from './emitter.js';
import type { RingnityError } from './errors.js';
import type { ConnectionState } from './socket.js';

/** Where realtime delivery resumes after an accepted `agent.connect`: what `RealtimeSync.resume` takes. */
export interface ResumePoint {
  lastSeq: number;
  streamId?: string;
}

/**
 * The realtime connection as the rest of the agent sees it: the tab's own socket (`AgentSocket`),
 * or the connection of the leader tab that it shares (`TabShare`).
 */
export interface AgentTransport {
  readonly state: ConnectionState;
  onStateChange(listener: (state: ConnectionState, previous: ConnectionState) => void): Unsubscribe;
  onAuthenticated(listener: (point: ResumePoint) => void): Unsubscribe;
  onEnvelope(listener: (envelope: AnyRealtimeEnvelope) => void): Unsubscribe;
  onError(listener: (error: RingnityError) => void): Unsubscribe;
  open(): Promise<unknown>;
  whenConnected(): Promise<void>;
  sendTyping(request: ChatTypingRequest): boolean;
  request<T>(event: string, payload?: unknown, timeoutMs?: number): Promise<T>;
}
