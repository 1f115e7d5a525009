import { SourceAdmission } from '../admission/source-admission';
import { SourceUnavailableError } from '../admission/source-unavailable-error';
import { createTestCache } from '../testing/create-test-cache';

const task = { type: 'task', dependencies: ['task:1'] };
const never = () => new Promise<string>(() => undefined);

describe('TieredCache and the source admission gate', () => {
  describe('a loader that never settles (hard timeout)', () => {
    it('fails its callers at the hard timeout, all of them, and the next read tries the loader again', async () => {
      const admission = new SourceAdmission({ loaderHardTimeoutMs: 40 });
      const { cache } = createTestCache({ admission });
      const hung = jest.fn(never);
      const callers = [1, 2, 3].map(() => cache.getOrLoad('task:1', hung, task));
      for (const caller of callers) {
        await expect(caller).rejects.toBeInstanceOf(SourceUnavailableError);
      }
      expect(hung).toHaveBeenCalledTimes(1);

      const recovered = jest.fn(async () => 'v1');
      await expect(cache.getOrLoad('task:1', recovered, task)).resolves.toEqual({
        json: '"v1"',
        source: 'miss',
      });
      expect(recovered).toHaveBeenCalledTimes(1);
      expect((await cache.stats()).loaderTimeouts).toBe(1);
    });

    it('serves the grace value instead when there is one', async () => {
      const admission = new SourceAdmission({ loaderHardTimeoutMs: 40 });
      // A soft timeout far beyond the hard one, so that it is the hard timeout that answers.
      const { cache, clock } = createTestCache({
        admission,
        graceSeconds: 300,
        loaderSoftTimeoutMs: 60_000,
      });
      await cache.getOrLoad('task:1', async () => 'v1', task);
      await cache.idle();
      // Past its 300 s TTL, within its 300 s of grace.
      clock.advance(310_000);
      await expect(cache.getOrLoad('task:1', never, task)).resolves.toEqual({
        json: '"v1"',
        source: 'stale',
      });
      expect((await cache.stats()).loaderTimeouts).toBe(1);
    });

    it('does not keep the key from loading while the hung load is still under way', async () => {
      const admission = new SourceAdmission({ loaderHardTimeoutMs: 40, maxConcurrent: 1 });
      const { cache } = createTestCache({ admission });
      await expect(cache.getOrLoad('task:1', never, task)).rejects.toMatchObject({
        reason: 'loader-timeout',
      });
      // Its turn was given back: another key loads at once through the one-wide gate.
      await expect(
        cache.getOrLoad('task:2', async () => 'v2', { type: 'task', dependencies: ['task:2'] }),
      ).resolves.toMatchObject({ source: 'miss' });
    });
  });

  describe('overload', () => {
    it('refuses new uncached work at once while the loop lags, and keeps serving what is cached', async () => {
      let lag = 0;
      const admission = new SourceAdmission(
        { maxEventLoopLagMs: 100 },
        { lagMs: () => lag, stop: () => undefined },
      );
      const { cache } = createTestCache({
        admission,
        placement: { place: () => ({ tier: 'hot', ttlSeconds: 60 }) },
      });
      await cache.getOrLoad('task:1', async () => 'cached', task);

      lag = 1_000;
      const loader = jest.fn(async () => 'new');
      await expect(
        cache.getOrLoad('task:2', loader, { type: 'task', dependencies: ['task:2'] }),
      ).rejects.toMatchObject({
        reason: 'overloaded',
        retryAfterSeconds: 1,
      });
      expect(loader).not.toHaveBeenCalled();
      await expect(cache.getOrLoad('task:1', loader, task)).resolves.toEqual({
        json: '"cached"',
        source: 'hot',
      });
      expect((await cache.stats()).loadsRefused).toBe(1);

      lag = 0;
      await expect(
        cache.getOrLoad('task:2', loader, { type: 'task', dependencies: ['task:2'] }),
      ).resolves.toMatchObject({ source: 'miss' });
    });

    it('refuses a load at once when the source queue is full', async () => {
      const admission = new SourceAdmission({
        maxConcurrent: 1,
        maxQueued: 1,
        loaderHardTimeoutMs: 1_000,
      });
      const { cache } = createTestCache({ admission });
      const keys = ['task:1', 'task:2', 'task:3'];
      const answers = keys.map((key) =>
        cache.getOrLoad(key, never, { type: 'task', dependencies: [key] }),
      );
      await expect(answers[2]).rejects.toMatchObject({ reason: 'overloaded' });
      for (const answer of answers.slice(0, 2)) {
        answer.catch(() => undefined);
      }
    });
  });
});
