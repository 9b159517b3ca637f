// Per-object state for /cache: when the origin first saw it and how many full bodies it
// has produced (the generation), so a test can tell a fresh fetch from a cached copy.

export interface ObjectState {
  /** Epoch ms, whole seconds: the object's Last-Modified. */
  createdAt: number;
  /** Full (2xx with body) responses produced so far. */
  generation: number;
}

export class ObjectLedger {
  #objects = new Map<string, ObjectState>();

  /** The object's state, created on first sight at `now`. */
  get(key: string, now: number): ObjectState {
    let state = this.#objects.get(key);
    if (!state) {
      state = { createdAt: Math.floor(now / 1000) * 1000, generation: 0 };
      this.#objects.set(key, state);
    }
    return state;
  }

  /** Counts one more full response and returns its generation (1, 2, ...). */
  bump(key: string, now: number): number {
    return ++this.get(key, now).generation;
  }
}
