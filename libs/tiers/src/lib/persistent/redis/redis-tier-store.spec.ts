import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { redisUrlForTests } from '@strata/database/testing';
import { FakeClock } from '../../core/clock';
import { describePersistentTierStoreContract } from '../persistent-tier-store.contract';
import type { PersistentStoreBackend } from '../persistent-tier-store.contract';
import { RedisTierStore } from './redis-tier-store';

const redisUrl = redisUrlForTests();

/** Deletes this suite's keys only: the Redis is shared, so never FLUSHDB. */
async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) {
      await redis.unlink(...keys);
    }
    cursor = next;
  } while (cursor !== '0');
}

/** Each store opened gets its own client, as a replica would; all share the suite's prefix. */
async function redisBackend(url: string): Promise<PersistentStoreBackend> {
  const keyPrefix = `strata-test:${randomBytes(6).toString('hex')}:`;
  const admin = new Redis(url);
  let clients: Redis[] = [];
  const restart = async () => {
    await Promise.all(clients.map((client) => client.quit()));
    clients = [];
  };
  return {
    async open(options) {
      const redis = new Redis(url);
      clients.push(redis);
      return new RedisTierStore({ ...options, redis, keyPrefix });
    },
    restart,
    clear: () => deleteKeys(admin, keyPrefix),
    async dispose() {
      await restart();
      await deleteKeys(admin, keyPrefix);
      await admin.quit();
    },
  };
}

if (redisUrl) {
  describePersistentTierStoreContract('RedisTierStore', () => redisBackend(redisUrl));

  describe('RedisTierStore', () => {
    const keyPrefix = `strata-test:${randomBytes(6).toString('hex')}:`;
    let redis: Redis;

    beforeAll(() => {
      redis = new Redis(redisUrl);
    });

    afterAll(async () => {
      await deleteKeys(redis, keyPrefix);
      await redis.quit();
    });

    it('lets Redis expire entries and dependency sets on its own, a margin after staleUntil', async () => {
      const clock = new FakeClock();
      const store = new RedisTierStore({ tier: 'warm', redis, keyPrefix, clock });
      await store.set(
        {
          key: 'task:1',
          type: 'task',
          json: '{}',
          dependencies: ['project:1'],
          createdAt: clock.now(),
          expiresAt: clock.now() + 10_000,
          staleUntil: clock.now() + 20_000,
        },
        0,
      );
      for (const key of [
        `${keyPrefix}warm:e:task:1`,
        `${keyPrefix}warm:d:project:1`,
        `${keyPrefix}warm:d:task:1`,
      ]) {
        const ttl = await redis.pttl(key);
        expect(ttl).toBeGreaterThan(20_000);
        expect(ttl).toBeLessThanOrEqual(80_000);
      }
    });

    it('keeps its accounting right when Redis expired an entry before the sweep', async () => {
      const clock = new FakeClock();
      const store = new RedisTierStore({ tier: 'warm', redis, keyPrefix, clock });
      const now = clock.now();
      await store.set(
        {
          key: 'user:1',
          type: 'user',
          json: '{}',
          dependencies: [],
          createdAt: now,
          expiresAt: now + 1000,
          staleUntil: now + 2000,
        },
        0,
      );
      await redis.del(`${keyPrefix}warm:e:user:1`);
      clock.advance(5000);

      expect(await store.sweepExpired()).toBe(1);
      expect((await store.occupancy()).types['user']).toMatchObject({ entries: 0, bytes: 0 });
    });
  });
} else {
  describe.skip('RedisTierStore (set STRATA_TEST_REDIS_URL to run)', () => {
    it('is skipped', () => undefined);
  });
}
