import { ConfigurableModuleBuilder, Module } from '@nestjs/common';
import type { DatabaseTimeouts } from '@strata/database';
import type { BusConfig, Clock, SharedTierConfig, SourceAdmissionOptions } from '@strata/tiers';
import type { TtlPolicyOverrides } from '@strata/ttl-policy';
import type { VolatilityOverrides } from '@strata/volatility';

export interface ContextCacheOptions {
  /** False (`STRATA_CACHE=off`): every read goes to the source of truth. */
  enabled: boolean;
  /** Database of the warm and cold tiers. */
  databaseUrl: string;
  /** Database of the volatility analytics. Unset: a sibling of `databaseUrl`. */
  volatilityDatabaseUrl?: string;
  /** PostgreSQL schema (tests). */
  schema?: string;
  /** Statement and write bounds (`STRATA_DB_STATEMENT_TIMEOUT_MS`, `STRATA_WRITE_TIMEOUT_MS`); unset: the defaults. */
  databaseTimeouts?: DatabaseTimeouts;
  warmStore: 'database' | 'redis';
  redisUrl?: string;
  redisKeyPrefix?: string;
  /** TTLs, expiry and volatility run on it; the workload simulator passes a simulated one. */
  clock?: Clock;
  /** DESIGN §4's numbers, changed (validated at start). Unset: DESIGN §4's defaults. */
  ttlPolicy?: TtlPolicyOverrides;
  /** Bases, session length…; unset: the calibrated defaults. */
  volatility?: VolatilityOverrides;
  /** Tombstone retention and the load lock (sharedTierConfigFromEnv); unset: the defaults. */
  sharedTiers?: SharedTierConfig;
  /**
   * Concurrency, queue and overload thresholds of the source, and the loader's hard timeout
   * (`STRATA_SOURCE_*`, `STRATA_OVERLOAD_*`, `STRATA_LOADER_HARD_TIMEOUT_MS`); unset: the defaults.
   */
  sourceAdmission?: SourceAdmissionOptions;
  /** The invalidation bus between processes (busConfigFromEnv); unset: the defaults. */
  bus?: BusConfig;
}

export const {
  ConfigurableModuleClass: ContextCacheOptionsConfigurableModule,
  MODULE_OPTIONS_TOKEN: CONTEXT_CACHE_OPTIONS,
  OPTIONS_TYPE: CONTEXT_CACHE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: CONTEXT_CACHE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ContextCacheOptions>().setClassMethodName('forRoot').build();

/** The options, which every module the cache is composed of takes its own from. */
@Module({ exports: [CONTEXT_CACHE_OPTIONS] })
export class ContextCacheOptionsModule extends ContextCacheOptionsConfigurableModule {}
