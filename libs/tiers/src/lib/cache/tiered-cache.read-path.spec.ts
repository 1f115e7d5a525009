import type { CacheEntry } from '../core/cache-entry';
import type { Placement, PlacementPolicy } from '../core/placement-policy';
import { createTestCache } from '../testing/create-test-cache';
import { InMemoryHotTierStore } from '../testing/in-memory-hot-tier-store';
import { InMemoryPersistentTierStore } from '../testing/in-memory-persistent-tier-store';

const task = { type: 'task', dependencies: ['task:1'] };

function placeEverything(placement: Omit<Placement, 'band'>): PlacementPolicy {
  return { place: () => ({ ...placement, band: 'medium' }) };
}

describe('TieredCache read path', () => {
  it('serialises the loaded value once and stores it in its home tier from the placement policy', async () => {
    const { cache, hot, warm, cold } = createTestCache();
    const loader = jest.fn(async () => ({ title: 'write tests' }));

    await expect(cache.getOrLoad('task:1', loader, task)).resolves.toEqual({
      json: '{"title":"write tests"}',
      source: 'miss',
    });
    await cache.idle();

    expect(loader).toHaveBeenCalledTimes(1);
    expect(hot.occupancy().entries).toBe(0);
    expect((await warm.occupancy()).entries).toBe(1);
    expect((await cold.occupancy()).entries).toBe(0);
    expect(await warm.get('task:1')).toMatchObject({ type: 'task', band: 'medium' });
  });

  it('with loadsLandInHot, a load stores in its home tier and copies into hot, so the next read answers from hot; an invalidation removes both', async () => {
    const { cache, hot, warm } = createTestCache({ loadsLandInHot: true });
    const loader = jest.fn(async () => ({ title: 'write tests' }));

    expect((await cache.getOrLoad('task:1', loader, task)).source).toBe('miss');
    await cache.idle();
    expect(hot.occupancy().entries).toBe(1);
    expect((await warm.occupancy()).entries).toBe(1);
    expect((await cache.getOrLoad('task:1', loader, task)).source).toBe('hot');

    await cache.invalidate('task:1');
    expect(hot.occupancy().entries).toBe(0);
    expect((await warm.occupancy()).entries).toBe(0);
    expect((await cache.getOrLoad('task:1', loader, task)).source).toBe('miss');
    expect(loader).toHaveBeenCalledTimes(2);
  });

  it('answers from the tier holding the entry, and promotes it one tier up once it is read often', async () => {
    const { cache } = createTestCache({ promotionThreshold: 3 });
    const loader = jest.fn(async () => 'agent config');
    const agent = { type: 'agent', dependencies: ['agent:1'] };

    const sources = [];
    for (let read = 0; read < 6; read++) {
      sources.push((await cache.getOrLoad('agent:1', loader, agent)).source);
      await cache.idle();
    }

    // Read 1 loads into cold (home of agents); read 3 reaches the threshold and copies it to warm;
    // read 4 hits warm and, still frequent, copies it to hot.
    expect(sources).toEqual(['miss', 'cold', 'cold', 'warm', 'hot', 'hot']);
    expect(loader).toHaveBeenCalledTimes(1);
    const stats = await cache.stats();
    expect(stats.tiers.warm.promotions).toBe(1);
    expect(stats.tiers.hot.promotions).toBe(1);
    expect(stats.types['agent']?.tiers.hot.promotions).toBe(1);
  });

  it('does not promote an entry read less often than the threshold', async () => {
    const { cache } = createTestCache({ promotionThreshold: 100 });
    await cache.getOrLoad('task:1', async () => 1, task);
    await cache.idle();
    for (let read = 0; read < 5; read++) {
      expect((await cache.getOrLoad('task:1', async () => 1, task)).source).toBe('warm');
    }
    expect((await cache.stats()).tiers.hot.promotions).toBe(0);
  });

  it('leaves a promotion the hot tier refuses where it was, without writing it back below', async () => {
    const { clock, warm } = createTestCache();
    /** A hot tier whose admission refuses every entry, as W-TinyLFU may. */
    class RefusingHotTier extends InMemoryHotTierStore {
      override set(entry: CacheEntry): CacheEntry[] {
        return [entry];
      }
    }
    const { cache } = createTestCache({ clock, warm, hot: new RefusingHotTier(clock) });
    await cache.getOrLoad('task:1', async () => 'v1', task);
    await cache.idle();
    const writes = warm.calls['set'];

    expect((await cache.getOrLoad('task:1', async () => 'v2', task)).source).toBe('warm');
    await cache.idle();

    expect(warm.calls['set']).toBe(writes);
    expect((await cache.stats()).tiers.hot.demotions).toBe(0);
  });

  it('demotes an entry the hot tier evicts while fresh to warm instead of dropping it', async () => {
    const { clock, warm } = createTestCache();
    const { cache: small } = createTestCache({
      clock,
      hot: new InMemoryHotTierStore(clock, 120),
      warm,
      placement: placeEverything({ tier: 'hot', ttlSeconds: 60 }),
    });
    const big = 'x'.repeat(80);

    await small.getOrLoad('task:1', async () => big, task);
    await small.getOrLoad('task:2', async () => big, { type: 'task', dependencies: ['task:2'] });
    await small.idle();

    expect((await warm.get('task:1'))?.json).toBe(JSON.stringify(big));
    const stats = await small.stats();
    expect(stats.tiers.hot).toMatchObject({ demotions: 1, evictions: 1 });
    expect(stats.types['task']?.tiers.hot.demotions).toBe(1);
    expect((await small.getOrLoad('task:1', async () => 'reloaded', task)).source).toBe('warm');
  });

  it('demotes what warm evicts while fresh to cold', async () => {
    const { cold, clock } = createTestCache();
    const { cache: layered } = createTestCache({
      clock,
      warm: new InMemoryPersistentTierStore({ tier: 'warm', clock, budgetBytesPerType: 120 }),
      cold,
    });
    const big = 'y'.repeat(80);

    await layered.getOrLoad('task:1', async () => big, task);
    await layered.idle();
    await layered.getOrLoad('task:2', async () => big, { type: 'task', dependencies: ['task:2'] });
    await layered.idle();

    expect((await cold.get('task:1'))?.json).toBe(JSON.stringify(big));
    expect((await layered.stats()).tiers.warm.demotions).toBe(1);
    expect((await layered.getOrLoad('task:1', async () => 'reloaded', task)).source).toBe('cold');
  });

  it('loads again once the entry has expired', async () => {
    const { cache, clock } = createTestCache();
    let version = 0;
    const loader = async () => ({ version: ++version });

    await cache.getOrLoad('task:1', loader, task);
    await cache.idle();
    clock.advance(299_999);
    expect(await cache.getOrLoad('task:1', loader, task)).toEqual({
      json: '{"version":1}',
      source: 'warm',
    });
    clock.advance(1);
    expect(await cache.getOrLoad('task:1', loader, task)).toEqual({
      json: '{"version":2}',
      source: 'miss',
    });
  });

  it('places an entry whose home tier is not configured in the nearest tier below, else the lowest', async () => {
    const noWarm = createTestCache({ warm: undefined });
    await noWarm.cache.getOrLoad('task:1', async () => 1, task);
    await noWarm.cache.idle();
    expect((await noWarm.cold.occupancy()).entries).toBe(1);

    const hotOnly = createTestCache({ warm: undefined, cold: undefined });
    await hotOnly.cache.getOrLoad('agent:1', async () => 1, { type: 'agent', dependencies: [] });
    expect(hotOnly.hot.occupancy().entries).toBe(1);
    expect(
      (await hotOnly.cache.getOrLoad('agent:1', async () => 2, { type: 'agent', dependencies: [] }))
        .source,
    ).toBe('hot');
  });

  it('get reads every tier without loading; getMany reads each persistent tier with one batch call', async () => {
    const { cache, warm, cold } = createTestCache({
      promotionThreshold: 100,
      placement: {
        place: ({ key }) => ({
          tier: key.startsWith('agent') ? 'cold' : key.startsWith('user') ? 'hot' : 'warm',
          ttlSeconds: 300,
        }),
      },
    });
    await cache.loadMany([
      { key: 'user:1', load: async () => 'u', type: 'user', dependencies: [] },
      { key: 'task:1', load: async () => 't', type: 'task', dependencies: [] },
      { key: 'agent:1', load: async () => 'a', type: 'agent', dependencies: [] },
    ]);
    await cache.idle();
    const warmCalls = { ...warm.calls };
    const coldCalls = { ...cold.calls };

    const values = await cache.getMany(['user:1', 'task:1', 'agent:1', 'task:404']);

    expect(Object.fromEntries(values)).toEqual({
      'user:1': { json: '"u"', source: 'hot' },
      'task:1': { json: '"t"', source: 'warm' },
      'agent:1': { json: '"a"', source: 'cold' },
    });
    expect((warm.calls['read'] ?? 0) - (warmCalls['read'] ?? 0)).toBe(1);
    expect((cold.calls['read'] ?? 0) - (coldCalls['read'] ?? 0)).toBe(1);

    await expect(cache.get('task:1')).resolves.toEqual({ json: '"t"', source: 'warm' });
    await expect(cache.get('task:404')).resolves.toBeUndefined();
  });

  it('loadMany answers in request order, loads only the misses, and shares one answer per key', async () => {
    const { cache, warm } = createTestCache();
    await cache.getOrLoad('task:1', async () => 'cached', task);
    await cache.idle();
    const loaded: string[] = [];
    const request = (key: string) => ({
      key,
      load: async () => {
        loaded.push(key);
        return `loaded ${key}`;
      },
      type: 'task',
      dependencies: [key],
    });
    const getManyBefore = warm.calls['read'] ?? 0;

    const answers = await cache.loadMany([
      request('task:2'),
      request('task:1'),
      request('task:3'),
      request('task:2'),
    ]);

    expect(answers).toEqual([
      { json: '"loaded task:2"', source: 'miss' },
      { json: '"cached"', source: 'warm' },
      { json: '"loaded task:3"', source: 'miss' },
      { json: '"loaded task:2"', source: 'miss' },
    ]);
    expect(loaded.sort()).toEqual(['task:2', 'task:3']);
    expect((warm.calls['read'] ?? 0) - getManyBefore).toBe(1);
  });

  it('set replaces the value in every tier; delete removes it from every tier', async () => {
    const { cache, hot, warm } = createTestCache({ promotionThreshold: 1 });
    await cache.getOrLoad('task:1', async () => 'old', task);
    await cache.idle();
    await cache.getOrLoad('task:1', async () => 'old', task);
    expect(hot.occupancy().entries).toBe(1);

    await cache.set('task:1', 'new', task);
    expect(hot.occupancy().entries).toBe(0);
    expect(await cache.getOrLoad('task:1', async () => 'loader', task)).toEqual({
      json: '"new"',
      source: 'warm',
    });

    await expect(cache.delete('task:1')).resolves.toBe(true);
    expect(hot.occupancy().entries + (await warm.occupancy()).entries).toBe(0);
    await expect(cache.delete('task:1')).resolves.toBe(false);
  });

  it('entryInfo shows where the entry lives, its type, time left, dependencies and band', async () => {
    const { cache, clock } = createTestCache();
    await cache.getOrLoad('context:task:1', async () => ({ a: 1 }), {
      type: 'context',
      dependencies: ['task:1', 'git_branch:1', 'project:1', 'global'],
    });
    await cache.idle();
    clock.advance(100_000);

    expect(await cache.entryInfo('context:task:1')).toEqual({
      key: 'context:task:1',
      tier: 'warm',
      tiers: ['warm'],
      type: 'context',
      ttlSeconds: 500,
      expiresAt: new Date(clock.now() + 500_000).toISOString(),
      staleUntil: new Date(clock.now() + 800_000).toISOString(),
      createdAt: expect.any(String),
      dependencies: ['task:1', 'git_branch:1', 'project:1', 'global'],
      band: 'medium',
      sizeBytes:
        'context:task:1'.length + '{"a":1}'.length + 'task:1git_branch:1project:1global'.length,
    });
    await expect(cache.entryInfo('nothing')).resolves.toBeUndefined();
  });

  it('counts hits and misses per tier and per type, loads, and reports the stores occupancy', async () => {
    const { cache } = createTestCache({ promotionThreshold: 100 });
    await cache.getOrLoad('task:1', async () => 1, task);
    await cache.idle();
    await cache.getOrLoad('task:1', async () => 1, task);

    const stats = await cache.stats();
    expect(stats).toMatchObject({
      enabled: true,
      replicaId: 'replica-a',
      requests: 2,
      hits: 1,
      misses: 1,
      hitRatio: 0.5,
      loads: 1,
      tiers: {
        hot: { configured: true, hits: 0, misses: 2, entries: 0 },
        warm: {
          configured: true,
          circuit: 'closed',
          reachable: true,
          hits: 1,
          misses: 1,
          entries: 1,
        },
        cold: { configured: true, hits: 0, misses: 1, entries: 0 },
      },
    });
    expect(stats.tiers.warm.bytes).toBe('task:1'.length + 1 + 'task:1'.length);
    expect(stats.types['task']).toMatchObject({
      requests: 2,
      hits: 1,
      loads: 1,
      tiers: { warm: { hits: 1, misses: 1, entries: 1 } },
    });
  });
});
