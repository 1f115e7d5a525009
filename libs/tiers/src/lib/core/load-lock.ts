/** Held by the one process loading a key; release it once the value is in a shared tier. */
export interface LoadLease {
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
