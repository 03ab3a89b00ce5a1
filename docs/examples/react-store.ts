// React 19: any SDK store as component state. `useSyncExternalStore` subscribes on mount
// (which starts the store), re-renders when the snapshot's identity changes, and unsubscribes on
// unmount (which stops it and aborts its requests).
import { useMemo, useSyncExternalStore } from 'react';

/** The shape every SDK store has (`agent.conversations.live()`, `.thread(id)`, `agent.presence.store()`…). */
export interface ExternalStore<S> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): S;
}

/** Makes the store once per `deps` and answers its current snapshot and the store (for its actions). */
export function useStore<T extends ExternalStore<unknown>>(create: () => T, deps: readonly unknown[]): [ReturnType<T['getSnapshot']>, T] {
  const store = useMemo(create, deps);
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot) as ReturnType<T['getSnapshot']>;
  return [snapshot, store];
}
