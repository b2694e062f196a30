// Shared by the providers' "nothing cached" tests: a memory store that records every set().
// Structural types: this folder is outside every package, so it imports none.
interface Store<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, token: T): Promise<void>;
  delete(key: string, accessToken?: string): Promise<void>;
}

/** Wrap `store` (e.g. a new MemoryTokenStore) so that every token written lands in `sets`. */
export function recordingStore<T>(store: Store<T>): { store: Store<T>; sets: T[] } {
  const sets: T[] = [];
  return {
    sets,
    store: {
      get: (k) => store.get(k),
      set: (k, t) => {
        sets.push(t);
        return store.set(k, t);
      },
      delete: (k, v) => store.delete(k, v),
    },
  };
}
