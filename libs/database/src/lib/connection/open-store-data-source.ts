import { DataSource, type DataSourceOptions } from 'typeorm';
import { runMigrations } from '../migrate';

/**
 * TypeOrmModule's `dataSourceFactory` for every store: connects and, when `migrationsRun` is
 * set, migrates through `runMigrations` (an advisory lock on PostgreSQL, retries on SQLite), so
 * replicas that start together migrate once. With `manualInitialization` it does not connect.
 */
export async function openStoreDataSource(options?: DataSourceOptions): Promise<DataSource> {
  if (!options) {
    throw new Error('a store connection needs its options');
  }
  const manual = (options as { manualInitialization?: boolean }).manualInitialization === true;
  const dataSource = new DataSource({ ...options, migrationsRun: false });
  if (manual) {
    return dataSource;
  }
  await dataSource.initialize();
  if (options.migrationsRun) {
    try {
      await runMigrations(dataSource);
    } catch (error) {
      await dataSource.destroy();
      throw error;
    }
  }
  return dataSource;
}
