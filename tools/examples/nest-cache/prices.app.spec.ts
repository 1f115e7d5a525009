import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { StrataCacheManager } from '@strata/cache-manager';
import { StrataCache } from '@strata/tiers';
import { PriceSource, PricesAppModule } from './prices.app';

/**
 * The README's example app, run as written (Fastify, like the api) over an in-memory SQLite
 * database: @nestjs/cache-manager's CacheInterceptor, @CacheKey and @CacheTTL unchanged on
 * Strata's tiers, and the Cache's wrap and deleteByPrefix behind routes.
 */
describe("The README's Nest app on Strata's tiers", () => {
  let app: NestFastifyApplication;
  let cache: StrataCacheManager;
  let strata: StrataCache;
  const source = { price: jest.fn(async (sku: string) => ({ sku, cents: 100 * sku.length })) };

  beforeAll(async () => {
    process.env['CACHE_DATABASE_URL'] = 'sqlite::memory:';
    const testing = await Test.createTestingModule({ imports: [PricesAppModule] })
      .overrideProvider(PriceSource)
      .useValue(source)
      .compile();
    app = testing.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    cache = app.get(CACHE_MANAGER);
    strata = app.get(StrataCache);
  });

  afterAll(async () => {
    await app.close();
    delete process.env['CACHE_DATABASE_URL'];
  });

  beforeEach(() => source.price.mockClear());

  /** CacheInterceptor stores after answering: resolves once cache-manager reports the write. */
  function stored(key: string): Promise<void> {
    return new Promise((resolve) => {
      const listener = (event: { key: string }) => {
        if (event.key === key) {
          cache.off('set', listener);
          resolve();
        }
      };
      cache.on('set', listener);
    });
  }

  it('answers a @CacheKey/@CacheTTL route from the tiers after the first call, for 30,000 ms', async () => {
    const written = stored('prices:featured');
    const first = await app.inject({ method: 'GET', url: '/prices/featured' });
    await written;
    const second = await app.inject({ method: 'GET', url: '/prices/featured' });

    expect(first.statusCode).toBe(200);
    expect(first.headers['x-cache']).toBe('MISS');
    expect(second.headers['x-cache']).toBe('HIT');
    expect(second.json()).toEqual(first.json());
    expect(source.price).toHaveBeenCalledTimes(1);

    const remaining = ((await cache.ttl('prices:featured')) ?? 0) - Date.now();
    expect(remaining).toBeGreaterThan(25_000);
    expect(remaining).toBeLessThanOrEqual(30_000);
    // In Strata's tiers under the store's own prefix, Keyv's namespace and the route's key.
    const info = await strata.entryInfo('cache-manager:keyv:prices:featured');
    expect(info?.type).toBe('cache-manager');
    expect(info?.tiers).toContain('warm');
    expect(info?.ttlSeconds).toBeLessThanOrEqual(30);
  });

  it('caches other routes by URL for the module default of 60,000 ms', async () => {
    const written = stored('/prices/abc');
    await app.inject({ method: 'GET', url: '/prices/abc' });
    await written;
    const again = await app.inject({ method: 'GET', url: '/prices/abc' });

    expect(again.headers['x-cache']).toBe('HIT');
    expect(again.json()).toEqual({ sku: 'abc', cents: 300 });
    expect(source.price).toHaveBeenCalledTimes(1);
    const remaining = ((await cache.ttl('/prices/abc')) ?? 0) - Date.now();
    expect(remaining).toBeGreaterThan(55_000);
    expect(remaining).toBeLessThanOrEqual(60_000);
  });

  it('loads a wrapped value once for concurrent requests, and again after deleteByPrefix', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => app.inject({ method: 'GET', url: '/quotes/xy' })),
    );
    expect(answers.map((answer) => answer.json())).toEqual(
      Array.from({ length: 8 }, () => ({ sku: 'xy', cents: 200 })),
    );
    expect(source.price).toHaveBeenCalledTimes(1);

    const cleared = await app.inject({ method: 'DELETE', url: '/quotes' });
    expect(cleared.json()).toEqual({ removed: 1 });
    await app.inject({ method: 'GET', url: '/quotes/xy' });
    expect(source.price).toHaveBeenCalledTimes(2);
    // The other routes' entries do not share the prefix and stay.
    expect(await cache.get('prices:featured')).toEqual({ sku: 'featured', cents: 800 });
  });
});
