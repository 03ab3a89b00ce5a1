import type { RealtimeEventName } from '../../protocol/index.js';
import type { Unsubscribe } from '../emitter.js';
import type { RealtimeListener } from '../realtime.js';

/** The realtime stream as the stores see it: events, delivered once and in order, and resyncs. */
export interface LiveSource {
  on<N extends RealtimeEventName>(name: N, listener: RealtimeListener<N>): Unsubscribe;
  /** Events were lost for good: reload. */
  onResync(listener: () => void): Unsubscribe;
}
