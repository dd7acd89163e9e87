import { useSyncExternalStore } from 'react';
import type { Store } from '../flow-store.js';

/** Subscribes a component to a Store and re-renders it on every update. */
export function useStore<State>(store: Store<State>): State {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
