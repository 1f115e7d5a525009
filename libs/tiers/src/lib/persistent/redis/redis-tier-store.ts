import type { Redis } from 'ioredis';
import { entrySizeBytes } from '../../core/cache-entry';
import type { CacheEntry } from '../../core/cache-entry';
import { systemClock } from '../../core/clock';
import type { Clock } from '../../core/clock';
import type {
  InvalidationTarget,
  PersistentTierStore,
  SetOutcome,
  SetResult,
  Stamp,
  TierInvalidation,
  TierOccupancyReport,
  TierRead,
} from '../../core/tier-store';
import { EvictionTally } from '../eviction-tally';
import { occupancyReport } from '../occupancy-report';
import type { PersistentTierStoreOptions } from '../persistent-tier-store-options';
import { TierBudgets } from '../tier-budgets';
import type { PersistentTierName } from '../tier-budgets';
import { DEFAULT_TOMBSTONE_RETENTION_MS, scopesOfEntry, targetScope } from '../tombstone-scopes';
import { entryFromHash } from './redis-entry';
import {
  GET_SCRIPT,
  INVALIDATE_SCRIPT,
  OCCUPANCY_SCRIPT,
  PRUNE_TOMBSTONES_SCRIPT,
  SET_SCRIPT,
  STAMP_SCRIPT,
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
const OUTCOMES: readonly SetOutcome[] = ['stored', 'too-large', 'invalidated', 'stamp-expired'];

/**
 * The warm tier in Redis, shared by replicas. Every operation is one Lua script (redis-scripts.ts),
 * so an entry, its dependency index memberships and its type's byte total change together.
 */
export class RedisTierStore implements PersistentTierStore {
  readonly tier: PersistentTierName;
  readonly stampDomain: string;
  private readonly redis: Redis;
  /** The domain's prefix: the tiers' keys are under `<prefix><tier>:`, the tombstones under `<prefix>i:`. */
  private readonly prefix: string;
  private readonly budgets: TierBudgets;
  private readonly clock: Clock;
  private readonly tombstoneRetentionMs: number;
  private readonly evictions = new EvictionTally();

  constructor(options: RedisTierStoreOptions) {
    this.tier = options.tier;
    this.redis = options.redis;
    this.prefix = options.keyPrefix ?? 'strata:';
    const { host, port, db, path } = options.redis.options;
    this.stampDomain = `redis:${path ?? `${host}:${port}`}/${db ?? 0}/${this.prefix}`;
    this.budgets = new TierBudgets(options);
    this.clock = options.clock ?? systemClock;
    this.tombstoneRetentionMs = options.tombstoneRetentionMs ?? DEFAULT_TOMBSTONE_RETENTION_MS;
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    return (await this.read([key])).entries.get(key);
  }

  async getMany(keys: readonly string[]): Promise<Map<string, CacheEntry>> {
    return (await this.read(keys)).entries;
  }

  async read(keys: readonly string[]): Promise<TierRead> {
    const [stamp, ...hashes] = (await GET_SCRIPT.run(this.redis, [
      this.prefix,
      this.tier,
      this.clock.now(),
      ...new Set(keys),
    ])) as [number, ...string[][]];
    const entries = new Map<string, CacheEntry>();
    for (const hash of hashes) {
      const entry = entryFromHash(hash);
      entries.set(entry.key, entry);
    }
    return { entries, stamp: Number(stamp) };
  }

  async stamp(): Promise<Stamp> {
    return Number(await STAMP_SCRIPT.run(this.redis, [this.prefix, this.tier]));
  }

  async set(entry: CacheEntry, stamp: Stamp): Promise<SetResult> {
    const now = this.clock.now();
    const [evictedCount, outcome, current, ...evicted] = (await SET_SCRIPT.run(this.redis, [
      this.prefix,
      this.tier,
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
      entry.loadCost ?? '',
      entry.warmedBy ?? '',
      stamp,
      ...scopesOfEntry(entry),
    ])) as [number, number, number, ...string[][]];
    this.evictions.add(entry.type, evictedCount);
    const result = OUTCOMES[outcome] ?? 'stored';
    if (result === 'too-large') {
      return { outcome: result, evicted: now < entry.expiresAt ? [entry] : [], stamp: current };
    }
    return { outcome: result, evicted: evicted.map(entryFromHash), stamp: current };
  }

  async invalidate(
    target: InvalidationTarget,
    alsoTiers: readonly PersistentTierName[] = [],
  ): Promise<TierInvalidation> {
    const name =
      target.kind === 'key' ? target.key : target.kind === 'type' ? target.type : target.dependency;
    const [removed, stamp] = (await INVALIDATE_SCRIPT.run(this.redis, [
      this.prefix,
      this.tier,
      this.clock.now(),
      target.kind,
      name,
      targetScope(target),
      ...new Set([this.tier, ...alsoTiers]),
    ])) as [number, number];
    return { removed, stamp: Number(stamp) };
  }

  async delete(key: string): Promise<boolean> {
    return (await this.invalidate({ kind: 'key', key })).removed > 0;
  }

  async deleteByDependency(dependencyKey: string): Promise<number> {
    return (await this.invalidate({ kind: 'dependency', dependency: dependencyKey })).removed;
  }

  async deleteByType(type: string): Promise<number> {
    return (await this.invalidate({ kind: 'type', type })).removed;
  }

  async sweepExpired(): Promise<number> {
    let swept = 0;
    for (;;) {
      const removed = (await SWEEP_SCRIPT.run(this.redis, [
        this.prefix,
        this.tier,
        this.clock.now(),
        SWEEP_BATCH,
      ])) as number;
      swept += removed;
      if (removed < SWEEP_BATCH) {
        break;
      }
    }
    const horizon = this.clock.now() - this.tombstoneRetentionMs;
    while (
      ((await PRUNE_TOMBSTONES_SCRIPT.run(this.redis, [
        this.prefix,
        this.tier,
        horizon,
        SWEEP_BATCH,
      ])) as number) === SWEEP_BATCH
    ) {
      // One bounded batch per script, so Redis is never blocked for long.
    }
    return swept;
  }

  async occupancy(): Promise<TierOccupancyReport> {
    const flat = (await OCCUPANCY_SCRIPT.run(this.redis, [this.prefix, this.tier])) as string[];
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
