import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSourceOptions, runMigrations } from '@strata/database';
import {
  createTestDatabase,
  databaseTargetsForTests,
  redisUrlForTests,
} from '@strata/database/testing';
import type { TestDatabase } from '@strata/database/testing';
import { FakeClock } from '../../core/clock';
import type { LoadLock } from '../../core/load-lock';
import { TIER_ENTITIES, TIER_MIGRATIONS, TIER_MIGRATIONS_TABLE } from '../database/tier-schema';
import { DatabaseLeaseLock } from './database-lease-lock';
import { PostgresLoadLock } from './postgres-load-lock';
import { RedisLoadLock } from './redis-load-lock';

/** Tries to take the key until it is free (bounded), as a waiter would. */
async function acquiredWithin(lock: LoadLock, key: string, attempts: number) {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const lease = await lock.tryAcquire(key, 10_000);
    if (lease !== undefined) {
      return lease;
    }
    await sleep(20);
  }
  return undefined;
}

const redisUrl = redisUrlForTests();

(redisUrl ? describe : describe.skip)('RedisLoadLock', () => {
  const prefix = `strata-test:${randomBytes(6).toString('hex')}:`;
  let clients: Redis[];
  let locks: RedisLoadLock[];

  beforeAll(() => {
    clients = [new Redis(redisUrl ?? ''), new Redis(redisUrl ?? '')];
    locks = clients.map((client) => new RedisLoadLock(client, prefix));
  });

  afterAll(async () => {
    const keys = await clients[0].keys(`${prefix}*`);
    if (keys.length > 0) {
      await clients[0].del(...keys);
    }
    await Promise.all(clients.map((client) => client.quit()));
  });

  it('lets one holder at a time have a key, across connections', async () => {
    const lease = await locks[0].tryAcquire('task:1', 10_000);
    expect(lease).toBeDefined();
    expect(await locks[1].tryAcquire('task:1', 10_000)).toBeUndefined();
    expect(await locks[0].tryAcquire('task:1', 10_000)).toBeUndefined();
    expect(await locks[1].tryAcquire('task:2', 10_000)).toBeDefined();
    await lease?.release();
    expect(await locks[1].tryAcquire('task:1', 10_000)).toBeDefined();
  });

  it("frees the key of a holder that died once its lease runs out, and an old holder's release frees nothing", async () => {
    const dead = await locks[0].tryAcquire('task:3', 150);
    expect(await locks[1].tryAcquire('task:3', 10_000)).toBeUndefined();
    const next = await acquiredWithin(locks[1], 'task:3', 50);
    expect(next).toBeDefined();
    await dead?.release();
    expect(await locks[0].tryAcquire('task:3', 10_000)).toBeUndefined();
  });
});

for (const kind of databaseTargetsForTests()) {
  describe(`load lock on ${kind}`, () => {
    let database: TestDatabase;
    let dataSource: DataSource;

    beforeAll(async () => {
      database = await createTestDatabase(kind);
      dataSource = new DataSource(
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
    });

    afterAll(async () => {
      await dataSource.destroy();
      await database.drop();
    });

    it('lease table: one holder per key; a holder that never releases frees it when its lease expires (fake clock)', async () => {
      const clock = new FakeClock();
      const [first, second] = [
        new DatabaseLeaseLock(dataSource, clock),
        new DatabaseLeaseLock(dataSource, clock),
      ];
      // Each sees the other once both presences are in (PostgreSQL runs them concurrently).
      await Promise.all([first.announced(), second.announced()]);
      const dead = await first.tryAcquire('task:1', 1000);
      expect(dead).toBeDefined();
      expect(await second.tryAcquire('task:1', 1000)).toBeUndefined();
      clock.advance(999);
      expect(await second.tryAcquire('task:1', 1000)).toBeUndefined();
      clock.advance(1);
      const next = await second.tryAcquire('task:1', 1000);
      expect(next).toBeDefined();
      await dead?.release();
      expect(await first.tryAcquire('task:1', 1000)).toBeUndefined();
      await next?.release();
      expect(await first.tryAcquire('task:1', 1000)).toBeDefined();
    });

    if (kind === 'postgres') {
      const connection = () => ({
        connectionString: process.env['STRATA_TEST_POSTGRES_URL'],
        options: `-c search_path=${database.schema}`,
      });

      it('advisory locks: a holder whose session is killed frees its keys at once', async () => {
        const holder = new PostgresLoadLock({ ...connection(), application_name: 'strata-holder' });
        const waiter = new PostgresLoadLock(connection());
        try {
          expect(await holder.tryAcquire('task:1', 60_000)).toBeDefined();
          expect(await holder.tryAcquire('task:1', 60_000)).toBeUndefined();
          expect(await waiter.tryAcquire('task:1', 60_000)).toBeUndefined();

          const admin = new Client(connection());
          await admin.connect();
          await admin.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'strata-holder'",
          );
          await admin.end();

          expect(await acquiredWithin(waiter, 'task:1', 50)).toBeDefined();
          // The dead holder's lock object opens a new session when used again.
          expect(await acquiredWithin(holder, 'task:2', 50)).toBeDefined();
        } finally {
          await holder.close();
          await waiter.close();
        }
      });

      it('advisory locks: a live holder lets go after its lease', async () => {
        const [holder, waiter] = [
          new PostgresLoadLock(connection()),
          new PostgresLoadLock(connection()),
        ];
        try {
          expect(await holder.tryAcquire('task:9', 100)).toBeDefined();
          expect(await waiter.tryAcquire('task:9', 100)).toBeUndefined();
          expect(await acquiredWithin(waiter, 'task:9', 50)).toBeDefined();
        } finally {
          await holder.close();
          await waiter.close();
        }
      });

      it('rejects, rather than hangs, when the database cannot be reached', async () => {
        const unreachable = new PostgresLoadLock({
          connectionString: 'postgres://postgres@127.0.0.1:44109/test',
        });
        await expect(unreachable.tryAcquire('task:1', 1000)).rejects.toThrow();
        await unreachable.close();
      });
    }
  });
}

describe('lease table on a SQLite file: leases only while another process uses the file', () => {
  let directory: string;
  let sources: DataSource[];

  /** A connection of its own to the file, as another process has. */
  async function connect(): Promise<DataSource> {
    const dataSource = new DataSource(
      createDataSourceOptions({
        url: `sqlite:${join(directory, 'tiers.sqlite')}`,
        entities: TIER_ENTITIES,
        migrations: TIER_MIGRATIONS,
        migrationsTableName: TIER_MIGRATIONS_TABLE,
      }),
    );
    await dataSource.initialize();
    await runMigrations(dataSource);
    sources.push(dataSource);
    return dataSource;
  }

  const leaseRows = async (dataSource: DataSource) =>
    (await dataSource.query(
      "SELECT key FROM tier_load_leases WHERE key NOT LIKE '#process:%'",
    )) as unknown[];

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'strata-lease-'));
    sources = [];
  });

  afterEach(async () => {
    await Promise.all(sources.map((source) => source.destroy()));
    rmSync(directory, { recursive: true, force: true });
  });

  it('alone, takes no row; once a second process announces itself, one holder per key again; alone again when it leaves', async () => {
    const clock = new FakeClock();
    const first = new DatabaseLeaseLock(await connect(), clock);
    const alone = await first.tryAcquire('task:1', 1000);
    expect(alone).toBeDefined();
    // No row: nothing stops a second load of the key in this process but its own single flight.
    expect(await first.tryAcquire('task:1', 1000)).toBeDefined();
    expect(await leaseRows(sources[0])).toHaveLength(0);

    const second = new DatabaseLeaseLock(await connect(), clock);
    const held = await second.tryAcquire('task:2', 1000);
    expect(held).toBeDefined();
    expect(await first.tryAcquire('task:2', 1000)).toBeUndefined();
    const mine = await first.tryAcquire('task:3', 1000);
    expect(await second.tryAcquire('task:3', 1000)).toBeUndefined();
    await Promise.all([held?.release(), mine?.release(), alone?.release()]);

    await second.close();
    expect(await first.tryAcquire('task:4', 1000)).toBeDefined();
    expect(await leaseRows(sources[0])).toHaveLength(0);
    await first.close();
  });

  it('a process that died without leaving counts until its presence expires (fake clock)', async () => {
    const clock = new FakeClock();
    const survivor = new DatabaseLeaseLock(await connect(), clock, 10_000);
    const dead = new DatabaseLeaseLock(await connect(), clock, 10_000);
    expect(await dead.tryAcquire('task:9', 60_000)).toBeDefined();
    expect(await survivor.tryAcquire('task:9', 60_000)).toBeUndefined();
    clock.advance(9_999);
    expect(await survivor.tryAcquire('task:9', 60_000)).toBeUndefined();
    clock.advance(1);
    // The dead one's row is still there (its lease runs for a minute), but nobody else is.
    expect(await survivor.tryAcquire('task:9', 60_000)).toBeDefined();
    await survivor.close();
  });
});
