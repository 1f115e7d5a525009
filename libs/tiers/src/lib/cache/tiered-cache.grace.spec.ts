import { createTestCache } from '../testing/create-test-cache';

const task = { type: 'task', dependencies: ['task:1'] };
const failing = () => Promise.reject(new Error('source down'));

/** A cache holding task:1 = "v1" in warm, expired 10 s ago: within its 300 s grace. */
async function cacheWithExpiredEntry(options: { loaderSoftTimeoutMs?: number } = {}) {
  const setup = createTestCache({ graceSeconds: 300, ...options });
  await setup.cache.getOrLoad('task:1', async () => 'v1', task);
  await setup.cache.idle();
  setup.clock.advance(310_000);
  return setup;
}

describe('TieredCache grace (invariant 5)', () => {
  it('serves a recently expired value marked stale when the loader fails', async () => {
    const { cache } = await cacheWithExpiredEntry();

    await expect(cache.getOrLoad('task:1', failing, task)).resolves.toEqual({
      json: '"v1"',
      source: 'stale',
    });
    const stats = await cache.stats();
    expect(stats).toMatchObject({ staleServed: 1, loaderFailures: 1, loads: 2, misses: 2 });
    expect(stats.types['task']?.staleServed).toBe(1);
  });

  it('serves a stale value from the hot tier too', async () => {
    const { cache, clock } = createTestCache({
      graceSeconds: 60,
      placement: { place: () => ({ tier: 'hot', ttlSeconds: 60 }) },
    });
    await cache.getOrLoad('task:1', async () => 'v1', task);
    clock.advance(90_000);

    await expect(cache.getOrLoad('task:1', failing, task)).resolves.toEqual({
      json: '"v1"',
      source: 'stale',
    });
  });

  it('fails with the loader once the grace period is over', async () => {
    const { cache, clock } = await cacheWithExpiredEntry();
    clock.advance(290_000);

    await expect(cache.getOrLoad('task:1', failing, task)).rejects.toThrow('source down');
  });

  it('never serves stale a value that an invalidation removed', async () => {
    const { cache } = await cacheWithExpiredEntry();
    await cache.invalidate('task:1');

    await expect(cache.getOrLoad('task:1', failing, task)).rejects.toThrow('source down');
  });

  it('does not serve stale a value invalidated while its reload was under way', async () => {
    const { cache } = await cacheWithExpiredEntry();
    let failLoad: (error: Error) => void = () => undefined;
    const answer = cache.getOrLoad(
      'task:1',
      () => new Promise<string>((_, reject) => (failLoad = reject)),
      task,
    );
    await new Promise(setImmediate);

    await cache.invalidate('task:1');
    failLoad(new Error('source down'));

    await expect(answer).rejects.toThrow('source down');
  });

  it('answers with the fresh value, not the stale one, when the loader succeeds', async () => {
    const { cache } = await cacheWithExpiredEntry();

    await expect(cache.getOrLoad('task:1', async () => 'v2', task)).resolves.toEqual({
      json: '"v2"',
      source: 'miss',
    });
  });

  describe('loader soft timeout', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('answers stale once the load passes the soft timeout, and stores the load when it lands', async () => {
      const { cache } = await cacheWithExpiredEntry({ loaderSoftTimeoutMs: 500 });
      let finishLoad: (value: string) => void = () => undefined;
      const slow = () => new Promise<string>((resolve) => (finishLoad = resolve));

      const answer = cache.getOrLoad('task:1', slow, task);
      await jest.advanceTimersByTimeAsync(499);
      let settled = false;
      void answer.then(() => (settled = true));
      await jest.advanceTimersByTimeAsync(0);
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      await expect(answer).resolves.toEqual({ json: '"v1"', source: 'stale' });

      // A caller arriving meanwhile shares the load under way instead of starting another.
      const loader = jest.fn(async () => 'v3');
      const meanwhile = cache.getOrLoad('task:1', loader, task);
      await jest.advanceTimersByTimeAsync(0);
      finishLoad('v2');
      await jest.advanceTimersByTimeAsync(0);
      await expect(meanwhile).resolves.toEqual({ json: '"v2"', source: 'miss' });
      expect(loader).not.toHaveBeenCalled();
      await cache.idle();
      await expect(cache.get('task:1')).resolves.toEqual({ json: '"v2"', source: 'warm' });
      expect((await cache.stats()).loaderSoftTimeouts).toBe(1);
    });

    it('waits for the loader past the soft timeout when there is nothing stale to serve', async () => {
      const { cache } = createTestCache({ loaderSoftTimeoutMs: 500 });
      let finishLoad: (value: string) => void = () => undefined;
      const answer = cache.getOrLoad(
        'task:1',
        () => new Promise<string>((resolve) => (finishLoad = resolve)),
        task,
      );

      // Far past the soft timeout, short of the hard one (5 s), which fails a load for good.
      await jest.advanceTimersByTimeAsync(4_000);
      finishLoad('v1');

      await expect(answer).resolves.toEqual({ json: '"v1"', source: 'miss' });
    });
  });
});
