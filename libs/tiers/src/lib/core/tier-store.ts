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
   * The entry as `get` would return it, without counting as a read: neither the policy nor
   * `readSinceAdmitted` hear of it (warming asks whether a key is present without using it).
   */
  peek(key: string): CacheEntry | undefined;
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
  /**
   * The entries held that are still fresh, without counting as reads: what a closing cache hands
   * down to the tier below. Optional: a store that cannot list its entries does not offer it.
   */
  fresh?(): CacheEntry[];
  close(): void;
}

/**
 * A shared store's invalidation counter as one of its reads saw it. Every invalidation raises the
 * counter and leaves a tombstone (its scope, at the new value) for a bounded window; a write
 * carrying a stamp is refused when a tombstone newer than the stamp covers the entry, so a value
 * obtained before an invalidation, on any replica, never lands after it.
 */
export type Stamp = number;

/** What one scope of invalidation names: a key, every entry built from a dependency, or a type. */
export type InvalidationTarget =
  | { kind: 'key'; key: string }
  | { kind: 'dependency'; dependency: string }
  | { kind: 'type'; type: string };

/** Entries read from a store, with its counter in the same snapshot (SQL statement, Lua script). */
export interface TierRead {
  entries: Map<string, CacheEntry>;
  stamp: Stamp;
}

/**
 * stored: the tier holds the entry. too-large: it exceeds its type's whole budget. invalidated:
 * a tombstone newer than the stamp covers it. stamp-expired: the stamp is older than the tombstones
 * the store still keeps, so it cannot tell.
 */
export type SetOutcome = 'stored' | 'too-large' | 'invalidated' | 'stamp-expired';

export interface SetResult {
  outcome: SetOutcome;
  /** Entries evicted while still fresh, for the caller to demote (the entry itself when too large). */
  evicted: CacheEntry[];
  /** The counter as the write found it before evicting: a stamp for demoting `evicted` in the domain. */
  stamp: Stamp;
}

/** What an invalidation did in a domain. */
export interface TierInvalidation {
  /** Entries removed. */
  removed: number;
  /**
   * The counter as the invalidation raised it. A stamp of the domain at least this high was read
   * after the invalidation, so after the write that caused it: what an operation holding such a
   * stamp loads afterwards cannot be older than that write.
   */
  stamp: Stamp;
}

/**
 * A persistent tier (warm or cold; database or Redis). Every call may fail or be slow: the
 * tiered cache wraps each store in a circuit breaker with a timeout.
 */
export interface PersistentTierStore {
  readonly tier: Exclude<TierName, 'hot'>;
  /**
   * Stores of one domain (both tiers of one database, or of one Redis key prefix) share one
   * counter and one set of tombstones, and `invalidate` removes from several of them atomically.
   */
  readonly stampDomain: string;
  /** The entry, or undefined when absent or past `staleUntil`. Expired entries within grace are returned. */
  get(key: string): Promise<CacheEntry | undefined>;
  getMany(keys: readonly string[]): Promise<Map<string, CacheEntry>>;
  /** `getMany` with the domain's counter read in the same snapshot. */
  read(keys: readonly string[]): Promise<TierRead>;
  /** The domain's counter now. */
  stamp(): Promise<Stamp>;
  /**
   * Stores the entry (replacing any with its key) unless a tombstone newer than `stamp` covers it
   * (its key, its type, its key or any dependency as a dependency), and evicts what the byte
   * budget of its type requires. Check and write are atomic against every invalidation of the
   * domain, on every replica.
   */
  set(entry: CacheEntry, stamp: Stamp): Promise<SetResult>;
  /**
   * Removes what the target names from this tier and from `alsoTiers` (tiers of the same domain)
   * in one atomic step, raising the counter and leaving a tombstone, also when nothing matched:
   * an invalidation applied late (a replay) still refuses older writes. Costs what it removes,
   * never a scan of the tier.
   */
  invalidate(
    target: InvalidationTarget,
    alsoTiers?: readonly Exclude<TierName, 'hot'>[],
  ): Promise<TierInvalidation>;
  /** invalidate({ kind: 'key', key }) in this tier: whether the entry was there. */
  delete(key: string): Promise<boolean>;
  /** Removes every entry that lists `dependencyKey` among its dependencies (or has it as key). */
  deleteByDependency(dependencyKey: string): Promise<number>;
  deleteByType(type: string): Promise<number>;
  /** Removes entries past `staleUntil`, and tombstones past their retention; run on a schedule. */
  sweepExpired(): Promise<number>;
  occupancy(): Promise<TierOccupancyReport>;
  close(): Promise<void>;
}
