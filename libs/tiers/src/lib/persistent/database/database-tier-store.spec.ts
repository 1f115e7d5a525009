import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSourceOptions, runMigrations } from '@strata/database';
import { createTestDatabase, databaseTargetsForTests } from '@strata/database/testing';
import type { TestDatabase } from '@strata/database/testing';
import { FakeClock } from '../../core/clock';
import type { PersistentTierStore } from '../../core/tier-store';
import { describePersistentTierStoreContract } from '../persistent-tier-store.contract';
import type { PersistentStoreBackend } from '../persistent-tier-store.contract';
import { DatabaseTierStore } from './database-tier-store';
import { TIER_ENTITIES, TIER_MIGRATIONS, TIER_MIGRATIONS_TABLE } from './tier-schema';

/** A database that outlives its connections (for restarts): a SQLite file, or a PostgreSQL schema. */
async function createDurableDatabase(kind: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'postgres') {
    return createTestDatabase('postgres');
  }
  const directory = await mkdtemp(join(tmpdir(), 'strata-tiers-'));
  return {
    url: `sqlite:${join(directory, 'tiers.sqlite')}`,
    drop: () => rm(directory, { recursive: true, force: true }),
  };
}

async function connect(database: TestDatabase): Promise<DataSource> {
  const dataSource = new DataSource(
    createDataSourceOptions({
      url: database.url,
      schema: database.schema,
      entities: TIER_ENTITIES,
      migrations: TIER_MIGRATIONS,
      migrationsTableName: TIER_MIGRATIONS_TABLE,
    }),
  );
  await dataSource.initialize();
  await runMigrations(dataSource);
  return dataSource;
}

/**
 * On PostgreSQL each store gets its own DataSource, as a replica would. On SQLite the stores
 * share one: better-sqlite3 waits for a lock synchronously, so two connections to one file in
 * one process would block each other (replicas are separate processes, where waiting works).
 */
async function databaseBackend(kind: 'sqlite' | 'postgres'): Promise<PersistentStoreBackend> {
  const database = await createDurableDatabase(kind);
  let dataSources: DataSource[] = [];
  let stores: PersistentTierStore[] = [];

  const dataSourceForNextStore = async (): Promise<DataSource> => {
    if (kind === 'postgres' || dataSources.length === 0) {
      dataSources.push(await connect(database));
    }
    return dataSources[dataSources.length - 1];
  };
  const restart = async () => {
    await Promise.all(stores.map((store) => store.close()));
    await Promise.all(dataSources.map((dataSource) => dataSource.destroy()));
    stores = [];
    dataSources = [];
  };

  return {
    async open(options) {
      const store = new DatabaseTierStore({
        ...options,
        dataSource: await dataSourceForNextStore(),
      });
      stores.push(store);
      return store;
    },
    restart,
    async clear() {
      await restart();
      const dataSource = await dataSourceForNextStore();
      for (const table of ['tier_entry_dependencies', 'tier_entries', 'tier_type_totals']) {
        await dataSource.query(`DELETE FROM ${table}`);
      }
    },
    async dispose() {
      await restart();
      await database.drop();
    },
  };
}

for (const kind of databaseTargetsForTests()) {
  describePersistentTierStoreContract(`DatabaseTierStore on ${kind}`, () => databaseBackend(kind));

  describe(`DatabaseTierStore on ${kind}`, () => {
    let database: TestDatabase;
    let dataSource: DataSource;

    beforeAll(async () => {
      database = await createDurableDatabase(kind);
      dataSource = await connect(database);
    });

    afterAll(async () => {
      await dataSource.destroy();
      await database.drop();
    });

    it('creates exactly the schema its entities describe', async () => {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
    });

    it('lets the warm and cold stores of one process share a DataSource concurrently', async () => {
      const clock = new FakeClock();
      const stores = [
        new DatabaseTierStore({ tier: 'warm', dataSource, clock }),
        new DatabaseTierStore({ tier: 'cold', dataSource, clock }),
      ];
      await Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          stores[index % 2].set(
            {
              key: `task:${index}`,
              type: 'task',
              json: `{"index":${index}}`,
              dependencies: ['global'],
              createdAt: clock.now(),
              expiresAt: clock.now() + 60_000,
              staleUntil: clock.now() + 120_000,
            },
            0,
          ),
        ),
      );
      const [warm, cold] = await Promise.all(stores.map((store) => store.occupancy()));
      expect(warm.entries).toBe(20);
      expect(cold.entries).toBe(20);
      await Promise.all(stores.map((store) => store.close()));
    });
  });
}
