import { createDataSourceOptions, runMigrations } from '@strata/database';
import { DataSource } from 'typeorm';
import { systemVolatilityClock } from './clock';
import {
  VOLATILITY_ENTITIES,
  VOLATILITY_MIGRATIONS,
  VOLATILITY_MIGRATIONS_TABLE,
} from './persistence/volatility-schema';
import { VolatilityStore } from './persistence/volatility-store';
import { resolveVolatilityConfig } from './volatility-config';
import type { VolatilityModuleOptions } from './volatility.module-definition';
import { VolatilityService } from './volatility.service';

/** The service over its own migrated DataSource; `close` flushes, then closes the connection. */
export async function openVolatilityService(
  options: VolatilityModuleOptions,
): Promise<{ service: VolatilityService; close(): Promise<void> }> {
  const config = resolveVolatilityConfig(options.config);
  const dataSource = new DataSource(
    createDataSourceOptions({
      url: options.databaseUrl,
      schema: options.schema,
      entities: VOLATILITY_ENTITIES,
      migrations: VOLATILITY_MIGRATIONS,
      migrationsTableName: VOLATILITY_MIGRATIONS_TABLE,
      poolSize: 2,
    }),
  );
  await dataSource.initialize();
  await runMigrations(dataSource);
  const service = new VolatilityService(
    new VolatilityStore(dataSource, config.recentHalfLifeMs),
    config,
    options.clock ?? systemVolatilityClock,
  );
  return {
    service,
    close: async () => {
      await service.onApplicationShutdown();
      if (dataSource.isInitialized) {
        await dataSource.destroy();
      }
    },
  };
}
