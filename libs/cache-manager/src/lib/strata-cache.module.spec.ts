import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test, type TestingModule } from '@nestjs/testing';
import type { StrataCacheManager } from './strata-cache-manager';
import { StrataCacheModule } from './strata-cache.module';
import { testTiersModule } from '../testing/open-tiers';

@Injectable()
class UsesCache {
  constructor(@Inject(CACHE_MANAGER) readonly cache: StrataCacheManager) {}
}

/** A feature module that imports nothing: it sees CACHE_MANAGER only when that is global. */
@Module({ providers: [UsesCache] })
class FeatureModule {}

describe('StrataCacheModule', () => {
  let testing: TestingModule | undefined;

  afterEach(async () => {
    await testing?.close();
    testing = undefined;
  });

  it('register: CACHE_MANAGER over the StrataCache of a global TiersModule, with its options', async () => {
    testing = await Test.createTestingModule({
      imports: [
        testTiersModule({ isGlobal: true }),
        StrataCacheModule.register({ ttl: 5_000, namespace: 'app', isGlobal: true }),
        FeatureModule,
      ],
    }).compile();
    await testing.init();
    const { cache } = testing.get(UsesCache);

    await cache.set('k', 'v');
    expect(await cache.get('k')).toBe('v');
    const expires = await cache.ttl('k');
    expect(expires).toBeGreaterThan(Date.now() + 4_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 5_000);
    // Copies count: the read promoted the entry to the hot tier beside the warm one.
    expect(await cache.deleteByPrefix('')).toBe(2);
    expect(await cache.get('k')).toBeUndefined();
  });

  it('registerAsync: options from ConfigService, the StrataCache from the imports', async () => {
    testing = await Test.createTestingModule({
      imports: [
        StrataCacheModule.registerAsync({
          imports: [
            ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ CACHE_TTL_MS: 2_000 })] }),
            testTiersModule(),
          ],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            ttl: config.getOrThrow<number>('CACHE_TTL_MS'),
          }),
        }),
      ],
    }).compile();
    await testing.init();
    const cache = testing.get<StrataCacheManager>(CACHE_MANAGER);

    await cache.set('k', 'v');
    expect(await cache.ttl('k')).toBeLessThanOrEqual(Date.now() + 2_000);
    expect(await cache.wrap('w', async () => 'loaded')).toBe('loaded');
  });

  it('is not global unless isGlobal says so', async () => {
    const compiling = Test.createTestingModule({
      imports: [testTiersModule({ isGlobal: true }), StrataCacheModule.register({}), FeatureModule],
    }).compile();

    await expect(compiling).rejects.toThrow(/CACHE_MANAGER/);
  });
});
