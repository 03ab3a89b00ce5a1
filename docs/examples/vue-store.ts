// Vue 3: any SDK store as a shallow ref. The store starts with the subscription and stops (aborting
// its requests) when the component's scope ends. Snapshots are frozen and replaced, never mutated,
// so a shallowRef is all the reactivity they need.
import { onScopeDispose, shallowRef, type ShallowRef } from 'vue';

/** The shape every SDK store has (`agent.conversations.live()`, `.thread(id)`, `agent.presence.store()`…). */
export interface ExternalStore<S> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): S;
}

/** Call in `setup()`: the store's snapshot, kept current until the component unmounts. */
export function useStore<S>(store: ExternalStore<S>): Readonly<ShallowRef<S>> {
  const state = shallowRef(store.getSnapshot());
  const unsubscribe = store.subscribe(() => (state.value = store.getSnapshot()));
  // The first subscriber may have changed the snapshot already (the store starts loading).
  state.value = store.getSnapshot();
  onScopeDispose(unsubscribe);
  return state;
}
