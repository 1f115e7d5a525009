import Redis from 'ioredis';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import type { ClusterSingleFlightOptions } from '../cache/cluster-single-flight';
import { systemClock, type Clock } from '../core/clock';
import type { LoadLock } from '../core/load-lock';
import type { PersistentTierStore } from '../core/tier-store';
import { HotTier } from '../hot/hot-tier';
import { DatabaseTierStore } from '../persistent/database/database-tier-store';
import { DatabaseLeaseLock } from '../persistent/locks/database-lease-lock';
import { PostgresLoadLock } from '../persistent/locks/postgres-load-lock';
import { RedisLoadLock } from '../persistent/locks/redis-load-lock';
import { RedisTierStore } from '../persistent/redis/redis-tier-store';
import {
  DEFAULT_SHARED_TIER_CONFIG,
  type SharedTierConfig,
} from '../persistent/shared-tier-config';

export interface TierStoresSpec {
  /** False (`STRATA_CACHE=off`): no store is opened, and the tiers' connection never connects. */
  enabled?: boolean;
  /** The database of the warm and cold tiers (and of the warm tier unless it is in Redis). */
  databaseUrl: string;
  /** PostgreSQL schema (tests). */
  schema?: string;
  /** How long one statement may wait (DatabaseTimeouts.statementTimeoutMs); unset: the default. */
  statementTimeoutMs?: number;
  warmStore: 'database' | 'redis';
  redisUrl?: string;
  /** Redis key prefix, so deployments and tests sharing a server stay apart. */
  redisKeyPrefix?: string;
  clock?: Clock;
  /** Tombstone retention and the load lock; DEFAULT_SHARED_TIER_CONFIG when unset. */
  sharedTiers?: SharedTierConfig;
}

/** The three stores of one process, and what they share. */
export interface TierStores {
  hot: HotTier;
  warm: PersistentTierStore;
  cold: PersistentTierStore;
  /** The persistent tiers' breakers: the call bound configured for the shared tiers. */
  breaker: { callTimeoutMs: number };
  /** Cluster-wide single flight over the lock the deployment has; unset when turned off. */
  clusterSingleFlight?: ClusterSingleFlightOptions;
  /** Closes what the stores share but do not own: the load lock and the warm tier's Redis connection. */
  release(): Promise<void>;
}

/** The stores over the tiers' (migrated) data source and, for a warm tier in Redis, a connection. */
export async function createTierStores(
  spec: TierStoresSpec,
  dataSource: DataSource,
): Promise<TierStores> {
  const clock = spec.clock ?? systemClock;
  const redis = spec.warmStore === 'redis' ? connectRedis(spec.redisUrl) : undefined;
  if (redis) {
    await settled(redis, 2000);
  }
  const shared = spec.sharedTiers ?? DEFAULT_SHARED_TIER_CONFIG;
  const options = { clock, tombstoneRetentionMs: shared.tombstoneRetentionMs };
  const { mode, ...flight } = shared.loadLock;
  const lock = mode === 'off' ? undefined : loadLockFor(spec, dataSource, redis, clock);
  return {
    hot: new HotTier({ clock }),
    warm: redis
      ? new RedisTierStore({ tier: 'warm', redis, keyPrefix: spec.redisKeyPrefix, ...options })
      : new DatabaseTierStore({ tier: 'warm', dataSource, ...options }),
    cold: new DatabaseTierStore({ tier: 'cold', dataSource, ...options }),
    breaker: { callTimeoutMs: shared.callTimeoutMs },
    ...(lock === undefined ? {} : { clusterSingleFlight: { lock, ...flight } }),
    release: async () => {
      await lock?.close();
      redis?.disconnect();
    },
  };
}

/**
 * Redis when the warm tier is there (it is then the shared service every replica reaches),
 * PostgreSQL advisory locks on a dedicated session otherwise, and on SQLite a lease table in
 * the tiers' file, which is what the processes of the embedded default share.
 */
function loadLockFor(
  spec: TierStoresSpec,
  dataSource: DataSource,
  redis: Redis | undefined,
  clock: Clock,
): LoadLock {
  if (redis) {
    return new RedisLoadLock(redis, spec.redisKeyPrefix);
  }
  if (dataSource.options.type === 'postgres') {
    return new PostgresLoadLock({
      connectionString: spec.databaseUrl,
      ...(spec.schema ? { options: `-c search_path=${spec.schema}` } : {}),
    });
  }
  return new DatabaseLeaseLock(dataSource, clock);
}

function connectRedis(url: string | undefined): Redis {
  if (!url) {
    throw new Error('a warm tier in Redis needs a Redis URL');
  }
  // Fail fast rather than queue: the tiered cache's circuit breaker skips a Redis that is down.
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: 1000,
  });
  // Errors reach the callers of each command; the connection itself reconnects on its own.
  redis.on('error', () => undefined);
  return redis;
}

/** Gives a new connection a moment to come up, so the first reads do not trip the breaker; never fails. */
async function settled(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') {
    return;
  }
  await Promise.race([once(redis, 'ready'), sleep(timeoutMs)]);
}
