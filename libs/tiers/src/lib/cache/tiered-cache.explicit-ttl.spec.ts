import { createTestCache } from '../testing/create-test-cache';

const task = { type: 'task', dependencies: ['task:1'] };

/** A lifetime chosen per value (ttlMsOf) instead of the placement policy's TTL for the type. */
describe('TieredCache explicit lifetimes', () => {
  it('expires a set value after its own lifetime in milliseconds, in its placed tier', async () => {
    const { cache, clock, warm } = createTestCache();
    await cache.set('task:1', 'v1', { ...task, ttlMsOf: () => 1500 });

    expect((await warm.get('task:1'))?.expiresAt).toBe(clock.now() + 1500);
    clock.advance(1499);
    expect(await cache.get('task:1')).toEqual({ json: '"v1"', source: 'warm' });
    clock.advance(1);
    expect(await cache.get('task:1')).toBeUndefined();
  });

  it('reads the lifetime off the loaded value', async () => {
    const { cache, clock } = createTestCache();
    const options = { ...task, ttlMsOf: (value: { ttl: number }) => value.ttl };
    await cache.getOrLoad('task:1', async () => ({ ttl: 20 }), options);

    clock.advance(19);
    expect(await cache.get('task:1')).toBeDefined();
    clock.advance(1);
    expect(await cache.get('task:1')).toBeUndefined();
  });

  it.each([undefined, 0, -5, Number.NaN, Number.POSITIVE_INFINITY])(
    'falls back to the placement TTL when the lifetime is %p',
    async (ttlMs) => {
      const { cache, clock } = createTestCache();
      await cache.set('task:1', 'v1', { ...task, ttlMsOf: () => ttlMs });

      // The medium placement of a task: 300 s.
      clock.advance(299_999);
      expect(await cache.get('task:1')).toBeDefined();
      clock.advance(1);
      expect(await cache.get('task:1')).toBeUndefined();
    },
  );
});
