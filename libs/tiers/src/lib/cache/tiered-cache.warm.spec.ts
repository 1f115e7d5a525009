import type { PlacementPolicy } from '../core/placement-policy';
import { createTestCache } from '../testing/create-test-cache';
import type { FreshHit } from './warm-request';

/** Contexts live in hot, tasks in warm; ten minutes each. */
const placement: PlacementPolicy = {
  place: ({ type }) => ({ tier: type === 'context' ? 'hot' : 'warm', ttlSeconds: 600 }),
};

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

const task = (load: () => Promise<string>) => ({
  key: 'task:1',
  type: 'task',
  dependencies: ['task:1'],
  load,
});

describe('TieredCache.warm', () => {
  it('loads a missing key into its home tier marked with the strategy, uncounted as an answer', async () => {
    const { cache, warm } = createTestCache({ placement });
    await expect(
      cache.warm({ ...task(async () => 'v1'), strategy: 'login' }),
    ).resolves.toMatchObject({ outcome: 'loaded' });
    expect((await warm.get('task:1'))?.warmedBy).toBe('login');
    const stats = await cache.stats();
    expect(stats.requests).toBe(0);
    expect(stats.loads).toBe(1);
  });

  it('leaves a key some tier holds fresh alone, without calling the loader', async () => {
    const { cache } = createTestCache({ placement });
    await cache.getOrLoad('task:1', async () => 'v1', { type: 'task', dependencies: ['task:1'] });
    const loader = jest.fn(async () => 'v2');
    await expect(cache.warm({ ...task(loader), strategy: 'login' })).resolves.toMatchObject({
      outcome: 'present',
    });
    expect(loader).not.toHaveBeenCalled();
  });

  it('does not count a presence check in hot as a read of the entry', async () => {
    const { cache, hot } = createTestCache({ placement });
    await cache.warm({
      key: 'context:task:1',
      type: 'context',
      dependencies: ['task:1'],
      load: async () => 'v1',
      strategy: 'login',
    });
    const loader = jest.fn(async () => 'v2');
    await cache.warm({
      key: 'context:task:1',
      type: 'context',
      dependencies: ['task:1'],
      load: loader,
      strategy: 'login',
    });
    expect(loader).not.toHaveBeenCalled();
    expect(hot.frequency('context:task:1')).toBe(0);
  });

  it('refreshes a fresh key: readers keep the current value while the reload runs', async () => {
    const { cache } = createTestCache({ placement });
    const options = { type: 'task', dependencies: ['task:1'] };
    await cache.getOrLoad('task:1', async () => 'v1', options);
    await cache.idle();
    const reload = deferred<string>();
    const refreshing = cache.warm({
      ...task(() => reload.promise),
      strategy: 'refresh-ahead',
      refresh: true,
    });
    const during = await cache.getOrLoad('task:1', async () => 'never', options);
    expect(during).toEqual({ json: '"v1"', source: 'warm' });
    reload.resolve('v2');
    await expect(refreshing).resolves.toMatchObject({ outcome: 'loaded' });
    await cache.idle();
    expect((await cache.getOrLoad('task:1', async () => 'never', options)).json).toBe('"v2"');
  });

  it('runs one load per key: a second warm while one is under way loads nothing', async () => {
    const { cache } = createTestCache({ placement });
    const reload = deferred<string>();
    const loader = jest.fn(() => reload.promise);
    const first = cache.warm({ ...task(loader), strategy: 'refresh-ahead', refresh: true });
    await new Promise((resolve) => setImmediate(resolve));
    await expect(
      cache.warm({ ...task(loader), strategy: 'refresh-ahead', refresh: true }),
    ).resolves.toMatchObject({ outcome: 'present' });
    reload.resolve('v1');
    await first;
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it('drops a refresh that an invalidation overtakes: the old value never comes back', async () => {
    const { cache, warm } = createTestCache({ placement });
    const options = { type: 'task', dependencies: ['task:1'] };
    await cache.getOrLoad('task:1', async () => 'v1', options);
    await cache.idle();
    const reload = deferred<string>();
    const refreshing = cache.warm({
      ...task(() => reload.promise),
      strategy: 'refresh-ahead',
      refresh: true,
    });
    await new Promise((resolve) => setImmediate(resolve));
    await cache.invalidate('task:1');
    reload.resolve('v1-read-before-the-write');
    await expect(refreshing).resolves.toMatchObject({ outcome: 'overtaken' });
    await cache.idle();
    expect(await warm.get('task:1')).toBeUndefined();
    const after = await cache.getOrLoad('task:1', async () => 'v2', options);
    expect(after).toEqual({ json: '"v2"', source: 'miss' });
  });

  it('reports failure when the loader fails, and stores nothing', async () => {
    const { cache, warm } = createTestCache({ placement });
    await expect(
      cache.warm({ ...task(() => Promise.reject(new Error('down'))), strategy: 'login' }),
    ).resolves.toMatchObject({ outcome: 'failed' });
    expect(await warm.get('task:1')).toBeUndefined();
  });

  it('tells fresh-hit listeners of each read a fresh entry answered, with its timing and strategy', async () => {
    const { cache, clock } = createTestCache({ placement });
    const hits: FreshHit[] = [];
    const stop = cache.onFreshHit((hit) => hits.push(hit));
    await cache.warm({ ...task(async () => 'v1'), strategy: 'login' });
    await cache.idle();
    const options = { type: 'task', dependencies: ['task:1'] };
    clock.advance(1_000);
    await cache.getOrLoad('task:1', async () => 'never', options);
    stop();
    await cache.getOrLoad('task:1', async () => 'never', options);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({
      tier: 'warm',
      warmedBy: 'login',
      expiresAt: hits[0].createdAt + 600_000,
    });
    expect(hits[0]).toMatchObject({ key: 'task:1', type: 'task' });
  });
});
