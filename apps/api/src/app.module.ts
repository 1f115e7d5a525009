import { Module, type DynamicModule } from '@nestjs/common';
import { ContextCacheModule } from '@strata/context-cache';
import { ContextsModule } from '@strata/contexts';
import {
  AuthModule,
  HealthIndicatorsModule,
  MetricsModule,
  type ServerConfig,
} from '@strata/platform';
import { CacheController } from './controllers/cache.controller';
import { ContextsController } from './controllers/contexts.controller';
import { ENTITY_CONTROLLERS } from './controllers/entity-controllers';
import { EventsController } from './controllers/events.controller';
import { GlobalController } from './controllers/global.controller';
import { HealthController } from './health/health.controller';
import { MetricsController } from './health/metrics.controller';
import { SERVER_CONFIG } from './server-config.token';

export interface ApiModuleOptions {
  config: ServerConfig;
  /** PostgreSQL schema (tests). */
  schema?: string;
  /** Redis key prefix of the warm tier (tests). */
  redisKeyPrefix?: string;
}

@Module({})
export class ApiModule {
  static forRoot({ config, schema, redisKeyPrefix }: ApiModuleOptions): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ContextsModule.forRoot({ databaseUrl: config.databaseUrl, schema }),
        ContextCacheModule.forServer(config, { schema, redisKeyPrefix }),
        AuthModule.forRoot({ apiKeys: config.apiKeys }),
        HealthIndicatorsModule,
        MetricsModule,
      ],
      controllers: [
        GlobalController,
        ...ENTITY_CONTROLLERS,
        ContextsController,
        CacheController,
        EventsController,
        HealthController,
        MetricsController,
      ],
      providers: [{ provide: SERVER_CONFIG, useValue: config }],
    };
  }
}
