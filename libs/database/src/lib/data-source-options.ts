import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions, Logger, MixedList, EntitySchema } from 'typeorm';
import { BoundedPgClient } from './connection/bounded-pg-client';
import { DEFAULT_DATABASE_TIMEOUTS } from './database-timeouts';
import { parseDatabaseUrl, SQLITE_IN_MEMORY } from './database-url';

// Passed explicitly: TypeORM would otherwise require() the drivers by name at run time,
// which bundlers cannot see.
const betterSqlite3 = require('better-sqlite3');
const pg = require('pg');

export interface StrataDataSourceSpec {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** Each library keeps its own migration history, so libraries migrate independently. */
  migrationsTableName: string;
  /** PostgreSQL schema (must exist); tests use one per suite so suites can run side by side. */
  schema?: string;
  logger?: Logger;
  poolSize?: number;
  /** See DatabaseTimeouts.statementTimeoutMs; default DEFAULT_DATABASE_TIMEOUTS'. */
  statementTimeoutMs?: number;
}

/**
 * The client's own read timeout is a little longer than the server's statement_timeout, so that
 * a server that answers cancels its statement itself and keeps the connection.
 */
const READ_TIMEOUT_MARGIN_MS = 500;

export function createDataSourceOptions(spec: StrataDataSourceSpec): DataSourceOptions {
  const target = parseDatabaseUrl(spec.url);
  const statementTimeoutMs =
    spec.statementTimeoutMs ?? DEFAULT_DATABASE_TIMEOUTS.statementTimeoutMs;
  const common = {
    entities: spec.entities,
    migrations: spec.migrations,
    migrationsTableName: spec.migrationsTableName,
    synchronize: false,
    logger: spec.logger,
  };
  if (target.kind === 'sqlite') {
    if (target.file !== SQLITE_IN_MEMORY) {
      mkdirSync(dirname(target.file), { recursive: true });
    }
    return {
      ...common,
      type: 'better-sqlite3',
      database: target.file,
      driver: betterSqlite3,
      enableWAL: target.file !== SQLITE_IN_MEMORY,
      // Several processes (api, warmer, seed) share the file: wait for a writer, boundedly (the
      // wait blocks the event loop, better-sqlite3 being synchronous), then SQLITE_BUSY.
      timeout: statementTimeoutMs,
      prepareDatabase: (db: { pragma(statement: string): unknown }) => {
        db.pragma('synchronous = NORMAL');
        db.pragma('foreign_keys = ON');
      },
    };
  }
  return {
    ...common,
    type: 'postgres',
    url: target.url,
    driver: pg,
    extra: {
      max: spec.poolSize ?? 10,
      // Every wait bounded, so that a database that stops answering (paused, partitioned) costs
      // a caller a 503 within the bound, not a hang: a connection (new or from the pool), a
      // statement on the server, and the answer on the client's side of the socket.
      connectionTimeoutMillis: statementTimeoutMs,
      statement_timeout: statementTimeoutMs,
      query_timeout: statementTimeoutMs + READ_TIMEOUT_MARGIN_MS,
      keepAlive: true,
      Client: BoundedPgClient,
      // A search path rather than TypeORM's schema option keeps every statement unqualified,
      // so the same migrations serve the default schema and the per-suite test schemas.
      ...(spec.schema ? { options: `-c search_path=${spec.schema}` } : {}),
    },
  };
}
