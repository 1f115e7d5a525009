import { Module, type DynamicModule } from '@nestjs/common';
import { ContextsModule } from '@strata/contexts';
import {
  AuthModule,
  HealthIndicatorsModule,
  MetricsModule,
  type ServerConfig,
} from '@strata/platform';
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
}

@Module({})
export class ApiModule {
  static forRoot({ config, schema }: ApiModuleOptions): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ContextsModule.forRoot({ databaseUrl: config.databaseUrl, schema }),
        AuthModule.forRoot({ apiKeys: config.apiKeys }),
        HealthIndicatorsModule,
        MetricsModule,
      ],
      controllers: [
        GlobalController,
        ...ENTITY_CONTROLLERS,
        ContextsController,
        EventsController,
        HealthController,
        MetricsController,
      ],
      providers: [{ provide: SERVER_CONFIG, useValue: config }],
    };
  }
}
