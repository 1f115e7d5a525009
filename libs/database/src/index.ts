export {
  parseDatabaseUrl,
  defaultCacheDatabaseUrl,
  siblingDatabaseUrl,
  DEFAULT_DATABASE_URL,
  SQLITE_IN_MEMORY,
} from './lib/database-url';
export type { DatabaseTarget } from './lib/database-url';
export { createDataSourceOptions } from './lib/data-source-options';
export type { StrataDataSourceSpec } from './lib/data-source-options';
export { StatementCounter } from './lib/statement-counter';
export { runMigrations } from './lib/migrate';
export { storeConnection, storeTypeOrmOptions } from './lib/connection/store-connection';
export type {
  StoreSchema,
  StoreConnectionSettings,
  StoreConnectionOptions,
} from './lib/connection/store-connection';
export { openStoreDataSource } from './lib/connection/open-store-data-source';
export { redactUrlCredentials } from './lib/redact-url-credentials';
export { readIntegerVariables } from './lib/integer-variables';
export type { IntegerVariable } from './lib/integer-variables';
export { databaseTimeoutsFromEnv, DEFAULT_DATABASE_TIMEOUTS } from './lib/database-timeouts';
export type { DatabaseTimeouts } from './lib/database-timeouts';
export { isDatabaseUnavailable } from './lib/database-unavailable';
