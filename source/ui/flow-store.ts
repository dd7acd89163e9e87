/** A minimal external store for useSyncExternalStore: the presenter writes, the Ink tree reads. */
export class Store<State> {
  private listeners = new Set<() => void>();
  constructor(private state: State) {}

  /** The current state (stable between updates, as useSyncExternalStore requires). */
  get = (): State => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Replaces the state with `change(state)` and notifies the tree. */
  update(change: (state: State) => State): void {
    this.state = change(this.state);
    for (const listener of this.listeners) listener();
  }
}
