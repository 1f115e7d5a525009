import { Module, type DynamicModule } from '@nestjs/common';
import {
  ContextCacheModule,
  contextCacheConnections,
  contextCacheOptionsFromServer,
} from '@strata/context-cache';
import { ContextsModule } from '@strata/contexts';
import { CacheMetricsModule, ObservabilityModule } from '@strata/observability';
import {
  AuthModule,
  HealthModule,
  LoggingModule,
  MetricsModule,
  serverSecrets,
} from '@strata/platform';
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
    const contextCache = ContextCacheModule.forRootAsync(
      fromApiConfig((section) =>
        contextCacheOptionsFromServer(
          section('server'),
          {
            ttlPolicy: section('ttlPolicy'),
            volatility: section('volatility'),
            sharedTiers: section('sharedTiers'),
            sourceAdmission: section('sourceAdmission'),
            bus: section('bus'),
          },
          { schema, redisKeyPrefix },
        ),
      ),
    );
    // Likewise one warming instance, for the app and its metrics.
    const warming = WarmingModule.forRootAsync({
      imports: [contextCache],
      ...fromApiConfig((section) => ({ config: section('warming') })),
    });
    return {
      module: ApiModule,
      imports: [
        config,
        LoggingModule.forRootAsync(
          fromApiConfig((section) => ({
            level: section('logging').level,
            secrets: serverSecrets(section('server')),
          })),
        ),
        ContextsModule.forRootAsync(
          fromApiConfig((section) => ({
            databaseUrl: section('server').databaseUrl,
            statementTimeoutMs: section('server').databaseTimeouts.statementTimeoutMs,
            schema,
          })),
        ),
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
