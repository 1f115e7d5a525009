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
