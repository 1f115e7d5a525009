import { Module, type DynamicModule } from '@nestjs/common';
import { contextCacheConnections, contextCacheFromConfig } from '@strata/context-cache';
import { CacheMetricsModule } from '@strata/observability';
import { foundationModules, HealthModule, MetricsModule, SchedulingModule } from '@strata/platform';
import { WarmingModule } from '@strata/warming';
import { HealthController } from './health/health.controller';
import { EventRetentionJob } from './jobs/event-retention.job';
import { TierSweepJob } from './jobs/tier-sweep.job';
import {
  WarmActiveTasksJob,
  WarmDailyContextsJob,
  WarmRecentMostReadJob,
  WarmPredictiveJob,
} from './jobs/scheduled-warming.jobs';
import { VolatilityPruneJob } from './jobs/volatility-prune.job';
import { fromWarmerConfig } from './warmer-config';

export interface WarmerModuleOptions {
  /** `ConfigModule.forRoot(configModuleOptions(WARMER_CONFIG, env))`, already validated. */
  config: DynamicModule;
  /** PostgreSQL schema (tests). */
  schema?: string;
}

/** The warmer deployment: scheduled jobs over the shared database, its /health and /metrics. */
@Module({})
export class WarmerModule {
  static forRoot({ config, schema }: WarmerModuleOptions): DynamicModule {
    const contextCache = contextCacheFromConfig({ schema });
    // Likewise one warming instance, for the app and its metrics.
    const warming = WarmingModule.forRootAsync({
      imports: [contextCache],
      // No request reads the warmer's hot tier: it warms the shared tiers only.
      ...fromWarmerConfig((section) => ({ config: section('warming'), startupWarming: false })),
    });
    return {
      module: WarmerModule,
      imports: [
        config,
        ...foundationModules(schema),
        contextCache,
        warming,
        CacheMetricsModule.forCache(contextCache, warming),
        SchedulingModule.forRootAsync(
          fromWarmerConfig((section) => ({ schedules: section('schedules') })),
        ),
        HealthModule.forRootAsync(
          fromWarmerConfig((section) => ({
            databases: contextCacheConnections(section('server').cacheEnabled),
            redisUrl: section('server').redisUrl,
          })),
        ),
        MetricsModule,
      ],
      controllers: [HealthController],
      providers: [
        EventRetentionJob,
        TierSweepJob,
        VolatilityPruneJob,
        WarmDailyContextsJob,
        WarmActiveTasksJob,
        WarmRecentMostReadJob,
        WarmPredictiveJob,
      ],
    };
  }
}
