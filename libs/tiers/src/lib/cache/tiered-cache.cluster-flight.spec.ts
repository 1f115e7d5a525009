import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { createDataSourceOptions, runMigrations } from '@strata/database';
import {
  createTestDatabase,
  databaseTargetsForTests,
  redisUrlForTests,
} from '@strata/database/testing';
import type { TestDatabase } from '@strata/database/testing';
import { InProcessInvalidationBus } from '../bus/in-process-invalidation-bus';
import { systemClock } from '../core/clock';
import type { LoadLock } from '../core/load-lock';
import type { PersistentTierStore } from '../core/tier-store';
import { HotTier } from '../hot';
import {
  DatabaseTierStore,
  TIER_ENTITIES,
  TIER_MIGRATIONS,
  TIER_MIGRATIONS_TABLE,
} from '../persistent';
import { DatabaseLeaseLock } from '../persistent/locks/database-lease-lock';
import { PostgresLoadLock } from '../persistent/locks/postgres-load-lock';
import { RedisLoadLock } from '../persistent/locks/redis-load-lock';
import { RedisTierStore } from '../persistent/redis/redis-tier-store';
import { FixedPlacementPolicy } from '../placement/fixed-placement-policy';
import { OwnRedisServer } from '../testing/own-redis-server';
import { TieredCache } from './tiered-cache';

const flight = { leaseMs: 5_000, waitMs: 3_000, pollMs: 10 };
const context = { type: 'context', dependencies: ['task:1'] };

/** Two replicas' caches, each over its own connections, sharing the warm tier and a load lock. */
interface Replica {
  cache: TieredCache;
  close(): Promise<void>;
}

function replicaOver(
  warm: PersistentTierStore,
  lock: LoadLock,
  close: () => Promise<void>,
): Replica {
  const cache = new TieredCache({
    hot: new HotTier({ clock: systemClock, sweepIntervalMs: 0 }),
    warm,
    placement: new FixedPlacementPolicy(),
    bus: new InProcessInvalidationBus(),
    clock: systemClock,
    breaker: { callTimeoutMs: 2_000 },
    clusterSingleFlight: { lock, ...flight },
  });
  return {
    cache,
    close: async () => {
      await cache.close();
      await warm.close();
      await lock.close();
      await close();
    },
  };
}

/** 40 concurrent first reads of one key on each replica, through a loader that takes 100 ms. */
async function concurrentMisses(replicas: readonly Replica[], key: string) {
  let loads = 0;
  const loader = async () => {
    loads += 1;
    await sleep(100);
    return { key, version: 1 };
  };
  const answers = await Promise.all(
    replicas.flatMap(({ cache }) =>
      Array.from({ length: 40 }, () => cache.getOrLoad(key, loader, context)),
    ),
  );
  return { loads, answers };
}

function expectOneLoad({ loads, answers }: Awaited<ReturnType<typeof concurrentMisses>>) {
  expect(loads).toBe(1);
  expect(new Set(answers.map((answer) => answer.json)).size).toBe(1);
  // The other replica's callers took the holder's value from the shared tier.
  expect(answers.some((answer) => answer.source === 'warm')).toBe(true);
}

for (const kind of databaseTargetsForTests()) {
  describe(`cluster-wide single flight on ${kind}`, () => {
    let database: TestDatabase;
    const connect = async () => {
      const dataSource = new DataSource(
        createDataSourceOptions({
          url: database.url,
          schema: database.schema,
          entities: TIER_ENTITIES,
          migrations: TIER_MIGRATIONS,
          migrationsTableName: TIER_MIGRATIONS_TABLE,
        }),
      );
      await dataSource.initialize();
      await runMigrations(dataSource);
      return dataSource;
    };

    beforeAll(async () => {
      database =
        kind === 'postgres'
          ? await createTestDatabase('postgres')
          : { url: 'sqlite::memory:', drop: async () => undefined };
    });

    afterAll(async () => {
      await database.drop();
    });

    it('loads once for concurrent misses on two caches', async () => {
      let replicas: Replica[];
      if (kind === 'postgres') {
        // Each replica with its own data source (pool) and its own lock session.
        replicas = await Promise.all(
          [0, 1].map(async () => {
            const dataSource = await connect();
            const lock = new PostgresLoadLock({
              connectionString: process.env['STRATA_TEST_POSTGRES_URL'],
              options: `-c search_path=${database.schema}`,
            });
            return replicaOver(
              new DatabaseTierStore({ tier: 'warm', dataSource, clock: systemClock }),
              lock,
              () => dataSource.destroy(),
            );
          }),
        );
      } else {
        // One process keeps one connection per SQLite file; the two caches share it, and the
        // lease rows are what two processes would share through the file.
        const dataSource = await connect();
        replicas = [0, 1].map((index) =>
          replicaOver(
            new DatabaseTierStore({ tier: 'warm', dataSource, clock: systemClock }),
            new DatabaseLeaseLock(dataSource, systemClock),
            async () => {
              if (index === 1) {
                await dataSource.destroy();
              }
            },
          ),
        );
      }
      try {
        expectOneLoad(await concurrentMisses(replicas, 'context:task:1'));
      } finally {
        for (const replica of replicas) {
          await replica.close();
        }
      }
    }, 20_000);
  });
}

const redisUrl = redisUrlForTests();

(redisUrl ? describe : describe.skip)('cluster-wide single flight on Redis', () => {
  it('loads once for concurrent misses on two caches, each with its own connection', async () => {
    const keyPrefix = `strata-test:${randomBytes(6).toString('hex')}:`;
    const clients = [new Redis(redisUrl ?? ''), new Redis(redisUrl ?? '')];
    const replicas = clients.map((redis) =>
      replicaOver(
        new RedisTierStore({ tier: 'warm', redis, keyPrefix, clock: systemClock }),
        new RedisLoadLock(redis, keyPrefix),
        async () => {
          await redis.del(...(await redis.keys(`${keyPrefix}*`)), `${keyPrefix}none`);
          await redis.quit();
        },
      ),
    );
    try {
      expectOneLoad(await concurrentMisses(replicas, 'context:task:1'));
    } finally {
      for (const replica of replicas) {
        await replica.close();
      }
    }
  }, 20_000);

  it('falls back to loading here, without an error, when the lock service is down', async () => {
    // A port below Linux's ephemeral range (32768-60999), where an outgoing connection's local port
    // can keep a test's own server from binding.
    const server = await OwnRedisServer.start(31_102);
    const lockClient = new Redis(server.url, {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => 200,
    });
    lockClient.on('error', () => undefined);
    const warmClient = new Redis(redisUrl ?? '');
    const keyPrefix = `strata-test:${randomBytes(6).toString('hex')}:`;
    const replica = replicaOver(
      new RedisTierStore({ tier: 'warm', redis: warmClient, keyPrefix, clock: systemClock }),
      new RedisLoadLock(lockClient, keyPrefix),
      async () => {
        lockClient.disconnect();
        await warmClient.del(...(await warmClient.keys(`${keyPrefix}*`)), `${keyPrefix}none`);
        await warmClient.quit();
      },
    );
    try {
      await server.kill();
      const answer = await replica.cache.getOrLoad('context:task:2', async () => 'loaded', context);
      expect(answer).toEqual({ json: '"loaded"', source: 'miss' });
      expect((await replica.cache.stats()).clusterFlight.lockUnavailable).toBe(1);
    } finally {
      await replica.close();
      await server.kill();
    }
  });
});
