import type { InvalidationMessage } from '../core/invalidation-bus';
import type { PlacementPolicy } from '../core/placement-policy';
import { createTestCache } from '../testing/create-test-cache';
import { InMemoryHotTierStore } from '../testing/in-memory-hot-tier-store';

/** Puts context entries in hot, tasks in warm and agents in cold. */
const placement: PlacementPolicy = {
  place: ({ type }) => ({
    tier: type === 'context' ? 'hot' : type === 'agent' ? 'cold' : 'warm',
    ttlSeconds: 600,
  }),
};

const contextOfTask1 = {
  type: 'context',
  dependencies: ['task:1', 'git_branch:1', 'project:1', 'global'],
};

async function fill(cache: ReturnType<typeof createTestCache>['cache']) {
  await cache.loadMany([
    { key: 'context:task:1', load: async () => 'resolved', ...contextOfTask1 },
    { key: 'task:1', load: async () => 'task', type: 'task', dependencies: ['task:1'] },
    { key: 'agent:1', load: async () => 'agent', type: 'agent', dependencies: ['project:1'] },
    { key: 'task:2', load: async () => 'other', type: 'task', dependencies: ['task:2'] },
  ]);
  await cache.idle();
}

describe('TieredCache invalidation', () => {
  it('removes every entry built from a dependency, in every tier, without touching the rest', async () => {
    const { cache, hot, warm, cold } = createTestCache({ placement });
    await fill(cache);

    await expect(cache.invalidate('project:1')).resolves.toBe(2);
    expect(hot.occupancy().entries).toBe(0);
    expect(await cold.get('agent:1')).toBeUndefined();
    expect(await warm.get('task:2')).toBeDefined();

    await expect(cache.invalidate('task:1')).resolves.toBe(1);
    expect(await warm.get('task:1')).toBeUndefined();
    expect((await cache.stats()).invalidations).toBe(2);
  });

  it('invalidates by the dependencies read off the loaded value, as a resolved chain gives them', async () => {
    const { cache, warm } = createTestCache();
    const resolved = { data: { a: 1 }, chain: ['global', 'project:1', 'git_branch:1', 'task:1'] };
    await cache.getOrLoad('context:task:1', async () => resolved, {
      type: 'context',
      dependencies: ['task:1'],
      dependenciesOf: (value) => value.chain,
    });
    await cache.idle();
    expect((await cache.entryInfo('context:task:1'))?.dependencies).toEqual([
      'task:1',
      'global',
      'project:1',
      'git_branch:1',
    ]);

    await expect(cache.invalidate('project:1')).resolves.toBe(1);
    expect(await warm.get('context:task:1')).toBeUndefined();
  });

  it('lets a caller arriving after an invalidation that does not touch the load join it, as a burst of misses under unrelated writes needs', async () => {
    const { cache } = createTestCache();
    const finishes: ((value: string) => void)[] = [];
    const loader = jest.fn(() => new Promise<string>((resolve) => finishes.push(resolve)));
    const options = { type: 'context', dependencies: [], dependenciesOf: () => ['project:1'] };

    const first = cache.getOrLoad('context:task:1', loader, options);
    await new Promise(setImmediate);
    await cache.invalidate('project:2');
    const after = cache.getOrLoad('context:task:1', loader, options);
    await new Promise(setImmediate);
    finishes[0]?.('value');

    await expect(first).resolves.toEqual({ json: '"value"', source: 'miss' });
    await expect(after).resolves.toEqual({ json: '"value"', source: 'miss' });
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it('gives a caller arriving after an invalidation of a dependency read off the value a load of its own, not what the load under way read before it', async () => {
    const { cache } = createTestCache();
    const finishes: ((value: string) => void)[] = [];
    const loader = jest.fn(() => new Promise<string>((resolve) => finishes.push(resolve)));
    const options = { type: 'context', dependencies: [], dependenciesOf: () => ['project:1'] };

    const first = cache.getOrLoad('context:task:1', loader, options);
    const joined = cache.getOrLoad('context:task:1', loader, options);
    await new Promise(setImmediate);
    await cache.invalidate('project:1');
    const after = cache.getOrLoad('context:task:1', loader, options);
    await new Promise(setImmediate);
    expect(loader).toHaveBeenCalledTimes(1);

    finishes[0]?.('old');
    await expect(first).resolves.toEqual({ json: '"old"', source: 'miss' });
    await expect(joined).resolves.toEqual({ json: '"old"', source: 'miss' });
    // Only the value says it depends on project:1: the late caller learns so when it lands.
    while (loader.mock.calls.length < 2) {
      await new Promise(setImmediate);
    }
    finishes[1]?.('new');
    await expect(after).resolves.toEqual({ json: '"new"', source: 'miss' });
  });

  it('removes every entry of a type in every tier', async () => {
    const { cache, warm } = createTestCache({ placement });
    await fill(cache);

    await expect(cache.invalidateType('task')).resolves.toBe(2);
    expect((await warm.occupancy()).entries).toBe(0);
    await expect(cache.get('context:task:1')).resolves.toEqual({
      json: '"resolved"',
      source: 'hot',
    });
  });

  it('publishes each invalidation on the bus with its replica id and the stamps it left in each shared domain', async () => {
    const { cache, bus, warm, cold } = createTestCache({ placement });
    const published: InvalidationMessage[] = [];
    bus.subscribe((message) => published.push(message));
    const stampsNow = async () => ({
      [warm.stampDomain]: await warm.stamp(),
      [cold.stampDomain]: await cold.stamp(),
    });

    await cache.invalidate('task:1');
    const afterFirst = await stampsNow();
    await cache.invalidateType('agent');
    const afterSecond = await stampsNow();
    await cache.delete('context:task:1');
    const afterThird = await stampsNow();

    expect(warm.stampDomain).not.toBe(cold.stampDomain);
    expect(published).toEqual([
      { kind: 'dependency', dependency: 'task:1', origin: 'replica-a', appliedAt: afterFirst },
      { kind: 'type', type: 'agent', origin: 'replica-a', appliedAt: afterSecond },
      { kind: 'key', key: 'context:task:1', origin: 'replica-a', appliedAt: afterThird },
    ]);
  });

  it('reaches a second replica sharing the persistent tiers: its hot tier drops the entry', async () => {
    const a = createTestCache({ placement, replicaId: 'replica-a' });
    const bHot = new InMemoryHotTierStore(a.clock);
    const b = createTestCache({
      placement,
      replicaId: 'replica-b',
      clock: a.clock,
      hot: bHot,
      warm: a.warm,
      cold: a.cold,
      bus: a.bus,
    });
    let version = 1;
    const load = async () => `v${version}`;
    await b.cache.getOrLoad('context:task:1', load, contextOfTask1);
    await b.cache.getOrLoad('task:1', load, { type: 'task', dependencies: ['task:1'] });
    await b.cache.idle();
    expect(bHot.occupancy().entries).toBe(1);

    version = 2;
    await a.cache.invalidate('task:1');

    expect(bHot.occupancy().entries).toBe(0);
    expect(await a.warm.get('task:1')).toBeUndefined();
    await expect(b.cache.getOrLoad('context:task:1', load, contextOfTask1)).resolves.toEqual({
      json: '"v2"',
      source: 'miss',
    });
    expect((await b.cache.stats()).remoteInvalidations).toBe(1);
  });

  it('ignores its own invalidations coming back on the bus', async () => {
    const { cache, bus } = createTestCache({ placement });
    await fill(cache);

    await bus.publish({ kind: 'type', type: 'context', origin: 'replica-a' });

    await expect(cache.get('context:task:1')).resolves.toEqual({
      json: '"resolved"',
      source: 'hot',
    });
    expect((await cache.stats()).remoteInvalidations).toBe(0);
  });

  it('completes the write when the bus cannot publish, and counts it', async () => {
    const { cache, bus, warm } = createTestCache({ placement });
    await fill(cache);
    jest.spyOn(bus, 'publish').mockRejectedValue(new Error('bus down'));

    await expect(cache.invalidate('task:1')).resolves.toBe(2);
    expect(await warm.get('task:1')).toBeUndefined();
    expect((await cache.stats()).busFailures).toBe(1);
  });

  it('stops listening to the bus on close', async () => {
    const a = createTestCache({ placement, replicaId: 'replica-a' });
    const b = createTestCache({ placement, replicaId: 'replica-b', clock: a.clock, bus: a.bus });
    await fill(b.cache);
    await b.cache.close();

    await a.cache.invalidate('task:1');

    expect(b.hot.occupancy().entries).toBe(1);
  });
});
