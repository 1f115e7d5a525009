import { Module, type DynamicModule } from '@nestjs/common';
import {
  ContextCacheModule,
  contextCacheConnections,
  contextCacheOptionsFromServer,
} from '@strata/context-cache';
import { ContextsModule } from '@strata/contexts';
import { CacheMetricsModule } from '@strata/observability';
import {
  HealthModule,
  LoggingModule,
  MetricsModule,
  SchedulingModule,
  serverSecrets,
} from '@strata/platform';
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
    const contextCache = ContextCacheModule.forRootAsync(
      fromWarmerConfig((section) =>
        contextCacheOptionsFromServer(
          section('server'),
          {
            ttlPolicy: section('ttlPolicy'),
            volatility: section('volatility'),
            sharedTiers: section('sharedTiers'),
            sourceAdmission: section('sourceAdmission'),
            bus: section('bus'),
          },
          { schema },
        ),
      ),
    );
    // Likewise one warming instance, for the app and its metrics.
    const warming = WarmingModule.forRootAsync({
      imports: [contextCache],
      ...fromWarmerConfig((section) => ({ config: section('warming') })),
    });
    return {
      module: WarmerModule,
      imports: [
        config,
        LoggingModule.forRootAsync(
          fromWarmerConfig((section) => ({
            level: section('logging').level,
            secrets: serverSecrets(section('server')),
          })),
        ),
        ContextsModule.forRootAsync(
          fromWarmerConfig((section) => ({
            databaseUrl: section('server').databaseUrl,
            statementTimeoutMs: section('server').databaseTimeouts.statementTimeoutMs,
            schema,
          })),
        ),
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
