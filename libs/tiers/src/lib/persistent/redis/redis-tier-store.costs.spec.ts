import { Redis } from 'ioredis';
import { FakeClock } from '../../core/clock';
import { OwnRedisServer } from '../../testing/own-redis-server';
import * as scripts from './redis-scripts';
import { RedisTierStore } from './redis-tier-store';

/**
 * Data commands Redis executed (the scripts' own calls), from INFO commandstats: script loading
 * (EVALSHA answered NOSCRIPT, then EVAL) and the measuring commands are left out.
 */
async function commandsExecuted(redis: Redis): Promise<number> {
  const info = await redis.info('commandstats');
  return [...info.matchAll(/cmdstat_([\w|]+):calls=(\d+)/g)]
    .filter(([, command]) => !['eval', 'evalsha', 'info', 'config|resetstat'].includes(command))
    .reduce((sum, [, , calls]) => sum + Number(calls), 0);
}

/**
 * Issue 12: an invalidation costs what it removes, never the tier's size. On a redis-server of
 * its own (so nothing else runs commands on it), the same operations are counted command by
 * command over a small tier and one fifty times larger: every script works through the dependency
 * sets and the per-key and per-type structures, so the counts are equal.
 */
describe('RedisTierStore: the cost of each operation does not grow with the tier', () => {
  let server: OwnRedisServer;
  let redis: Redis;

  beforeAll(async () => {
    // A port below Linux's ephemeral range (32768-60999), where an outgoing connection's local port
    // can keep a test's own server from binding.
    server = await OwnRedisServer.start(31_101);
    redis = new Redis(server.url);
  });

  afterAll(async () => {
    redis.disconnect();
    await server.kill();
  });

  it('uses no KEYS or SCAN in any script', () => {
    for (const script of Object.values(scripts)) {
      const source = (script as unknown as { source: string }).source;
      expect(source).not.toMatch(/'(KEYS|SCAN)'/i);
    }
  });

  it('runs as many commands for an invalidation, a read and a write over 5,000 entries as over 100', async () => {
    const counts: Record<string, number>[] = [];
    for (const size of [100, 5000]) {
      await redis.flushall();
      const clock = new FakeClock();
      const store = new RedisTierStore({ tier: 'warm', redis, keyPrefix: 'cost:', clock });
      const entry = (key: string, dependencies: string[]) => ({
        key,
        type: key.split(':')[0],
        json: '{}',
        dependencies,
        createdAt: clock.now(),
        expiresAt: clock.now() + 600_000,
        staleUntil: clock.now() + 900_000,
      });
      const pipeline = [];
      for (let index = 0; index < size; index++) {
        pipeline.push(store.set(entry(`context:task:${index}`, [`project:${index % 50}`]), 0));
      }
      await Promise.all(pipeline);
      for (const key of ['context:x:1', 'context:x:2', 'context:x:3']) {
        await store.set(entry(key, ['project:target']), 0);
      }
      const measured: Record<string, number> = {};
      const measure = async (name: string, work: () => Promise<unknown>) => {
        await redis.config('RESETSTAT');
        await work();
        measured[name] = await commandsExecuted(redis);
      };
      await measure('deleteByDependency', async () =>
        expect(await store.deleteByDependency('project:target')).toBe(3),
      );
      await measure('read', async () =>
        expect((await store.read(['context:task:7', 'context:none:1'])).entries.size).toBe(1),
      );
      await measure('set', () => store.set(entry('context:y:1', ['project:1']), 1));
      await measure('delete', () => store.delete('context:task:8'));
      await measure('stamp', () => store.stamp());
      counts.push(measured);
    }
    expect(counts[1]).toEqual(counts[0]);
  });
});
