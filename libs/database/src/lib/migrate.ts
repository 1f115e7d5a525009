import type { DataSource } from 'typeorm';

/**
 * Runs pending migrations. On PostgreSQL replicas that start together take an advisory lock
 * first, so exactly one of them migrates and the others find the work done.
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'postgres') {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
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
