import type { DataSource } from 'typeorm';
import type { RedisTierStore } from '@strata/tiers';

/** Entries of the filled tier: `context:fill:<n>`, each built from `project:fill-<n mod 1000>`. */
const FILL_PROJECTS = 1000;

/**
 * Fills the warm tier with `rows` entries (and their dependency rows) in bulk, by SQL, so a tier
 * of ten million rows takes minutes rather than hours; its totals row says what it holds.
 */
export async function fillDatabaseTier(
  dataSource: DataSource,
  postgres: boolean,
  rows: number,
  now: number,
): Promise<void> {
  const series = postgres
    ? `generate_series(1, ${rows}) AS s(n)`
    : `(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${rows}) SELECT n FROM s) AS s`;
  const concat = (...parts: string[]) => parts.join(' || ');
  const key = concat(`'context:fill:'`, postgres ? 'n::text' : 'n');
  const project = concat(
    `'project:fill-'`,
    postgres ? `(n % ${FILL_PROJECTS})::text` : `(n % ${FILL_PROJECTS})`,
  );
  const runner = dataSource.createQueryRunner();
  // Indexes are built once after the fill rather than row by row during it (the keys stay).
  const tables = await runner.getTables(['tier_entries', 'tier_entry_dependencies']);
  // dropIndex takes each index off table.indices: keep the list to build them again.
  const indices = tables.map((table) => ({ table, indices: [...table.indices] }));
  for (const { table, indices: dropped } of indices) {
    for (const index of dropped) {
      await runner.dropIndex(table, index);
    }
  }
  await runner.startTransaction();
  if (postgres) {
    // The fill is consistent by construction: skip the foreign-key check of 2N dependency rows.
    await runner.query('SET LOCAL session_replication_role = replica');
  }
  await runner.query(
    `INSERT INTO tier_entries (tier, key, type, json, dependencies, created_at, expires_at,
       stale_until, band, size_bytes, hits, last_access_at, worth)
     SELECT 'warm', ${key}, 'context', '{"filled":true}', '[]', ${now}, ${now + 3_600_000},
       ${now + 7_200_000}, NULL, 64, 0, ${now}, 16
     FROM ${series}`,
  );
  await runner.query(
    `INSERT INTO tier_entry_dependencies (tier, dependency_key, entry_key)
     SELECT 'warm', ${key}, ${key} FROM ${series}
     UNION ALL SELECT 'warm', ${project}, ${key} FROM ${series}`,
  );
  await runner.query(
    `INSERT INTO tier_type_totals (tier, type, entries, bytes, inflation)
     VALUES ('warm', 'context', ${rows}, ${rows * 64}, 0)
     ON CONFLICT (tier, type) DO UPDATE SET entries = excluded.entries, bytes = excluded.bytes`,
  );
  await runner.commitTransaction();
  for (const { table, indices: dropped } of indices) {
    for (const index of dropped) {
      await runner.createIndex(table, index);
    }
  }
  await runner.release();
  await dataSource.query('ANALYZE');
}

/** The same for Redis, through the store itself (its structures are the scripts' to keep). */
export async function fillRedisTier(
  store: RedisTierStore,
  rows: number,
  now: number,
): Promise<void> {
  const batch = 500;
  for (let start = 0; start < rows; start += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, rows - start) }, (_, offset) => {
        const n = start + offset + 1;
        return store.set(
          {
            key: `context:fill:${n}`,
            type: 'context',
            json: '{"filled":true}',
            dependencies: [`project:fill-${n % FILL_PROJECTS}`],
            createdAt: now,
            expiresAt: now + 3_600_000,
            staleUntil: now + 7_200_000,
          },
          0,
        );
      }),
    );
  }
}
