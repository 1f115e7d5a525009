import type { TierName, VolatilityBand } from '../core/cache-entry';
import type { CacheObserver } from './cache-observer';
import type { CacheStats } from './cache-stats';
import type { HotFill, HotFillRequest } from './hot-fill';
import type { FreshHitListener, WarmRequest, WarmResult } from './warm-request';

/** Where an answer came from; the api sends it as the `x-cache` header. */
export type CacheSource = TierName | 'miss' | 'stale';

export interface CachedValue {
  /** The value as JSON text, serialised once when it was loaded: callers answer HTTP with it. */
  json: string;
  source: CacheSource;
  /** The source statements the load that built the value ran, when measured (CacheEntry.loadCost). */
  loadCost?: number;
}

export interface EntryOptions<T = unknown> {
  /** Entry type (`task`, `project`, …, `context`): placement, budgets and statistics are per type. */
  type: string;
  /** Entity keys the value is built from, known before loading: invalidating any removes the entry. */
  dependencies: readonly string[];
  /**
   * Further entity keys read off the loaded value, when they are only known once it is loaded
   * (a resolved context's chain). A load with them is shared only by callers arriving before any
   * invalidation at all, since which ones would concern it is not known yet.
   */
  dependenciesOf?(value: T): readonly string[];
  /**
   * The entry's lifetime in milliseconds, chosen by the caller for this value (the cache-manager
   * API sets one per call). Unset, or not a positive finite number: the placement policy's TTL for
   * the type. The home tier is the placement policy's either way.
   */
  ttlMsOf?(value: T): number | undefined;
}

/**
 * What a loader may build its value on besides the source of truth: values the shared tiers hold
 * fresh (DESIGN §3's warm and cold tiers, which every write invalidates before it returns; never
 * a replica's own hot tier, which another replica's write reaches only through the bus). Read in
 * the load's own invalidation order, and binding on the loaded entry: it depends on whatever the
 * values it was built on depend on, lives no longer than they do, and is not stored when an
 * invalidation of one of them comes before its value is.
 */
export interface LoadBasis {
  /** The JSON text of a fresh, not invalidated entry of `key` in a shared tier; else undefined. */
  sharedValue(key: string): Promise<string | undefined>;
  /**
   * Offers a value the load obtained on its way that is an entry of its own (a resolved ancestor
   * the walk to the source went past, which the next load of a sibling can build on). It is
   * stored behind the answer in its shared home tier under the load's invalidation order, as the
   * load's own value is, depending on what that value's basis depends on, and nowhere when the
   * load is overtaken. A by-product, never worth a wait: dropped when its home is the hot tier,
   * when the shared tiers' fills are backed up, and for a warming load (a strategy warms what it
   * chose, and its marked entries are not to be replaced by unmarked copies).
   */
  offer<T>(key: string, value: T, options: EntryOptions<T>): void;
}

/**
 * Reads the value from the source of truth, optionally building on cached values through the
 * basis; it must be serialisable to JSON.
 */
export type Loader<T = unknown> = (basis: LoadBasis) => Promise<T>;

export interface LoadRequest<T = unknown> extends EntryOptions<T> {
  key: string;
  load: Loader<T>;
}

/** What `GET /v1/cache/entries/:key` shows about one entry. */
export interface EntryInfo {
  key: string;
  /** The highest tier holding the entry: the one a read is answered from. */
  tier: TierName;
  /** Every tier holding a copy. */
  tiers: TierName[];
  type: string;
  /** Seconds until the entry expires; 0 once it has (it may still be served stale). */
  ttlSeconds: number;
  expiresAt: string;
  staleUntil: string;
  createdAt: string;
  dependencies: readonly string[];
  band?: VolatilityBand;
  sizeBytes: number;
}

/**
 * The cache the api reads through. Two implementations: TieredCache, and PassThroughCache for
 * `STRATA_CACHE=off`, which always asks the loader. An abstract class rather than an interface so
 * that it also serves as the Nest injection token.
 */
export abstract class StrataCache {
  /** A fresh value from any tier, or undefined; never calls a loader. */
  abstract get(key: string): Promise<CachedValue | undefined>;
  /** Fresh values for the keys found in any tier: one batch call per tier. */
  abstract getMany(keys: readonly string[]): Promise<Map<string, CachedValue>>;
  /**
   * The cached value, or the loader's, stored where the placement policy says. Concurrent calls
   * for one key share one loader call and its outcome.
   */
  abstract getOrLoad<T>(
    key: string,
    load: Loader<T>,
    options: EntryOptions<T>,
  ): Promise<CachedValue>;
  /**
   * getOrLoad for many keys at once, answered in request order, with one batch read per tier;
   * rejects with the first loader failure that no stale value answers (the other loads still land).
   */
  abstract loadMany(requests: readonly LoadRequest[]): Promise<CachedValue[]>;
  /** Replaces the value of `key` in every tier with this one. */
  abstract set<T>(key: string, value: T, options: EntryOptions<T>): Promise<void>;
  /** Removes the key from every tier (and other replicas' hot tiers); true when a tier held it. */
  abstract delete(key: string): Promise<boolean>;
  /** Removes every entry built from `dependencyKey`, or keyed by it; returns how many were removed. */
  abstract invalidate(dependencyKey: string): Promise<number>;
  /** Removes every entry of the type; returns how many were removed. */
  abstract invalidateType(type: string): Promise<number>;
  /**
   * Invalidations a shared tier has not confirmed: it was down, its circuit open, or the call
   * outlasted its bound (on PostgreSQL the transaction may still be waiting for a lock). Each is
   * replayed, but from this process's memory only, so a durable record of a write (the
   * invalidation outbox) may be settled only while this is 0; a crash then leaves it for the
   * replay at the next start.
   */
  abstract pendingInvalidations(): number;
  abstract entryInfo(key: string): Promise<EntryInfo | undefined>;
  /** Removes expired entries from the persistent tiers (the hot tier sweeps itself); run on a schedule. */
  abstract sweepExpired(): Promise<number>;
  abstract stats(): Promise<CacheStats>;
  /** Tells `observer` of every answer and hot-tier departure from now on; returns the unsubscribe. */
  abstract observe(observer: CacheObserver): () => void;
  /**
   * Loads the key ahead of any read through the path a miss takes (single flight, invalidation
   * epochs and stamps, admission, placement and budgets); the stored entry carries `warmedBy`.
   * Never counted as an answer.
   */
  abstract warm<T>(request: WarmRequest<T>): Promise<WarmResult>;
  /**
   * Copies the fresh entries the persistent tiers hold for the keys into the hot tier, within a
   * byte allowance, and never calls a loader (start-up warming); answers how each key came out,
   * in request order. Nothing older than an invalidation this replica has heard of is copied.
   */
  abstract fillHot(request: HotFillRequest): Promise<HotFill[]>;
  /** Calls the listener for every read a fresh entry answered from now on; returns the unsubscribe. */
  abstract onFreshHit(listener: FreshHitListener): () => void;
  /** Stops listening to the bus and waits for writes still under way; the stores stay open. */
  abstract close(): Promise<void>;
}
