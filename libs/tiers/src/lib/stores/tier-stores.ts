import Redis from 'ioredis';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { systemClock, type Clock } from '../core/clock';
import type { PersistentTierStore } from '../core/tier-store';
import { HotTier } from '../hot/hot-tier';
import { DatabaseTierStore } from '../persistent/database/database-tier-store';
import { RedisTierStore } from '../persistent/redis/redis-tier-store';

export interface TierStoresSpec {
  /** False (`STRATA_CACHE=off`): no store is opened, and the tiers' connection never connects. */
  enabled?: boolean;
  /** The database of the warm and cold tiers (and of the warm tier unless it is in Redis). */
  databaseUrl: string;
  /** PostgreSQL schema (tests). */
  schema?: string;
  warmStore: 'database' | 'redis';
  redisUrl?: string;
  /** Redis key prefix, so deployments and tests sharing a server stay apart. */
  redisKeyPrefix?: string;
  clock?: Clock;
}

/** The three stores of one process, and what they share. */
export interface TierStores {
  hot: HotTier;
  warm: PersistentTierStore;
  cold: PersistentTierStore;
  /** Closes what the stores share but do not own: the warm tier's Redis connection. */
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
  return {
    hot: new HotTier({ clock }),
    warm: redis
      ? new RedisTierStore({ tier: 'warm', redis, keyPrefix: spec.redisKeyPrefix, clock })
      : new DatabaseTierStore({ tier: 'warm', dataSource, clock }),
    cold: new DatabaseTierStore({ tier: 'cold', dataSource, clock }),
    release: async () => {
      redis?.disconnect();
    },
  };
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
