import { FakeClock, type StrataCache } from '@strata/tiers';
import timekeeper from 'timekeeper';
import { openTiers, type OpenTiers } from '../testing/open-tiers';
import { createStrataCacheManager } from './strata-cache-manager';

/**
 * cache-manager's Cache over the embedded default's real tiers (SQLite), on a fake clock. Keyv
 * also stamps `expires` with Date.now, so the clock and Date.now move together (timekeeper), as
 * the system clock and Date.now are one in production.
 */
describe('createStrataCacheManager', () => {
  let tiers: OpenTiers;
  let strata: StrataCache;
  const clock = new FakeClock(Date.UTC(2026, 0, 1));

  function advance(milliseconds: number): void {
    clock.advance(milliseconds);
    timekeeper.freeze(clock.now());
  }

  beforeAll(async () => {
    tiers = await openTiers({ clock });
    strata = tiers.cache;
  });

  afterAll(() => tiers.close());

  beforeEach(() => timekeeper.freeze(clock.now()));

  afterEach(() => timekeeper.reset());

  describe('TTLs are milliseconds, as in cache-manager 7', () => {
    it('takes a TTL meant as 60 seconds as 60 ms: the entry is gone from the tiers after 61 ms', async () => {
      const cache = createStrataCacheManager(strata);
      await cache.set('session:1', { user: 'ada' }, 60);

      expect(await cache.get('session:1')).toEqual({ user: 'ada' });
      advance(61);
      expect(await cache.get('session:1')).toBeUndefined();
      // Not only hidden by Keyv's own `expires`: Strata's tiers no longer answer with it.
      expect(await strata.get('cache-manager:keyv:session:1')).toBeUndefined();
    });

    it('keeps an entry set for 60,000 ms until the minute is over', async () => {
      const cache = createStrataCacheManager(strata);
      await cache.set('session:2', 'ada', 60_000);

      advance(59_999);
      expect(await cache.get('session:2')).toBe('ada');
      expect((await strata.entryInfo('cache-manager:keyv:session:2'))?.ttlSeconds).toBe(1);
      advance(1);
      expect(await cache.get('session:2')).toBeUndefined();
      expect(await strata.get('cache-manager:keyv:session:2')).toBeUndefined();
    });

    it('applies the default TTL in milliseconds to what is set without one', async () => {
      const cache = createStrataCacheManager(strata, { ttl: 5_000 });
      await cache.set('session:3', 'ada');

      expect(await cache.ttl('session:3')).toBe(clock.now() + 5_000);
      advance(4_999);
      expect(await cache.get('session:3')).toBe('ada');
      advance(1);
      expect(await strata.get('cache-manager:keyv:session:3')).toBeUndefined();
    });

    it("uses the placement policy's TTL for the type when there is no TTL at all", async () => {
      const cache = createStrataCacheManager(strata);
      await cache.set('session:4', 'ada');

      // An unknown type is placed as a context: the medium band's 600 s.
      expect((await strata.entryInfo('cache-manager:keyv:session:4'))?.ttlSeconds).toBe(600);
      advance(600_000);
      expect(await cache.get('session:4')).toBeUndefined();
    });
  });

  describe('wrap', () => {
    it("shares one loader call among concurrent wraps, across Cache instances: Strata's single flight", async () => {
      const first = createStrataCacheManager(strata);
      const second = createStrataCacheManager(strata);
      let release!: (value: string) => void;
      const loader = jest.fn(() => new Promise<string>((resolve) => (release = resolve)));
      const loadsBefore = (await strata.stats()).loads;

      const wraps = Array.from({ length: 20 }, (_, index) =>
        (index % 2 === 0 ? first : second).wrap('report:1', loader, 10_000),
      );
      await new Promise((resolve) => setImmediate(resolve));
      release('built once');

      expect(await Promise.all(wraps)).toEqual(Array.from({ length: 20 }, () => 'built once'));
      expect(loader).toHaveBeenCalledTimes(1);
      expect((await strata.stats()).loads - loadsBefore).toBe(1);
    });

    it('stores what it loaded as set does, for its TTL in milliseconds', async () => {
      const cache = createStrataCacheManager(strata);
      await cache.wrap('report:2', async () => ({ rows: 3 }), 2_000);

      expect(await cache.get('report:2')).toEqual({ rows: 3 });
      expect(await cache.ttl('report:2')).toBe(clock.now() + 2_000);
      advance(2_000);
      const loader = jest.fn(async () => ({ rows: 4 }));
      expect(await cache.wrap('report:2', loader, 2_000)).toEqual({ rows: 4 });
      expect(loader).toHaveBeenCalledTimes(1);
    });

    it('answers from what set stored, without calling the loader', async () => {
      const cache = createStrataCacheManager(strata);
      await cache.set('report:3', 'stored');
      const loader = jest.fn(async () => 'loaded');

      expect(await cache.wrap('report:3', loader)).toBe('stored');
      expect(loader).not.toHaveBeenCalled();
    });

    it('takes a TTL read off the value, and answers raw with expires', async () => {
      const cache = createStrataCacheManager(strata);
      const raw = await cache.wrap('report:4', async () => ({ ttl: 750 }), {
        ttl: (value) => value.ttl,
        raw: true,
      });

      expect(raw).toEqual({ value: { ttl: 750 }, expires: clock.now() + 750 });
      advance(750);
      expect(await strata.get('cache-manager:keyv:report:4')).toBeUndefined();
    });

    it('rejects a loader failure when nothing is cached, and caches nothing', async () => {
      const cache = createStrataCacheManager(strata);
      await expect(
        cache.wrap('report:5', () => Promise.reject(new Error('source down'))),
      ).rejects.toThrow('source down');
      expect(await cache.get('report:5')).toBeUndefined();
    });

    it('refuses refreshThreshold, which a background refresh outside the single flight would need', async () => {
      const cache = createStrataCacheManager(strata);
      await expect(cache.wrap('report:6', async () => 1, 1_000, 500)).rejects.toThrow(
        /refreshThreshold/,
      );
    });
  });

  describe('deleteByPrefix', () => {
    it('removes the keys under a prefix of whole segments, and only those', async () => {
      const cache = createStrataCacheManager(strata);
      for (const key of ['users:1:name', 'users:1:mail', 'users:10:name', 'users:2:name']) {
        await cache.set(key, key);
      }

      expect(await cache.deleteByPrefix('users:1:')).toBe(2);
      expect(
        await cache.mget(['users:1:name', 'users:1:mail', 'users:10:name', 'users:2:name']),
      ).toEqual([undefined, undefined, 'users:10:name', 'users:2:name']);
      expect(await cache.deleteByPrefix('users:')).toBe(2);
      expect(await cache.get('users:2:name')).toBeUndefined();
    });

    it('refuses a prefix that ends inside a segment', async () => {
      const cache = createStrataCacheManager(strata);
      await expect(cache.deleteByPrefix('users:1')).rejects.toThrow(RangeError);
    });

    it("keeps within the Cache's namespace: '' removes its keys and no other namespace's", async () => {
      const orders = createStrataCacheManager(strata, { namespace: 'orders' });
      const carts = createStrataCacheManager(strata, { namespace: 'carts' });
      await orders.set('1', 'order');
      await carts.set('1', 'cart');

      expect(await orders.deleteByPrefix('')).toBe(1);
      expect(await orders.get('1')).toBeUndefined();
      expect(await carts.get('1')).toBe('cart');
    });

    it('keeps a value loaded before the deletion from landing after it', async () => {
      const cache = createStrataCacheManager(strata);
      let release!: (value: string) => void;
      const wrapped = cache.wrap(
        'users:3:profile',
        () => new Promise<string>((resolve) => (release = resolve)),
      );
      await new Promise((resolve) => setImmediate(resolve));

      await cache.deleteByPrefix('users:3:');
      release('read before the deletion');

      expect(await wrapped).toBe('read before the deletion');
      expect(await cache.get('users:3:profile')).toBeUndefined();
    });
  });
});
