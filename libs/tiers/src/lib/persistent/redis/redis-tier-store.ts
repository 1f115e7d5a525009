import type { Redis } from 'ioredis';
import { entrySizeBytes } from '../../core/cache-entry';
import type { CacheEntry } from '../../core/cache-entry';
import { systemClock } from '../../core/clock';
import type { Clock } from '../../core/clock';
import type { PersistentTierStore, TierOccupancyReport } from '../../core/tier-store';
import { EvictionTally } from '../eviction-tally';
import { occupancyReport } from '../occupancy-report';
import type { PersistentTierStoreOptions } from '../persistent-tier-store-options';
import { TierBudgets } from '../tier-budgets';
import type { PersistentTierName } from '../tier-budgets';
import { entryFromHash } from './redis-entry';
import {
  DELETE_BY_DEPENDENCY_SCRIPT,
  DELETE_BY_TYPE_SCRIPT,
  DELETE_SCRIPT,
  GET_SCRIPT,
  OCCUPANCY_SCRIPT,
  SET_SCRIPT,
  SWEEP_SCRIPT,
} from './redis-scripts';

export interface RedisTierStoreOptions extends PersistentTierStoreOptions {
  /** The client; the caller owns it (and chooses its timeouts and retries). */
  redis: Redis;
  /** Namespaces every key, so deployments and test suites sharing a Redis never collide. */
  keyPrefix?: string;
}

/**
 * Freshness is decided by the injected clock, never by Redis: every read checks `staleUntil`
 * itself. Redis expiry is only a safety net against leaks, so it is set relative to now (which
 * also makes it immune to skew between this host's clock and the server's) to the remaining
 * life of the entry plus this margin; the sweep normally removes entries before that.
 */
const EXPIRY_MARGIN_MS = 60_000;
/** Entries removed per sweep script, so one call never blocks Redis for long. */
const SWEEP_BATCH = 500;

/**
 * The warm tier in Redis, shared by replicas. Every operation is one Lua script (redis-scripts.ts),
 * so an entry, its dependency index memberships and its type's byte total change together.
 */
export class RedisTierStore implements PersistentTierStore {
  readonly tier: PersistentTierName;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly budgets: TierBudgets;
  private readonly clock: Clock;
  private readonly evictions = new EvictionTally();

  constructor(options: RedisTierStoreOptions) {
    this.tier = options.tier;
    this.redis = options.redis;
    this.prefix = `${options.keyPrefix ?? 'strata:'}${options.tier}:`;
    this.budgets = new TierBudgets(options);
    this.clock = options.clock ?? systemClock;
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    return (await this.getMany([key])).get(key);
  }

  async getMany(keys: readonly string[]): Promise<Map<string, CacheEntry>> {
    const found = new Map<string, CacheEntry>();
    if (keys.length === 0) {
      return found;
    }
    const hashes = (await GET_SCRIPT.run(this.redis, [
      this.prefix,
      this.clock.now(),
      ...new Set(keys),
    ])) as string[][];
    for (const hash of hashes) {
      const entry = entryFromHash(hash);
      found.set(entry.key, entry);
    }
    return found;
  }

  async set(entry: CacheEntry): Promise<CacheEntry[]> {
    const now = this.clock.now();
    const [evictedCount, refused, ...evicted] = (await SET_SCRIPT.run(this.redis, [
      this.prefix,
      entry.key,
      entry.type,
      entry.json,
      JSON.stringify(entry.dependencies),
      entry.createdAt,
      entry.expiresAt,
      entry.staleUntil,
      entry.band ?? '',
      entrySizeBytes(entry),
      now,
      this.budgets.budgetFor(entry.type),
      Math.max(entry.staleUntil - now, 0) + EXPIRY_MARGIN_MS,
    ])) as [number, number, ...string[][]];
    this.evictions.add(entry.type, evictedCount);
    if (refused) {
      return now < entry.expiresAt ? [entry] : [];
    }
    return evicted.map(entryFromHash);
  }

  async delete(key: string): Promise<boolean> {
    return ((await DELETE_SCRIPT.run(this.redis, [this.prefix, key])) as number) > 0;
  }

  async deleteByDependency(dependencyKey: string): Promise<number> {
    return (await DELETE_BY_DEPENDENCY_SCRIPT.run(this.redis, [
      this.prefix,
      dependencyKey,
    ])) as number;
  }

  async deleteByType(type: string): Promise<number> {
    return (await DELETE_BY_TYPE_SCRIPT.run(this.redis, [this.prefix, type])) as number;
  }

  async sweepExpired(): Promise<number> {
    let swept = 0;
    for (;;) {
      const removed = (await SWEEP_SCRIPT.run(this.redis, [
        this.prefix,
        this.clock.now(),
        SWEEP_BATCH,
      ])) as number;
      swept += removed;
      if (removed < SWEEP_BATCH) {
        return swept;
      }
    }
  }

  async occupancy(): Promise<TierOccupancyReport> {
    const flat = (await OCCUPANCY_SCRIPT.run(this.redis, [this.prefix])) as string[];
    const contents = [];
    for (let index = 0; index < flat.length; index += 3) {
      contents.push({
        type: flat[index],
        entries: Number(flat[index + 1]),
        bytes: Number(flat[index + 2]),
      });
    }
    return occupancyReport(contents, this.budgets, this.evictions.byType);
  }

  /** The client stays open: its owner closes it. */
  async close(): Promise<void> {
    return undefined;
  }
}
