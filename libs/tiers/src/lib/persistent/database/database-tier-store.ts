import type { DataSource } from 'typeorm';
import { entrySizeBytes } from '../../core/cache-entry';
import type { CacheEntry } from '../../core/cache-entry';
import { systemClock } from '../../core/clock';
import type { Clock } from '../../core/clock';
import type {
  InvalidationTarget,
  PersistentTierStore,
  SetResult,
  Stamp,
  TierInvalidation,
  TierOccupancyReport,
  TierRead,
} from '../../core/tier-store';
import { entryWorth, entryWorthSql } from '../entry-worth';
import { EvictionTally } from '../eviction-tally';
import { occupancyReport } from '../occupancy-report';
import type { PersistentTierStoreOptions } from '../persistent-tier-store-options';
import { TierBudgets } from '../tier-budgets';
import type { PersistentTierName } from '../tier-budgets';
import { DEFAULT_TOMBSTONE_RETENTION_MS, scopesOfEntry, targetScope } from '../tombstone-scopes';
import { AccessLog } from './access-log';
import { ENTRY_COLUMNS, entryFromRawRow } from './entry-row-mapping';
import { TierDatabase } from './tier-database';
import type { Row, RunStatement } from './tier-database';
import { lockTypeTotals, TypeTotalsChanges } from './type-totals';

export interface DatabaseTierStoreOptions extends PersistentTierStoreOptions {
  /**
   * The tiers' own DataSource (TIER_ENTITIES, TIER_MIGRATIONS), migrated; the caller owns it.
   * On SQLite, one per file per process: better-sqlite3 waits for locks synchronously, so two
   * connections to one file in one process would stall each other.
   */
  dataSource: DataSource;
}

/** Pending reads are written back once this many keys wait, and at least every second. */
const ACCESS_FLUSH_KEYS = 64;
const ACCESS_FLUSH_INTERVAL_MS = 1000;
/** Rows per statement when reading many keys, sweeping, or inserting dependency rows. */
const BATCH_SIZE = 500;
/** Eviction candidates fetched at a time, cheapest first. */
const EVICTION_CANDIDATES = 32;
/** For fills, access counts and sweeps: losing the last of them in a crash costs only misses. */
const NOT_DURABLE = { durable: false };

/**
 * The warm or cold tier in the database (SQLite or PostgreSQL). Both tiers share the tables,
 * told apart by the `tier` column, and one invalidation counter with its tombstones (the stamp
 * domain). Replicas share them too: every write is one transaction that locks its types' totals
 * rows first, so byte totals stay exact and budgets hold across processes without summing the
 * entries table. Every statement reaches the rows it touches through an index (the plan test
 * checks each one), so an invalidation costs what it removes, whatever the tier's size.
 */
export class DatabaseTierStore implements PersistentTierStore {
  readonly tier: PersistentTierName;
  readonly stampDomain: string;
  private readonly database: TierDatabase;
  private readonly budgets: TierBudgets;
  private readonly clock: Clock;
  private readonly tombstoneRetentionMs: number;
  private readonly evictions = new EvictionTally();
  private readonly accesses = new AccessLog();
  private readonly flushTimer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(options: DatabaseTierStoreOptions) {
    this.tier = options.tier;
    this.database = TierDatabase.of(options.dataSource);
    this.stampDomain = this.database.id;
    this.budgets = new TierBudgets(options);
    this.clock = options.clock ?? systemClock;
    this.tombstoneRetentionMs = options.tombstoneRetentionMs ?? DEFAULT_TOMBSTONE_RETENTION_MS;
    this.flushTimer = setInterval(() => void this.flushAccesses(), ACCESS_FLUSH_INTERVAL_MS);
    this.flushTimer.unref();
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    return (await this.read([key])).entries.get(key);
  }

  async getMany(keys: readonly string[]): Promise<Map<string, CacheEntry>> {
    return (await this.read(keys)).entries;
  }

  /**
   * One prepared statement per batch: the counter beside the entries asked for (one row with a
   * null entry when none is there), so the stamp comes from the same snapshot as the entries.
   */
  async read(keys: readonly string[]): Promise<TierRead> {
    const now = this.clock.now();
    const entries = new Map<string, CacheEntry>();
    let stamp = 0;
    const unique = [...new Set(keys)];
    for (const batch of unique.length === 0 ? [[]] : chunks(unique, BATCH_SIZE)) {
      const keyIn = this.database.oneOf('e.key', batch);
      const rows = await this.database.prepared(
        `SELECT (SELECT counter FROM tier_invalidation_state WHERE id = 1) AS stamp,
           ${ENTRY_COLUMNS.map((column) => `e.${column}`).join(', ')}
         FROM (SELECT 1) AS one
         LEFT JOIN tier_entries e ON e.tier = ? AND ${keyIn.sql}`,
        [this.tier, keyIn.parameter],
      );
      stamp = Number(rows[0]?.['stamp'] ?? 0);
      for (const row of rows) {
        if (row['key'] !== null && row['key'] !== undefined && now < Number(row['stale_until'])) {
          const entry = entryFromRawRow(row);
          entries.set(entry.key, entry);
          this.accesses.record(entry.key, now);
        }
      }
    }
    if (this.accesses.size >= ACCESS_FLUSH_KEYS) {
      void this.flushAccesses();
    }
    return { entries, stamp };
  }

  async stamp(): Promise<Stamp> {
    const rows = await this.database.prepared(
      'SELECT counter FROM tier_invalidation_state WHERE id = 1',
      [],
    );
    return Number(rows[0]?.['counter'] ?? 0);
  }

  async set(entry: CacheEntry, stamp: Stamp): Promise<SetResult> {
    // Eviction ranks by worth, so the reads it has not seen yet are written first.
    await this.flushAccesses();
    const now = this.clock.now();
    const sizeBytes = entrySizeBytes(entry);
    const budgetBytes = this.budgets.budgetFor(entry.type);
    const scopes = scopesOfEntry(entry);
    const result = await this.database.transaction(async (run): Promise<SetResult> => {
      await this.database.lockScopes(run, scopes, 'shared');
      const totals = await lockTypeTotals(run, this.tier, entry.type);
      const scopeIn = this.database.oneOf('t.scope', scopes);
      const { rows } = await run(
        `SELECT s.counter, s.pruned_through,
           (SELECT MAX(t.counter) FROM tier_tombstones t WHERE ${scopeIn.sql}) AS newest
         FROM tier_invalidation_state s WHERE s.id = 1`,
        [scopeIn.parameter],
      );
      const state = rows[0] ?? {};
      const current = Number(state['counter'] ?? 0);
      if (Number(state['newest'] ?? 0) > stamp) {
        return { outcome: 'invalidated', evicted: [], stamp: current };
      }
      if (stamp < Number(state['pruned_through'] ?? 0)) {
        return { outcome: 'stamp-expired', evicted: [], stamp: current };
      }
      const changes = new TypeTotalsChanges();
      const replaced = await this.deleteRows(run, 'key = ?', [entry.key], 'type, size_bytes, hits');
      this.recordRemovals(changes, replaced);
      if (sizeBytes > budgetBytes) {
        await changes.save(run, this.tier);
        this.evictions.add(entry.type, 1);
        const evicted = now < entry.expiresAt ? [entry] : [];
        return { outcome: 'too-large', evicted, stamp: current };
      }
      const excessBytes = totals.bytes - sumSizes(replaced) + sizeBytes - budgetBytes;
      const eviction = await this.evict(run, entry.type, excessBytes, now, changes);
      const inflation = Math.max(totals.inflation, eviction.inflation);
      const hits = replaced.length > 0 ? Number(replaced[0]['hits']) : 0;
      await this.insertEntry(
        run,
        entry,
        sizeBytes,
        hits,
        entryWorth(inflation, hits, sizeBytes),
        now,
      );
      changes.added(entry.type, sizeBytes);
      await changes.save(run, this.tier);
      this.evictions.add(entry.type, eviction.evictedCount);
      return { outcome: 'stored', evicted: eviction.evicted, stamp: current };
    }, NOT_DURABLE);
    return result;
  }

  /**
   * One transaction over every tier named: take the scope's exclusive lock, lock the totals of
   * the types it touches, delete, then raise the counter and record the tombstone, which hold
   * the counter row only for the last two statements.
   */
  invalidate(
    target: InvalidationTarget,
    alsoTiers: readonly PersistentTierName[] = [],
  ): Promise<TierInvalidation> {
    const tiers = [...new Set([this.tier, ...alsoTiers])].sort();
    const scope = targetScope(target);
    return this.database.transaction(async (run) => {
      await this.database.lockScopes(run, [scope], 'exclusive');
      let removed = 0;
      for (const tier of tiers) {
        const selection = selectionOf(target, tier, this.database);
        for (const type of (await selection.types(run)).sort()) {
          await lockTypeTotals(run, tier, type);
        }
        const changes = new TypeTotalsChanges();
        const deleted = await run(
          `DELETE FROM tier_entries WHERE tier = ? AND ${selection.condition}
           RETURNING type, size_bytes`,
          [tier, ...selection.parameters],
        );
        this.recordRemovals(changes, deleted.rows);
        await changes.save(run, tier);
        removed += deleted.rows.length;
      }
      const { rows } = await run(
        'UPDATE tier_invalidation_state SET counter = counter + 1 WHERE id = 1 RETURNING counter',
      );
      const stamp = Number(rows[0]?.['counter']);
      await run(
        `INSERT INTO tier_tombstones (scope, counter, recorded_at) VALUES (?, ?, ?)
         ON CONFLICT (scope) DO UPDATE SET counter = excluded.counter,
           recorded_at = excluded.recorded_at`,
        [scope, stamp, this.clock.now()],
      );
      return { removed, stamp };
    });
  }

  async delete(key: string): Promise<boolean> {
    return (await this.invalidate({ kind: 'key', key })).removed > 0;
  }

  async deleteByDependency(dependencyKey: string): Promise<number> {
    return (await this.invalidate({ kind: 'dependency', dependency: dependencyKey })).removed;
  }

  async deleteByType(type: string): Promise<number> {
    return (await this.invalidate({ kind: 'type', type })).removed;
  }

  async sweepExpired(): Promise<number> {
    let swept = 0;
    for (;;) {
      const deleted = await this.sweepBatch();
      swept += deleted;
      if (deleted < BATCH_SIZE) {
        break;
      }
    }
    while ((await this.pruneTombstones()) === BATCH_SIZE) {
      // Each batch is its own short transaction, so invalidations are never held up for long.
    }
    return swept;
  }

  async occupancy(): Promise<TierOccupancyReport> {
    const { rows } = await this.database.run(
      'SELECT type, entries, bytes FROM tier_type_totals WHERE tier = ?',
      [this.tier],
    );
    const contents = rows.map((row) => ({
      type: String(row['type']),
      entries: Number(row['entries']),
      bytes: Number(row['bytes']),
    }));
    return occupancyReport(contents, this.budgets, this.evictions.byType);
  }

  /** Writes back pending reads; the DataSource stays open (its owner closes it). */
  async close(): Promise<void> {
    clearInterval(this.flushTimer);
    await this.flushAccesses();
  }

  /** Removes up to one batch of entries past staleUntil, oldest first (not an invalidation: no tombstone). */
  private sweepBatch(): Promise<number> {
    const now = this.clock.now();
    return this.database.transaction(async (run) => {
      const { rows: dead } = await run(
        `SELECT key, type FROM tier_entries WHERE tier = ? AND stale_until <= ?
         ORDER BY stale_until LIMIT ${BATCH_SIZE}`,
        [this.tier, now],
      );
      if (dead.length === 0) {
        return 0;
      }
      for (const type of [...new Set(dead.map((row) => String(row['type'])))].sort()) {
        await lockTypeTotals(run, this.tier, type);
      }
      const keyIn = this.database.oneOf(
        'key',
        dead.map((row) => String(row['key'])),
      );
      const changes = new TypeTotalsChanges();
      const deleted = await this.deleteRows(
        run,
        `${keyIn.sql} AND stale_until <= ?`,
        [keyIn.parameter, now],
        'type, size_bytes',
      );
      this.recordRemovals(changes, deleted);
      await changes.save(run, this.tier);
      return deleted.length;
    }, NOT_DURABLE);
  }

  /**
   * Forgets one batch of tombstones past their retention, and records the highest counter
   * forgotten: a write stamped before it can no longer be judged and is refused.
   */
  private pruneTombstones(): Promise<number> {
    const horizon = this.clock.now() - this.tombstoneRetentionMs;
    return this.database.transaction(async (run) => {
      const { rows } = await run(
        `DELETE FROM tier_tombstones WHERE ${this.database.inSubquery(
          'scope',
          `SELECT scope FROM tier_tombstones WHERE recorded_at < ?
           ORDER BY recorded_at LIMIT ${BATCH_SIZE}`,
        )} RETURNING counter`,
        [horizon],
      );
      if (rows.length > 0) {
        const forgotten = Math.max(...rows.map((row) => Number(row['counter'])));
        await run(
          `UPDATE tier_invalidation_state
           SET pruned_through = CASE WHEN pruned_through < ? THEN ? ELSE pruned_through END
           WHERE id = 1`,
          [forgotten, forgotten],
        );
      }
      return rows.length;
    });
  }

  /**
   * Frees `excessBytes` from a type whose totals row this transaction holds: first the entries
   * past `staleUntil`, worth nothing, then the entries worth least (entry-worth.ts). Returns the
   * evicted entries still fresh, for the caller to demote.
   */
  private async evict(
    run: RunStatement,
    type: string,
    excessBytes: number,
    now: number,
    changes: TypeTotalsChanges,
  ): Promise<{ evicted: CacheEntry[]; evictedCount: number; inflation: number }> {
    const result = { evicted: [] as CacheEntry[], evictedCount: 0, inflation: 0 };
    if (excessBytes <= 0) {
      return result;
    }
    const dead = await this.deleteRows(
      run,
      'type = ? AND stale_until <= ?',
      [type, now],
      'type, size_bytes',
    );
    this.recordRemovals(changes, dead);
    let remaining = excessBytes - sumSizes(dead);
    while (remaining > 0) {
      const { rows: candidates } = await run(
        `SELECT key, size_bytes, worth FROM tier_entries WHERE tier = ? AND type = ?
         ORDER BY worth, last_access_at LIMIT ${EVICTION_CANDIDATES}`,
        [this.tier, type],
      );
      if (candidates.length === 0) {
        break;
      }
      const victims: string[] = [];
      for (const candidate of candidates) {
        if (remaining <= 0) {
          break;
        }
        victims.push(String(candidate['key']));
        remaining -= Number(candidate['size_bytes']);
        result.inflation = Math.max(result.inflation, Number(candidate['worth']));
      }
      const keyIn = this.database.oneOf('key', victims);
      const evictedRows = await this.deleteRows(run, keyIn.sql, [keyIn.parameter], '*');
      this.recordRemovals(changes, evictedRows);
      result.evictedCount += evictedRows.length;
      for (const row of evictedRows) {
        if (now < Number(row['expires_at'])) {
          result.evicted.push(entryFromRawRow(row));
        }
      }
    }
    changes.inflatedTo(type, result.inflation);
    return result;
  }

  private async insertEntry(
    run: RunStatement,
    entry: CacheEntry,
    sizeBytes: number,
    hits: number,
    worth: number,
    now: number,
  ): Promise<void> {
    await run(
      `INSERT INTO tier_entries (tier, key, type, json, dependencies, created_at, expires_at,
         stale_until, band, load_cost, warmed_by, size_bytes, hits, last_access_at, worth)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        this.tier,
        entry.key,
        entry.type,
        entry.json,
        JSON.stringify(entry.dependencies),
        entry.createdAt,
        entry.expiresAt,
        entry.staleUntil,
        entry.band ?? null,
        entry.loadCost ?? null,
        entry.warmedBy ?? null,
        sizeBytes,
        hits,
        now,
        worth,
      ],
    );
    // The entry's own key is one of its dependencies: invalidating the key finds it too.
    const dependencyKeys = [...new Set([entry.key, ...entry.dependencies])];
    for (const batch of chunks(dependencyKeys, BATCH_SIZE)) {
      await run(
        `INSERT INTO tier_entry_dependencies (tier, dependency_key, entry_key)
         VALUES ${batch.map(() => '(?, ?, ?)').join(', ')}`,
        batch.flatMap((dependencyKey) => [this.tier, dependencyKey, entry.key]),
      );
    }
  }

  private async deleteRows(
    run: RunStatement,
    condition: string,
    parameters: readonly unknown[],
    returning: string,
  ): Promise<Row[]> {
    const { rows } = await run(
      `DELETE FROM tier_entries WHERE tier = ? AND ${condition} RETURNING ${returning}`,
      [this.tier, ...parameters],
    );
    return rows;
  }

  private recordRemovals(changes: TypeTotalsChanges, rows: readonly Row[]): void {
    for (const row of rows) {
      changes.removed(String(row['type']), Number(row['size_bytes']));
    }
  }

  /** Bumps are advisory (they only rank entries for eviction): a failed batch is dropped. */
  private flushAccesses(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const accesses = this.accesses.take();
      if (accesses.length === 0) {
        return;
      }
      const worth = entryWorthSql(
        `SELECT inflation FROM tier_type_totals totals
         WHERE totals.tier = tier_entries.tier AND totals.type = tier_entries.type`,
        'hits + ?',
        'size_bytes',
      );
      await this.database
        .transaction(async (run) => {
          for (const access of accesses) {
            await run(
              `UPDATE tier_entries SET hits = hits + ?, worth = ${worth},
                 last_access_at = CASE WHEN last_access_at < ? THEN ? ELSE last_access_at END
               WHERE tier = ? AND key = ?`,
              [
                access.hits,
                access.hits,
                access.lastAccessAt,
                access.lastAccessAt,
                this.tier,
                access.key,
              ],
            );
          }
        }, NOT_DURABLE)
        .catch(() => undefined);
    });
    return this.flushing;
  }
}

/**
 * The entries of one tier an invalidation removes, as a condition on `tier_entries` (after
 * `tier = ?`) and the types they have, each found through an index: the primary key, the
 * dependency index, or the (tier, type, …) index.
 */
function selectionOf(
  target: InvalidationTarget,
  tier: string,
  database: TierDatabase,
): {
  condition: string;
  parameters: unknown[];
  types: (run: RunStatement) => Promise<string[]>;
} {
  const typesOf = async (run: RunStatement, sql: string, parameters: unknown[]) =>
    (await run(sql, parameters)).rows.map((row) => String(row['type']));
  switch (target.kind) {
    case 'key':
      return {
        condition: 'key = ?',
        parameters: [target.key],
        types: (run) =>
          typesOf(run, 'SELECT type FROM tier_entries WHERE tier = ? AND key = ?', [
            tier,
            target.key,
          ]),
      };
    case 'dependency':
      return {
        condition: database.inSubquery(
          'key',
          'SELECT entry_key FROM tier_entry_dependencies WHERE tier = ? AND dependency_key = ?',
        ),
        parameters: [tier, target.dependency],
        // Driven from the dependency index: on SQLite a CROSS JOIN fixes the join order, on
        // PostgreSQL the subquery runs first (see inSubquery); either way the entries are then
        // looked up by primary key, never walked through (tier, type, …).
        types: (run) =>
          database.postgres
            ? typesOf(
                run,
                `SELECT DISTINCT type FROM tier_entries WHERE tier = ? AND ${database.inSubquery(
                  'key',
                  'SELECT entry_key FROM tier_entry_dependencies WHERE tier = ? AND dependency_key = ?',
                )}`,
                [tier, tier, target.dependency],
              )
            : typesOf(
                run,
                `SELECT DISTINCT e.type FROM tier_entry_dependencies d CROSS JOIN tier_entries e
                 WHERE d.tier = ? AND d.dependency_key = ? AND e.tier = d.tier
                   AND e.key = d.entry_key`,
                [tier, target.dependency],
              ),
      };
    case 'type':
      return {
        condition: 'type = ?',
        parameters: [target.type],
        types: async () => [target.type],
      };
  }
}

function sumSizes(rows: readonly Row[]): number {
  return rows.reduce((total, row) => total + Number(row['size_bytes']), 0);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    result.push(items.slice(start, start + size));
  }
  return result;
}
