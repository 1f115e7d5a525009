import type { CacheEntry, TierName } from './cache-entry';

/** What a store knows about its own contents, overall or for one entry type. */
export interface TierOccupancy {
  entries: number;
  bytes: number;
  budgetBytes: number;
  /** Entries removed to stay within budget (not expiries, not invalidations). */
  evictions: number;
}

export interface TierOccupancyReport extends TierOccupancy {
  types: Record<string, TierOccupancy>;
}

/** Why an entry left the hot tier. */
export type HotDepartureReason = 'evicted' | 'expired' | 'invalidated' | 'replaced';

/** An entry leaving the hot tier: what memory efficiency and warming success are computed from. */
export interface HotDeparture {
  key: string;
  type: string;
  bytes: number;
  reason: HotDepartureReason;
  /** Whether the entry was read at least once between its admission and its departure. */
  readSinceAdmitted: boolean;
  warmedBy?: string;
}

export type HotDepartureListener = (departure: HotDeparture) => void;

/**
 * The hot tier: process memory, synchronous, bounded in bytes per type. Hit and miss counting
 * belongs to the tiered cache, which sees the whole read path; stores report occupancy.
 */
export interface HotTierStore {
  readonly tier: 'hot';
  /** The entry, or undefined when absent or past `staleUntil`; records the access for the policy. */
  get(key: string): CacheEntry | undefined;
  /**
   * Offers the entry to the tier (the admission policy may refuse it) and evicts what the byte
   * budget of its type requires; returns the entries evicted while still fresh, to demote.
   */
  set(entry: CacheEntry): CacheEntry[];
  delete(key: string): boolean;
  /** Removes every entry built from `dependencyKey` (or keyed by it), through an index. */
  deleteByDependency(dependencyKey: string): number;
  deleteByType(type: string): number;
  /** How often the key was asked for recently (resident or not): drives promotion from lower tiers. */
  frequency(key: string): number;
  occupancy(): TierOccupancyReport;
  /**
   * Calls the listener for every entry that leaves the tier from now on; returns the function
   * that stops it. Optional: stores that cannot tell do not offer it.
   */
  onDeparture?(listener: HotDepartureListener): () => void;
  close(): void;
}

/**
 * A persistent tier (warm or cold; database or Redis). Every call may fail or be slow: the
 * tiered cache wraps each store in a circuit breaker with a timeout.
 */
export interface PersistentTierStore {
  readonly tier: Exclude<TierName, 'hot'>;
  /** The entry, or undefined when absent or past `staleUntil`. Expired entries within grace are returned. */
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
  occupancy(): Promise<TierOccupancyReport>;
  close(): Promise<void>;
}
