import { PassThroughCache } from './pass-through-cache';
import type { StrataCache } from './strata-cache';

const task = { type: 'task', dependencies: ['task:1'] };

describe('PassThroughCache (STRATA_CACHE=off)', () => {
  it('calls the loader on every read and answers miss', async () => {
    const cache: StrataCache = new PassThroughCache();
    const loader = jest.fn(async () => ({ id: 1 }));

    await expect(cache.getOrLoad('task:1', loader, task)).resolves.toEqual({
      json: '{"id":1}',
      source: 'miss',
    });
    await cache.set('task:1', { id: 2 }, task);
    await expect(cache.getOrLoad('task:1', loader, task)).resolves.toEqual({
      json: '{"id":1}',
      source: 'miss',
    });
    expect(loader).toHaveBeenCalledTimes(2);
  });

  it('answers batches in order, holds nothing and reports as disabled', async () => {
    const cache: StrataCache = new PassThroughCache();
    const answers = await cache.loadMany([
      { key: 'task:1', load: async () => 1, ...task },
      { key: 'task:2', load: async () => 2, ...task },
    ]);

    expect(answers).toEqual([
      { json: '1', source: 'miss' },
      { json: '2', source: 'miss' },
    ]);
    await expect(cache.get('task:1')).resolves.toBeUndefined();
    await expect(cache.getMany(['task:1'])).resolves.toEqual(new Map());
    await expect(cache.entryInfo('task:1')).resolves.toBeUndefined();
    await expect(cache.invalidate('task:1')).resolves.toBe(0);
    const stats = await cache.stats();
    expect(stats).toMatchObject({ enabled: false, requests: 2, misses: 2, loads: 2, hitRatio: 0 });
    expect(stats.tiers.hot).toMatchObject({ configured: false, entries: 0 });
  });

  it('passes loader failures through and counts them', async () => {
    const cache: StrataCache = new PassThroughCache();
    await expect(
      cache.getOrLoad('task:1', () => Promise.reject(new Error('down')), task),
    ).rejects.toThrow('down');
    expect((await cache.stats()).loaderFailures).toBe(1);
  });
});
