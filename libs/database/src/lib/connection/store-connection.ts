import type { DynamicModule, ModuleMetadata } from '@nestjs/common';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import type { EntitySchema, Logger, MixedList } from 'typeorm';
import { createDataSourceOptions } from '../data-source-options';
import { openStoreDataSource } from './open-store-data-source';

/** What a library keeps in its own database: its tables and their migration history. */
export interface StoreSchema {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** Each library keeps its own migration history, so libraries migrate independently. */
  migrationsTableName: string;
  poolSize?: number;
}

/** Where one application's connection of a store goes, known once the configuration is. */
export interface StoreConnectionSettings {
  url: string;
  /** PostgreSQL schema (must exist); tests use one per suite. */
  schema?: string;
  /** Apply pending migrations before anything uses the connection (default true). */
  migrate?: boolean;
  /** False: the data source is built but never connects (a store the configuration turned off). */
  connect?: boolean;
  /** The TypeORM logger: the source of truth's statement counter. */
  logger?: Logger;
  /** DatabaseTimeouts.statementTimeoutMs (default DEFAULT_DATABASE_TIMEOUTS'). */
  statementTimeoutMs?: number;
}

export interface StoreConnectionOptions extends Pick<ModuleMetadata, 'imports'> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  inject?: any[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  useFactory: (...args: any[]) => StoreConnectionSettings | Promise<StoreConnectionSettings>;
}

/**
 * A library's own named TypeORM connection: `TypeOrmModule.forRootAsync` with the options of
 * `createDataSourceOptions`, migrated under a lock before any provider gets it. Connections are
 * named per store (contexts, tiers, volatility), so one's statements never count as another's.
 */
export function storeConnection(
  name: string,
  store: StoreSchema,
  options: StoreConnectionOptions,
): DynamicModule {
  return TypeOrmModule.forRootAsync({
    name,
    imports: options.imports,
    inject: options.inject,
    useFactory: async (...args: unknown[]) =>
      storeTypeOrmOptions(name, store, await options.useFactory(...args)),
    dataSourceFactory: openStoreDataSource,
  });
}

export function storeTypeOrmOptions(
  name: string,
  store: StoreSchema,
  settings: StoreConnectionSettings,
): TypeOrmModuleOptions {
  return {
    // Named here too: TypeOrmModule finds the data source to close on shutdown by these options.
    name,
    ...createDataSourceOptions({
      url: settings.url,
      schema: settings.schema,
      entities: store.entities,
      migrations: store.migrations,
      migrationsTableName: store.migrationsTableName,
      poolSize: store.poolSize,
      logger: settings.logger,
      statementTimeoutMs: settings.statementTimeoutMs,
    }),
    // TypeORM's own flag, honoured by openStoreDataSource with the lock TypeORM's run lacks.
    migrationsRun: settings.migrate ?? true,
    manualInitialization: settings.connect === false,
    // Start-up fails at once, as before: a database that is down is reported, not waited for.
    toRetry: () => false,
  };
}
