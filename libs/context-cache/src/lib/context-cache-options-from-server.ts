import type { DatabaseTimeouts } from '@strata/database';
import type { BusConfig, SharedTierConfig, SourceAdmissionOptions } from '@strata/tiers';
import type { TtlPolicyOverrides } from '@strata/ttl-policy';
import type { VolatilityOverrides } from '@strata/volatility';
import type { ContextCacheOptions } from './context-cache.module-definition';

/** What the cache takes from the server configuration (platform's ServerConfig has it all). */
export interface CacheServerConfig {
  cacheEnabled: boolean;
  cacheDatabaseUrl: string;
  volatilityDatabaseUrl: string;
  warmStore: 'database' | 'redis';
  redisUrl?: string;
  databaseTimeouts: DatabaseTimeouts;
}

/**
 * The options as the api and the warmer configure the cache, from their validated configuration;
 * `local` names a test's own schema or key prefix.
 */
export function contextCacheOptionsFromServer(
  server: CacheServerConfig,
  policies: {
    ttlPolicy?: TtlPolicyOverrides;
    volatility?: VolatilityOverrides;
    sharedTiers?: SharedTierConfig;
    sourceAdmission?: SourceAdmissionOptions;
    bus?: BusConfig;
  },
  local: Pick<ContextCacheOptions, 'schema' | 'redisKeyPrefix'> = {},
): ContextCacheOptions {
  return {
    enabled: server.cacheEnabled,
    databaseUrl: server.cacheDatabaseUrl,
    volatilityDatabaseUrl: server.volatilityDatabaseUrl,
    warmStore: server.warmStore,
    redisUrl: server.redisUrl,
    databaseTimeouts: server.databaseTimeouts,
    ttlPolicy: policies.ttlPolicy,
    volatility: policies.volatility,
    sharedTiers: policies.sharedTiers,
    sourceAdmission: policies.sourceAdmission,
    bus: policies.bus,
    ...local,
  };
}
