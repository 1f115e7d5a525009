import { Module, type DynamicModule } from '@nestjs/common';
import { siblingDatabaseUrl } from '@strata/database';
import { openTierStores, TiersModule, type Clock, type TiersModuleOptions } from '@strata/tiers';
import {
  TtlPolicy,
  TtlPolicyModule,
  ttlPolicyConfigFromEnv,
  type TtlPolicyOverrides,
} from '@strata/ttl-policy';
import {
  VolatilityModule,
  VolatilityService,
  volatilityConfigFromEnv,
  type VolatilityOverrides,
} from '@strata/volatility';
import { CachedContexts } from './cached-contexts.service';
import { AdaptivePlacementPolicy } from './placement/adaptive-placement-policy';
import { EntityVolatility } from './placement/entity-volatility.service';

export interface ContextCacheOptions {
  /** False (`STRATA_CACHE=off`): every read goes to the source of truth. */
  enabled: boolean;
  /** Database of the warm and cold tiers. */
  databaseUrl: string;
  /** Database of the volatility analytics. Unset: a sibling of `databaseUrl`. */
  volatilityDatabaseUrl?: string;
  /** PostgreSQL schema (tests). */
  schema?: string;
  warmStore: 'database' | 'redis';
  redisUrl?: string;
  redisKeyPrefix?: string;
  /** TTLs, expiry and volatility run on it; the workload simulator passes a simulated one. */
  clock?: Clock;
  /** DESIGN §4's numbers, changed (validated at start). Unset: read from the environment. */
  ttlPolicy?: TtlPolicyOverrides;
  /** Bases, session length…; unset: read from the environment (`STRATA_VOLATILITY_*`). */
  volatility?: VolatilityOverrides;
}

async function tiersOptions(
  options: ContextCacheOptions,
  placement: AdaptivePlacementPolicy,
): Promise<TiersModuleOptions> {
  if (!options.enabled) {
    return { enabled: false };
  }
  const { hot, warm, cold, release } = await openTierStores(options);
  return { enabled: true, hot, warm, cold, release, clock: options.clock, placement };
}

/** What the cache takes from the server configuration (platform's ServerConfig has it all). */
export interface CacheServerConfig {
  cacheEnabled: boolean;
  cacheDatabaseUrl: string;
  volatilityDatabaseUrl: string;
  warmStore: 'database' | 'redis';
  redisUrl?: string;
}

/**
 * The source of truth read through the tiered cache: CachedContexts, the StrataCache it uses,
 * placed by volatility (VolatilityService, TtlPolicy), and EntityVolatility for reports.
 * Needs the global ContextsModule in the application.
 */
@Module({})
export class ContextCacheModule {
  /** As the api and the warmer configure it; `local` names a test's own schema or key prefix. */
  static forServer(
    config: CacheServerConfig,
    local: Pick<ContextCacheOptions, 'schema' | 'redisKeyPrefix'> = {},
  ): DynamicModule {
    return ContextCacheModule.forRoot({
      enabled: config.cacheEnabled,
      databaseUrl: config.cacheDatabaseUrl,
      volatilityDatabaseUrl: config.volatilityDatabaseUrl,
      warmStore: config.warmStore,
      redisUrl: config.redisUrl,
      ...local,
    });
  }

  static forRoot(options: ContextCacheOptions): DynamicModule {
    const volatility = VolatilityModule.forRoot({
      databaseUrl:
        options.volatilityDatabaseUrl ?? siblingDatabaseUrl(options.databaseUrl, 'volatility'),
      schema: options.schema,
      clock: options.clock,
      config: options.volatility ?? volatilityConfigFromEnv(),
    });
    const ttlPolicy = TtlPolicyModule.forRoot({
      config: options.ttlPolicy ?? ttlPolicyConfigFromEnv(),
    });
    const tiers = TiersModule.forRootAsync({
      imports: [volatility, ttlPolicy],
      inject: [VolatilityService, TtlPolicy],
      useFactory: (scores: VolatilityService, ttl: TtlPolicy) =>
        tiersOptions(options, new AdaptivePlacementPolicy(scores, ttl)),
    });
    return {
      module: ContextCacheModule,
      imports: [volatility, ttlPolicy, tiers],
      providers: [CachedContexts, EntityVolatility],
      exports: [CachedContexts, EntityVolatility, tiers, volatility],
    };
  }
}
