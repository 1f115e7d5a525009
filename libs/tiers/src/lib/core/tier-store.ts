import type { CacheEntry, TierName } from './cache-entry';

/** Counters every tier keeps, overall and per entry type. */
export interface TierCounters {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
  budgetBytes: number;
  evictions: number;
  promotions: number;
  demotions: number;
}

export interface TierStats extends TierCounters {
  types: Record<string, TierCounters>;
}

/**
 * What a persistent tier (warm or cold; database or Redis) offers the tiered cache. Every call
 * may fail or be slow: the tiered cache wraps each store in a circuit breaker with a timeout.
 */
export interface PersistentTierStore {
  readonly tier: TierName;
  /** The entry, or undefined when absent or past `staleUntil`. Expired-but-within-grace entries are returned. */
  get(key: string): Promise<CacheEntry | undefined>;
  getMany(keys: readonly string[]): Promise<Map<string, CacheEntry>>;
  /**
   * Stores the entry (replacing any with its key) and evicts what the byte budget of its type
   * requires; returns the entries evicted while still fresh, which the caller may demote.
   */
  set(entry: CacheEntry): Promise<CacheEntry[]>;
  delete(key: string): Promise<boolean>;
  /** Removes every entry that lists `dependencyKey` among its dependencies (or has it as key), without a full scan. */
  deleteByDependency(dependencyKey: string): Promise<number>;
  deleteByType(type: string): Promise<number>;
  /** Removes entries past `staleUntil`; run on a schedule. */
  sweepExpired(): Promise<number>;
  stats(): Promise<TierStats>;
  close(): Promise<void>;
}
