import { Module, type DynamicModule } from '@nestjs/common';
import { storeConnection } from '@strata/database';
import type { DataSource } from 'typeorm';
import { systemVolatilityClock } from './clock';
import {
  VOLATILITY_ENTITIES,
  VOLATILITY_MIGRATIONS,
  VOLATILITY_MIGRATIONS_TABLE,
} from './persistence/volatility-schema';
import { VolatilityStore } from './persistence/volatility-store';
import { resolveVolatilityConfig } from './volatility-config';
import {
  VOLATILITY_ASYNC_OPTIONS_TYPE,
  VOLATILITY_MODULE_OPTIONS,
  VOLATILITY_OPTIONS_TYPE,
  VolatilityOptionsModule,
  type VolatilityModuleOptions,
} from './volatility.module-definition';
import { VOLATILITY_CONNECTION, VOLATILITY_DATA_SOURCE } from './volatility.tokens';
import { VolatilityService } from './volatility.service';

const VOLATILITY_STORE = {
  entities: VOLATILITY_ENTITIES,
  migrations: VOLATILITY_MIGRATIONS,
  migrationsTableName: VOLATILITY_MIGRATIONS_TABLE,
  poolSize: 2,
};

/**
 * Provides VolatilityService over the analytics' own named TypeORM connection `volatility`. The
 * service loads its history when the module starts and flushes before the application shuts
 * down, while the connection is still open. `forRoot(options)` or `forRootAsync({ useFactory })`.
 */
@Module({})
export class VolatilityModule {
  static forRoot(options: typeof VOLATILITY_OPTIONS_TYPE): DynamicModule {
    return VolatilityModule.over(VolatilityOptionsModule.forRoot(options), options.isGlobal);
  }

  static forRootAsync(options: typeof VOLATILITY_ASYNC_OPTIONS_TYPE): DynamicModule {
    return VolatilityModule.over(VolatilityOptionsModule.forRootAsync(options), options.isGlobal);
  }

  private static over(optionsModule: DynamicModule, isGlobal = false): DynamicModule {
    const connection = storeConnection(VOLATILITY_CONNECTION, VOLATILITY_STORE, {
      imports: [optionsModule],
      inject: [VOLATILITY_MODULE_OPTIONS],
      useFactory: (options: VolatilityModuleOptions) => ({
        url: options.databaseUrl,
        schema: options.schema,
        statementTimeoutMs: options.statementTimeoutMs,
      }),
    });
    return {
      module: VolatilityModule,
      global: isGlobal,
      imports: [optionsModule, connection],
      providers: [
        {
          provide: VolatilityService,
          inject: [VOLATILITY_MODULE_OPTIONS, VOLATILITY_DATA_SOURCE],
          useFactory: (options: VolatilityModuleOptions, dataSource: DataSource) => {
            const config = resolveVolatilityConfig(options.config);
            return new VolatilityService(
              new VolatilityStore(dataSource, config.recentHalfLifeMs),
              config,
              options.clock ?? systemVolatilityClock,
            );
          },
        },
      ],
      exports: [VolatilityService],
    };
  }
}
