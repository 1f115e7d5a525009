import { Module, type DynamicModule } from '@nestjs/common';
import { contextCacheConnections, contextCacheFromConfig } from '@strata/context-cache';
import { CacheMetricsModule, ObservabilityModule } from '@strata/observability';
import { AuthModule, foundationModules, HealthModule, MetricsModule } from '@strata/platform';
import { WarmingModule } from '@strata/warming';
import { fromApiConfig } from './api-config';
import { CacheController } from './controllers/cache.controller';
import { ContextsController } from './controllers/contexts.controller';
import { ENTITY_CONTROLLERS } from './controllers/entity-controllers';
import { EventsController } from './controllers/events.controller';
import { GlobalController } from './controllers/global.controller';
import { ObservabilityController } from './controllers/observability.controller';
import { WarmingController } from './controllers/warming.controller';
import { DashboardController } from './dashboard/dashboard.controller';
import { HealthController } from './health/health.controller';

export interface ApiModuleOptions {
  /** `ConfigModule.forRoot(configModuleOptions(API_CONFIG, env))`, already validated. */
  config: DynamicModule;
  /** PostgreSQL schema (tests). */
  schema?: string;
  /** Redis key prefix of the warm tier (tests). */
  redisKeyPrefix?: string;
}

/** The api: every library configured from the validated ApiConfig, and thin controllers. */
@Module({})
export class ApiModule {
  static forRoot({ config, schema, redisKeyPrefix }: ApiModuleOptions): DynamicModule {
    // One instance, imported by the api and by warming, which loads through its cache.
    const contextCache = contextCacheFromConfig({ schema, redisKeyPrefix });
    // Likewise one warming instance, for the app and its metrics.
    const warming = WarmingModule.forRootAsync({
      imports: [contextCache],
      ...fromApiConfig((section) => ({ config: section('warming') })),
    });
    return {
      module: ApiModule,
      imports: [
        config,
        ...foundationModules(schema),
        contextCache,
        // The same module object, so that the KPIs and metrics observe the one cache the
        // controllers read.
        CacheMetricsModule.forCache(contextCache, warming),
        ObservabilityModule.forRootAsync({
          imports: [contextCache],
          ...fromApiConfig((section) => ({ config: section('observability') })),
        }),
        warming,
        AuthModule.forRootAsync(
          fromApiConfig((section) => ({
            apiKeys: section('server').apiKeys,
            failureLimits: section('server').authFailureLimits,
          })),
        ),
        HealthModule.forRootAsync(
          fromApiConfig((section) => ({
            databases: contextCacheConnections(section('server').cacheEnabled),
            redisUrl: section('server').redisUrl,
          })),
        ),
        MetricsModule,
      ],
      controllers: [
        GlobalController,
        ...ENTITY_CONTROLLERS,
        ContextsController,
        CacheController,
        WarmingController,
        ObservabilityController,
        DashboardController,
        EventsController,
        HealthController,
      ],
    };
  }
}
