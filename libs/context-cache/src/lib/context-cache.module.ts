import { Module, type DynamicModule } from '@nestjs/common';
import { SourceQueryCounter } from '@strata/contexts';
import { siblingDatabaseUrl } from '@strata/database';
import {
  EventLoopLag,
  INVALIDATION_BUS,
  InvalidationBusModule,
  SourceAdmission,
  TIER_STORES,
  TierStoresModule,
  TiersModule,
  DEFAULT_BUS_CONFIG,
  type InvalidationBus,
  type TierStores,
  type TiersModuleOptions,
} from '@strata/tiers';
import { TtlPolicy, TtlPolicyModule } from '@strata/ttl-policy';
import { VolatilityModule, VolatilityService } from '@strata/volatility';
import { CachedContexts } from './cached-contexts.service';
import {
  CONTEXT_CACHE_ASYNC_OPTIONS_TYPE,
  CONTEXT_CACHE_OPTIONS,
  CONTEXT_CACHE_OPTIONS_TYPE,
  ContextCacheOptionsModule,
  type ContextCacheOptions,
} from './context-cache.module-definition';
import { AdaptivePlacementPolicy } from './placement/adaptive-placement-policy';
import { EntityVolatility } from './placement/entity-volatility.service';
import { invalidationBusOptions } from './invalidation-bus-options';
import { OutboxReplay } from './outbox-replay.service';

/**
 * The source of truth read through the tiered cache: CachedContexts, the StrataCache it uses,
 * placed by volatility (VolatilityService, TtlPolicy), and EntityVolatility for reports.
 * `forRoot(options)` or `forRootAsync({ useFactory, inject })`: each module it is made of
 * takes its part of the options through its own `forRootAsync`. Needs the global ContextsModule.
 */
@Module({})
export class ContextCacheModule {
  static forRoot(options: typeof CONTEXT_CACHE_OPTIONS_TYPE): DynamicModule {
    return ContextCacheModule.over(ContextCacheOptionsModule.forRoot(options));
  }

  static forRootAsync(options: typeof CONTEXT_CACHE_ASYNC_OPTIONS_TYPE): DynamicModule {
    return ContextCacheModule.over(ContextCacheOptionsModule.forRootAsync(options));
  }

  private static over(optionsModule: DynamicModule): DynamicModule {
    const part = <T>(useFactory: (options: ContextCacheOptions) => T) => ({
      imports: [optionsModule],
      inject: [CONTEXT_CACHE_OPTIONS],
      useFactory,
    });
    const volatility = VolatilityModule.forRootAsync(
      part((options) => ({
        databaseUrl:
          options.volatilityDatabaseUrl ?? siblingDatabaseUrl(options.databaseUrl, 'volatility'),
        schema: options.schema,
        statementTimeoutMs: options.databaseTimeouts?.statementTimeoutMs,
        clock: options.clock,
        config: options.volatility,
      })),
    );
    const ttlPolicy = TtlPolicyModule.forRootAsync(
      part((options) => ({ config: options.ttlPolicy })),
    );
    const stores = TierStoresModule.forRootAsync(
      part((options) => ({
        enabled: options.enabled,
        databaseUrl: options.databaseUrl,
        schema: options.schema,
        statementTimeoutMs: options.databaseTimeouts?.statementTimeoutMs,
        warmStore: options.warmStore,
        redisUrl: options.redisUrl,
        redisKeyPrefix: options.redisKeyPrefix,
        clock: options.clock,
        sharedTiers: options.sharedTiers,
      })),
    );
    const bus = InvalidationBusModule.forRootAsync(part(invalidationBusOptions));
    const tiers = TiersModule.forRootAsync({
      imports: [optionsModule, volatility, ttlPolicy, stores, bus],
      inject: [
        CONTEXT_CACHE_OPTIONS,
        VolatilityService,
        TtlPolicy,
        TIER_STORES,
        SourceQueryCounter,
        INVALIDATION_BUS,
      ],
      useFactory: (
        options: ContextCacheOptions,
        scores: VolatilityService,
        ttl: TtlPolicy,
        opened: TierStores | undefined,
        sourceQueries: SourceQueryCounter,
        invalidations: InvalidationBus,
      ): TiersModuleOptions =>
        opened
          ? {
              enabled: true,
              ...opened,
              bus: invalidations,
              busDownHotTtlMs: (options.bus ?? DEFAULT_BUS_CONFIG).downHotTtlMs,
              // loadsLandInHot stays off: on bench:e2e (10,000 contexts, 50 PATCH/s) it raised
              // the source queries per cached read under writes from 0.70 to 3.63 (one round each).
              clock: options.clock,
              placement: new AdaptivePlacementPolicy(scores, ttl),
              admission: new SourceAdmission(options.sourceAdmission, new EventLoopLag()),
              loadCostMeter: sourceQueries,
            }
          : { enabled: false },
    });
    return {
      module: ContextCacheModule,
      imports: [optionsModule, volatility, ttlPolicy, bus, tiers],
      providers: [CachedContexts, EntityVolatility, OutboxReplay],
      exports: [CachedContexts, EntityVolatility, tiers, volatility, bus],
    };
  }
}
