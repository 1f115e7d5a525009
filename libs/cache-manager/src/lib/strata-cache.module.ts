import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Module } from '@nestjs/common';
import { StrataCache } from '@strata/tiers';
import { createStrataCacheManager } from './strata-cache-manager';
import {
  ConfigurableStrataCacheModule,
  STRATA_CACHE_MODULE_OPTIONS,
} from './strata-cache.module-definition';

/**
 * `@nestjs/cache-manager`'s CacheModule over Strata's tiers: provides CACHE_MANAGER as a
 * cache-manager 7 Cache (a StrataCacheManager) whose store is the StrataCache in scope, from a
 * global TiersModule or one in `registerAsync`'s imports. `register(options)` or
 * `registerAsync({ imports, useFactory, inject })`; `isGlobal: true` makes it available everywhere,
 * so CacheInterceptor, `@CacheKey` and `@CacheTTL` work as they do on CacheModule.
 */
@Module({
  providers: [
    {
      provide: CACHE_MANAGER,
      inject: [StrataCache, STRATA_CACHE_MODULE_OPTIONS],
      useFactory: createStrataCacheManager,
    },
  ],
  exports: [CACHE_MANAGER],
})
export class StrataCacheModule extends ConfigurableStrataCacheModule {}
