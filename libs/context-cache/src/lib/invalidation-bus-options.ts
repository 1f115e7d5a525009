import { parseDatabaseUrl, siblingDatabaseUrl, SQLITE_IN_MEMORY } from '@strata/database';
import {
  DEFAULT_BUS_CONFIG,
  resolveBusTransport,
  type InvalidationBusOptions,
} from '@strata/tiers';
import type { ContextCacheOptions } from './context-cache.module-definition';

/**
 * The bus of the deployment the cache options describe: Redis when there is one, else the
 * PostgreSQL database of the shared tiers, else a SQLite file of its own beside theirs. With the
 * cache off there is nothing to invalidate elsewhere, and the bus stays in the process.
 */
export function invalidationBusOptions(options: ContextCacheOptions): InvalidationBusOptions {
  const config = options.bus ?? DEFAULT_BUS_CONFIG;
  const target = parseDatabaseUrl(options.databaseUrl);
  const databaseKind =
    target.kind === 'postgres'
      ? 'postgres'
      : target.file === SQLITE_IN_MEMORY
        ? 'sqlite-memory'
        : 'sqlite-file';
  const transport = options.enabled
    ? resolveBusTransport(config.transport, { redisUrl: options.redisUrl, databaseKind })
    : 'process';
  const namespace = options.redisKeyPrefix ?? (options.schema ? `${options.schema}:` : undefined);
  return {
    transport,
    heartbeatMs: config.heartbeatMs,
    pollMs: config.pollMs,
    ...(namespace === undefined ? {} : { namespace }),
    ...(transport === 'redis' ? { redisUrl: options.redisUrl } : {}),
    ...(transport === 'postgres' && target.kind === 'postgres'
      ? { postgres: { connectionString: target.url } }
      : {}),
    ...(transport === 'sqlite'
      ? { sqliteFile: sqliteFile(siblingDatabaseUrl(options.databaseUrl, 'bus')) }
      : {}),
  };
}

function sqliteFile(url: string): string {
  const target = parseDatabaseUrl(url);
  if (target.kind !== 'sqlite') {
    throw new Error(`the SQLite bus needs a SQLite file, not ${url}`);
  }
  return target.file;
}
