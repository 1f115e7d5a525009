/** Held by the one process loading a key; release it once the value is in a shared tier. */
export interface LoadLease {
  /**
   * Whether another process may have held the key and let go of it since this one looked in the
   * shared tiers: true for every lease taken where other processes take theirs. A miss looks up
   * the shared tiers before it takes the lock, and another process's whole load (lock, load,
   * write, release) fits in the gap between the two when the event loop is busy; a holder whose
   * lease says so looks once more before loading the key again.
   */
  readonly othersMayHaveLoaded: boolean;
  release(): Promise<void>;
}

/**
 * Cluster-wide single flight: a lock per key across every process sharing the tiers. A holder
 * that dies frees its keys (its lease runs out, or its session ends).
 */
export interface LoadLock {
  /** What the lock runs on, for logs and stats: `redis`, `postgres` or `sqlite`. */
  readonly kind: string;
  /**
   * Becomes the loader of `key` for at most `leaseMs`, or resolves undefined when another
   * holds it. Rejects when the lock service cannot answer: callers then load on their own.
   */
  tryAcquire(key: string, leaseMs: number): Promise<LoadLease | undefined>;
  close(): Promise<void>;
}
