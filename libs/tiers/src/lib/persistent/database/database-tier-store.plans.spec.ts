import { Client } from 'pg';
import type { Logger } from 'typeorm';
import { DataSource } from 'typeorm';
import { createDataSourceOptions, runMigrations } from '@strata/database';
import { createTestDatabase, databaseTargetsForTests } from '@strata/database/testing';
import type { TestDatabase } from '@strata/database/testing';
import type { CacheEntry } from '../../core/cache-entry';
import { FakeClock } from '../../core/clock';
import { DatabaseLeaseLock } from '../locks/database-lease-lock';
import { DatabaseTierStore } from './database-tier-store';
import { TIER_ENTITIES, TIER_MIGRATIONS, TIER_MIGRATIONS_TABLE } from './tier-schema';

const TIER_TABLES = [
  'tier_entries',
  'tier_entry_dependencies',
  'tier_type_totals',
  'tier_invalidation_state',
  'tier_tombstones',
  'tier_load_leases',
];

/** Every statement the data source runs while recording, with the parameters it first ran with. */
class StatementRecorder implements Logger {
  recording = false;
  readonly statements = new Map<string, unknown[]>();

  logQuery(query: string, parameters?: unknown[]): void {
    if (this.recording && !/^\s*(BEGIN|COMMIT|ROLLBACK|SET)\b/i.test(query)) {
      if (!this.statements.has(query)) {
        this.statements.set(query, parameters ?? []);
      }
    }
  }

  logQueryError(): void {
    /* a failing statement fails its test */
  }
  logQuerySlow(): void {
    /* logged by logQuery */
  }
  logSchemaBuild(): void {
    /* not recorded */
  }
  logMigration(): void {
    /* not recorded */
  }
  log(): void {
    /* not recorded */
  }
}

/** The aliases the store's statements give tier tables. */
const TIER_TABLE_ALIASES = ['e', 'd', 't', 's', 'totals'];

/**
 * Tables whose size grows with the entries: a search of them by `tier` alone walks a whole tier.
 * (The totals table holds one row per type, so reading a tier's rows of it is reading the types.)
 */
const ENTRY_TABLES = ['tier_entries', 'tier_entry_dependencies', 'e', 'd'];

/**
 * A full scan of a tier table in a SQLite plan: any SCAN (with or without an index) of one, by
 * name or alias, and a SEARCH of an entry table on `tier` alone. VALUES lists, json_each
 * parameters and constant rows are scanned, and are no tier table.
 */
function sqliteFullScans(plan: readonly { detail: string }[]): string[] {
  return plan
    .map((row) => row.detail)
    .filter((detail) => {
      const scanned = /^SCAN (\S+)/.exec(detail)?.[1] ?? '';
      const searched = /^SEARCH (\S+) .*\((.*)\)$/.exec(detail);
      const tierOnly =
        searched !== null && ENTRY_TABLES.includes(searched[1]) && searched[2] === 'tier=?';
      return [...TIER_TABLES, ...TIER_TABLE_ALIASES].includes(scanned) || tierOnly;
    });
}

interface PostgresPlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Recheck Cond'?: string;
  Plans?: PostgresPlanNode[];
}

/** Sequential scans of tier tables, and index scans of them without a condition (a full index walk). */
function postgresFullScans(node: PostgresPlanNode): string[] {
  const own: string[] = [];
  const relation = node['Relation Name'];
  if (relation !== undefined && TIER_TABLES.includes(relation)) {
    if (node['Node Type'] === 'Seq Scan') {
      own.push(`Seq Scan on ${relation}`);
    }
    const condition = node['Index Cond'];
    if (/Index (Only )?Scan/.test(node['Node Type']) && condition === undefined) {
      own.push(`${node['Node Type']} using ${node['Index Name']} without a condition`);
    }
    // A bitmap heap scan carries its index scan's condition as Recheck Cond.
    const searched = condition ?? node['Recheck Cond'];
    const columns = [...(searched ?? '').matchAll(/(\w+)\s*(=|<|>)/g)].map((match) => match[1]);
    if (
      ENTRY_TABLES.includes(relation) &&
      searched !== undefined &&
      columns.every((column) => column === 'tier')
    ) {
      own.push(`${node['Node Type']} using ${node['Index Name']} on tier alone: ${searched}`);
    }
  }
  return [...own, ...(node.Plans ?? []).flatMap(postgresFullScans)];
}

function entry(clock: FakeClock, key: string, overrides: Partial<CacheEntry> = {}): CacheEntry {
  return {
    key,
    type: key.split(':')[0],
    json: JSON.stringify({ key }),
    dependencies: ['global'],
    createdAt: clock.now(),
    expiresAt: clock.now() + 600_000,
    staleUntil: clock.now() + 900_000,
    ...overrides,
  };
}

/**
 * Issue 12: an invalidation must cost what it removes, never the tier's size. This runs every
 * operation of the store over a tier of a few thousand entries, records every statement the
 * store actually issues (through the data source's logger, prepared reads included), and asks
 * the database for each one's plan: no statement may scan a tier table in full. On PostgreSQL
 * sequential scans are disabled for the check, so a seq scan left in a plan means no index could
 * serve the statement; a small table would otherwise be scanned by choice.
 */
for (const kind of databaseTargetsForTests()) {
  describe(`DatabaseTierStore statement plans on ${kind}`, () => {
    let database: TestDatabase;
    let dataSource: DataSource;
    const recorder = new StatementRecorder();

    beforeAll(async () => {
      database = await createTestDatabase(kind);
      dataSource = new DataSource(
        createDataSourceOptions({
          url: database.url,
          schema: database.schema,
          entities: TIER_ENTITIES,
          migrations: TIER_MIGRATIONS,
          migrationsTableName: TIER_MIGRATIONS_TABLE,
          logger: recorder,
        }),
      );
      await dataSource.initialize();
      await runMigrations(dataSource);
    });

    afterAll(async () => {
      await dataSource.destroy();
      await database.drop();
    });

    it('reaches every row it touches through an index, in every statement it issues', async () => {
      const clock = new FakeClock();
      const small = entry(clock, 'task:0');
      const options = { dataSource, clock, tombstoneRetentionMs: 60_000 };
      const warm = new DatabaseTierStore({
        ...options,
        tier: 'warm',
        budgetBytesPerType: { agent: 3 * 200 },
      });
      const cold = new DatabaseTierStore({ ...options, tier: 'cold' });
      // A tier of a few thousand entries in several types, each with its dependencies.
      const placeholders = (sql: string) => {
        let index = 0;
        return kind === 'postgres' ? sql.replace(/\?/g, () => `$${++index}`) : sql;
      };
      for (let batch = 0; batch < 3000; batch += 250) {
        const keys = Array.from({ length: 250 }, (_, offset) => batch + offset).map((index) => ({
          index,
          type: ['task', 'project', 'context'][index % 3],
          key: `${['task', 'project', 'context'][index % 3]}:${index}`,
        }));
        await dataSource.query(
          placeholders(`INSERT INTO tier_entries (tier, key, type, json, dependencies, created_at,
             expires_at, stale_until, band, size_bytes, hits, last_access_at, worth)
           VALUES ${keys.map(() => `('warm', ?, ?, '{}', '["global"]', 0, ?, ?, NULL, 20, 0, 0, ?)`).join(', ')}`),
          keys.flatMap(({ key, type, index }) => [
            key,
            type,
            clock.now() + 600_000,
            clock.now() + 900_000,
            index % 50,
          ]),
        );
        await dataSource.query(
          placeholders(`INSERT INTO tier_entry_dependencies (tier, dependency_key, entry_key)
           VALUES ${keys.map(() => `('warm', ?, ?), ('warm', 'global', ?)`).join(', ')}`),
          keys.flatMap(({ key, index }) => [`project:${index % 40}`, key, key]),
        );
      }
      await dataSource.query('ANALYZE');

      recorder.recording = true;
      const stamp = await warm.stamp();
      await warm.set(small, stamp);
      await warm.set(entry(clock, 'context:task:1', { dependencies: ['task:1', 'global'] }), stamp);
      await warm.getMany(['task:0', 'context:task:1', 'task:404']);
      await warm.read(['task:0']);
      await warm.get('context:task:1');
      await warm.close(); // writes back the reads it recorded
      for (let index = 0; index < 5; index++) {
        // Evicts by worth, and past staleUntil first, and hands evicted entries back.
        await warm.set(
          entry(clock, `agent:${index}`, { staleUntil: clock.now() + (index + 1) * 1000 }),
          await warm.stamp(),
        );
        clock.advance(1500);
      }
      await warm.set(
        entry(clock, 'agent:huge', { json: JSON.stringify('x'.repeat(1000)) }),
        await warm.stamp(),
      );
      await cold.set(small, await cold.stamp());
      await warm.delete('task:0');
      await warm.deleteByDependency('project:7');
      await warm.invalidate({ kind: 'dependency', dependency: 'task:1' }, ['cold']);
      await warm.invalidate({ kind: 'key', key: 'task:0' }, ['cold']);
      await warm.deleteByType('agent');
      await warm.set(small, stamp); // refused: overtaken
      clock.advance(120_000);
      await warm.sweepExpired();
      await warm.set(small, stamp); // refused: stamp older than the tombstones kept
      await warm.occupancy();
      // Two locks on the file: each sees the other's presence, so leases are taken for real.
      const locks = [
        new DatabaseLeaseLock(dataSource, clock),
        new DatabaseLeaseLock(dataSource, clock),
      ];
      const lease = await locks[0].tryAcquire('task:1', 1000);
      await lease?.release();
      await Promise.all(locks.map((lock) => lock.close()));
      await warm.close();
      await cold.close();
      recorder.recording = false;

      expect(recorder.statements.size).toBeGreaterThan(20);
      // Deleting an entry deletes its dependency rows by cascade, a statement no log shows:
      // it must find them through an index too.
      recorder.statements.set(
        kind === 'postgres'
          ? 'DELETE FROM tier_entry_dependencies WHERE tier = $1 AND entry_key = $2'
          : 'DELETE FROM tier_entry_dependencies WHERE tier = ? AND entry_key = ?',
        ['warm', 'task:1'],
      );
      const scans = new Map<string, string[]>();
      for (const [sql, parameters] of recorder.statements) {
        const found = await fullScans(kind, sql, parameters);
        if (found.length > 0) {
          scans.set(sql.replace(/\s+/g, ' '), found);
        }
      }
      expect(Object.fromEntries(scans)).toEqual({});
    }, 30_000);

    it('flags a statement no index serves, so the check can fail', async () => {
      const statement = 'SELECT key FROM tier_entries WHERE tier = ? AND json = ?';
      const sql =
        kind === 'postgres'
          ? 'SELECT key FROM tier_entries WHERE tier = $1 AND json = $2'
          : statement;
      expect(await fullScans(kind, sql, ['warm', '{}'])).not.toEqual([]);
    });

    async function fullScans(
      target: 'sqlite' | 'postgres',
      sql: string,
      parameters: unknown[],
    ): Promise<string[]> {
      if (target === 'sqlite') {
        const plan = (await dataSource.query(`EXPLAIN QUERY PLAN ${sql}`, parameters)) as {
          detail: string;
        }[];
        return sqliteFullScans(plan);
      }
      const client = new Client({
        connectionString: process.env['STRATA_TEST_POSTGRES_URL'],
        options: `-c search_path=${database.schema}`,
      });
      await client.connect();
      try {
        await client.query('SET enable_seqscan = off');
        const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PostgresPlanNode }] }>(
          `EXPLAIN (FORMAT JSON) ${sql}`,
          parameters,
        );
        return postgresFullScans(rows[0]['QUERY PLAN'][0].Plan);
      } finally {
        await client.end();
      }
    }
  });
}
