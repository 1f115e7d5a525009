import { createTestCache } from '../testing/create-test-cache';

const task = { type: 'task', dependencies: ['task:1'] };

/** A loader the test finishes by hand, counting its calls. */
function manualLoader<T>() {
  const pending: { resolve: (value: T) => void; reject: (error: Error) => void }[] = [];
  const loader = jest.fn(
    () => new Promise<T>((resolve, reject) => pending.push({ resolve, reject })),
  );
  return {
    loader,
    resolve: (value: T) => pending.forEach((call) => call.resolve(value)),
    reject: (error: Error) => pending.forEach((call) => call.reject(error)),
  };
}

describe('TieredCache single flight (invariant 4)', () => {
  it('runs the loader once for 1,000 concurrent misses on one key, and answers them all', async () => {
    const { cache } = createTestCache();
    const { loader, resolve } = manualLoader<{ id: number }>();

    const answers = Array.from({ length: 1_000 }, () => cache.getOrLoad('task:1', loader, task));
    await new Promise(setImmediate);
    resolve({ id: 1 });

    const values = await Promise.all(answers);
    expect(loader).toHaveBeenCalledTimes(1);
    expect(new Set(values.map((value) => value.json))).toEqual(new Set(['{"id":1}']));
    expect(values.every((value) => value.source === 'miss')).toBe(true);
    expect((await cache.stats()).loads).toBe(1);
  });

  it('shares the loader between getOrLoad and loadMany callers of the same key', async () => {
    const { cache } = createTestCache();
    const { loader, resolve } = manualLoader<string>();

    const single = cache.getOrLoad('task:1', loader, task);
    const batch = cache.loadMany([
      { key: 'task:1', load: loader, ...task },
      { key: 'task:1', load: loader, ...task },
    ]);
    await new Promise(setImmediate);
    resolve('value');

    await expect(single).resolves.toEqual({ json: '"value"', source: 'miss' });
    await expect(batch).resolves.toHaveLength(2);
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it('hands the loader failure to every waiter, stores nothing, and tries again on the next miss', async () => {
    const { cache, warm } = createTestCache();
    const { loader, reject } = manualLoader<string>();

    const answers = Array.from({ length: 1_000 }, () => cache.getOrLoad('task:1', loader, task));
    await new Promise(setImmediate);
    reject(new Error('source down'));

    const outcomes = await Promise.allSettled(answers);
    expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
    expect(
      new Set(outcomes.map((outcome) => (outcome as PromiseRejectedResult).reason.message)),
    ).toEqual(new Set(['source down']));
    expect(loader).toHaveBeenCalledTimes(1);
    await cache.idle();
    expect((await warm.occupancy()).entries).toBe(0);

    await expect(cache.getOrLoad('task:1', async () => 'back', task)).resolves.toEqual({
      json: '"back"',
      source: 'miss',
    });
    expect((await cache.stats()).loaderFailures).toBe(1);
  });

  it('runs one loader per key when different keys miss at once', async () => {
    const { cache } = createTestCache();
    const loads: string[] = [];
    const loader = (key: string) => async () => {
      loads.push(key);
      return key;
    };

    await Promise.all(
      Array.from({ length: 300 }, (_, index) => {
        const key = `task:${index % 3}`;
        return cache.getOrLoad(key, loader(key), { type: 'task', dependencies: [key] });
      }),
    );

    expect(loads.sort()).toEqual(['task:0', 'task:1', 'task:2']);
  });
});
