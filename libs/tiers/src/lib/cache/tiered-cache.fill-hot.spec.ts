import { FakeClock } from '../core/clock';
import type { PlacementPolicy } from '../core/placement-policy';
import { createTestCache } from '../testing/create-test-cache';
import { InMemoryPersistentTierStore } from '../testing/in-memory-persistent-tier-store';
import { UnreachableTierStore } from '../testing/unreachable-tier-store';

/** Tasks live in warm for 10 minutes, templates in cold for an hour. */
const placement: PlacementPolicy = {
  place: ({ type }) =>
    type === 'template' ? { tier: 'cold', ttlSeconds: 3600 } : { tier: 'warm', ttlSeconds: 600 },
};

const entry = (key: string) => ({ type: key.split(':')[0], dependencies: [key] });

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('TieredCache.fillHot', () => {
  it('copies fresh warm and cold entries into hot, marked with the strategy, without a loader', async () => {
    const { cache, hot } = createTestCache({ placement });
    await cache.set('task:1', 'one', entry('task:1'));
    await cache.set('template:1', 'tpl', entry('template:1'));
    await cache.idle();
    expect(hot.peek('task:1')).toBeUndefined();

    const fills = await cache.fillHot({
      keys: ['task:1', 'template:1', 'task:2'],
      strategy: 'startup',
      maxBytes: 10_000,
    });

    expect(fills).toEqual([
      expect.objectContaining({ key: 'task:1', outcome: 'copied', from: 'warm' }),
      expect.objectContaining({ key: 'template:1', outcome: 'copied', from: 'cold' }),
      { key: 'task:2', outcome: 'absent' },
    ]);
    expect(hot.peek('task:1')).toMatchObject({ json: '"one"', warmedBy: 'startup' });
    const loader = jest.fn(async () => 'never');
    await expect(cache.getOrLoad('task:1', loader, entry('task:1'))).resolves.toMatchObject({
      source: 'hot',
    });
    expect(loader).not.toHaveBeenCalled();
    const stats = await cache.stats();
    // Only the read above counts as a request; the fill's lookups are nobody's read.
    expect(stats.requests).toBe(1);
    expect(stats.tiers.hot.promotions).toBe(2);
  });

  it('skips expired entries and keys the hot tier already holds fresh', async () => {
    const { cache, clock } = createTestCache({ placement });
    await cache.set('task:1', 'old', entry('task:1'));
    await cache.idle();
    clock.advance(600_000);
    await cache.set('task:2', 'new', entry('task:2'));
    await cache.idle();
    await cache.fillHot({ keys: ['task:2'], strategy: 'startup', maxBytes: 10_000 });

    const fills = await cache.fillHot({
      keys: ['task:1', 'task:2'],
      strategy: 'startup',
      maxBytes: 10_000,
    });
    expect(fills.map(({ outcome }) => outcome)).toEqual(['expired', 'present']);
  });

  it('never copies what an invalidation heard while it read has outdated', async () => {
    const gate = deferred();
    let holdReads = false;
    const clock = new FakeClock();
    const warm = new InMemoryPersistentTierStore({
      tier: 'warm',
      clock,
      beforeCall: (method) => (holdReads && method === 'read' ? gate.promise : Promise.resolve()),
    });
    const { cache, hot, bus } = createTestCache({ placement, clock, warm });
    await cache.set('task:1', 'v1', entry('task:1'));
    await cache.idle();
    hot.delete('task:1');
    holdReads = true;
    const filling = cache.fillHot({ keys: ['task:1'], strategy: 'startup', maxBytes: 10_000 });
    // Another replica's write is heard while the read is under way; the store answers after it
    // with what it held before the writer's delete reached it.
    await bus.publish({ kind: 'key', key: 'task:1', origin: 'replica-c' });
    gate.resolve();
    await expect(filling).resolves.toEqual([{ key: 'task:1', outcome: 'outdated' }]);
    expect(hot.peek('task:1')).toBeUndefined();
  });

  it('stops at the byte allowance and reports the rest over budget', async () => {
    const { cache, hot } = createTestCache({ placement });
    for (const key of ['task:1', 'task:2', 'task:3']) {
      await cache.set(key, 'x'.repeat(100), entry(key));
    }
    await cache.idle();
    const fills = await cache.fillHot({
      keys: ['task:1', 'task:2', 'task:3'],
      strategy: 'startup',
      maxBytes: 250,
    });
    expect(fills.map(({ outcome }) => outcome)).toEqual(['copied', 'copied', 'over-budget']);
    expect(fills.reduce((sum, fill) => sum + (fill.bytes ?? 0), 0)).toBeLessThanOrEqual(250);
    expect(hot.peek('task:3')).toBeUndefined();
  });

  it('answers unavailable when no persistent tier answers', async () => {
    const { cache } = createTestCache({
      placement,
      warm: new UnreachableTierStore('warm', 'failing'),
      cold: new UnreachableTierStore('cold', 'failing'),
    });
    await expect(
      cache.fillHot({ keys: ['task:1'], strategy: 'startup', maxBytes: 10_000 }),
    ).resolves.toEqual([{ key: 'task:1', outcome: 'unavailable' }]);
  });
});
