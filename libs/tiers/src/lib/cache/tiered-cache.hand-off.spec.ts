import { FakeClock } from '../core/clock';
import type { PlacementPolicy } from '../core/placement-policy';
import { HotTier } from '../hot/hot-tier';
import { createTestCache } from '../testing/create-test-cache';

/** Tasks live in the hot tier for a minute, contexts in warm for ten. */
const placement: PlacementPolicy = {
  place: ({ type }) =>
    type === 'task' ? { tier: 'hot', ttlSeconds: 60 } : { tier: 'warm', ttlSeconds: 600 },
};

const entry = (key: string) => ({ type: key.split(':')[0], dependencies: [key] });

function replica(options: { handOffOnClose?: number } = {}) {
  const clock = new FakeClock();
  const hot = new HotTier({ clock, sweepIntervalMs: 0 });
  return createTestCache({ placement, clock, hot, ...options });
}

describe('TieredCache.close hands what only the hot tier holds down to warm', () => {
  it('writes the fresh entries at home in hot into warm, and leaves the others where they are', async () => {
    const { cache, warm, clock } = replica();
    await cache.getOrLoad('task:1', async () => 'one', entry('task:1'));
    await cache.getOrLoad('task:2', async () => 'two', entry('task:2'));
    await cache.getOrLoad('context:1', async () => 'c', entry('context:1'));
    await cache.idle();
    expect(await warm.get('task:1')).toBeUndefined();
    clock.advance(30_000);
    await cache.getOrLoad('task:3', async () => 'three', entry('task:3'));
    // task:1 and task:2 expire at 60 s, task:3 at 90 s.
    clock.advance(40_000);
    const writes = warm.calls['set'] ?? 0;

    await cache.close();

    expect(await warm.get('task:3')).toMatchObject({ json: '"three"' });
    expect(await warm.get('task:1')).toBeUndefined();
    // context:1 was already in warm: not written again.
    expect((warm.calls['set'] ?? 0) - writes).toBe(1);
    expect((await cache.stats()).tiers.hot.demotions).toBe(1);
  });

  it('never hands down a value that an invalidation on another replica has overtaken', async () => {
    const { cache, warm } = replica();
    await cache.getOrLoad('task:1', async () => 'old', entry('task:1'));
    // Another replica's write removes task:1 from the shared tiers (leaving its tombstone); this
    // replica's bus is down, so its hot tier keeps the old value.
    await warm.invalidate({ kind: 'key', key: 'task:1' });

    await cache.close();

    expect(await warm.get('task:1')).toBeUndefined();
    // Refused by the tier's tombstone, not skipped.
    expect((await cache.stats()).refusedWrites).toBe(1);
  });

  it('hands down nothing when told not to', async () => {
    const { cache, warm } = replica({ handOffOnClose: 0 });
    await cache.getOrLoad('task:1', async () => 'one', entry('task:1'));
    await cache.close();
    expect(await warm.get('task:1')).toBeUndefined();
  });
});
