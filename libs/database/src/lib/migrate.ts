import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, QueryRunner } from 'typeorm';

const SQLITE_ATTEMPTS = 5;
/** How long a replica waits for another's migrations (each statement is bounded, the wait is not). */
const MIGRATION_LOCK_WAIT_MS = 120_000;
const MIGRATION_LOCK_POLL_MS = 100;

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
    await takeAdvisoryLock(runner, lockKey);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
    await runner.release();
  }
}

/**
 * Polled rather than waited for in one `pg_advisory_lock`: a statement may not outlast the
 * statement timeout, and another replica's migrations may take longer than that.
 */
async function takeAdvisoryLock(runner: QueryRunner, lockKey: string): Promise<void> {
  const deadline = Date.now() + MIGRATION_LOCK_WAIT_MS;
  for (;;) {
    const [row] = (await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS taken', [
      lockKey,
    ])) as Array<{ taken: boolean }>;
    if (row?.taken) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `another process held the migration lock ${lockKey} for over ${MIGRATION_LOCK_WAIT_MS} ms`,
      );
    }
    await sleep(MIGRATION_LOCK_POLL_MS);
  }
}
