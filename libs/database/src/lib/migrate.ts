import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';

const SQLITE_ATTEMPTS = 5;

/**
 * Runs pending migrations. On PostgreSQL, replicas that start together take an advisory lock
 * first, so exactly one of them migrates and the others find the work done. SQLite has no such
 * lock: a process that loses the race to another migrating the same file fails on a table that
 * now exists, so it looks again at what is still pending and retries.
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type === 'postgres') {
    await runLockedOnPostgres(dataSource);
    return;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await dataSource.runMigrations({ transaction: 'each' });
      return;
    } catch (error) {
      if (attempt >= SQLITE_ATTEMPTS) {
        throw error;
      }
      await sleep(100 * attempt);
    }
  }
}

async function runLockedOnPostgres(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  const lockKey = `strata:${dataSource.options.migrationsTableName ?? 'migrations'}`;
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
    await runner.release();
  }
}
