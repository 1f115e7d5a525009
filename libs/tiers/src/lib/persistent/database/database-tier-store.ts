import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import { entrySizeBytes } from '../../core/cache-entry';
import type { CacheEntry } from '../../core/cache-entry';
import { systemClock } from '../../core/clock';
import type { Clock } from '../../core/clock';
import type { PersistentTierStore, TierOccupancyReport } from '../../core/tier-store';
import { entryWorth, entryWorthSql } from '../entry-worth';
import { EvictionTally } from '../eviction-tally';
import { occupancyReport } from '../occupancy-report';
import type { PersistentTierStoreOptions } from '../persistent-tier-store-options';
import { TierBudgets } from '../tier-budgets';
import type { PersistentTierName } from '../tier-budgets';
import { AccessLog } from './access-log';
import { entryFromRawRow, entryFromRow } from './entry-row-mapping';
import { TierDatabase } from './tier-database';
import type { Row, RunStatement } from './tier-database';
import { TierEntryRow } from './tier-entry-row.entity';
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

/**
 * The warm or cold tier in the database (SQLite or PostgreSQL). Both tiers share the tables,
 * told apart by the `tier` column. Replicas share them too: every write is one transaction that
 * locks its types' totals rows first, so byte totals stay exact and budgets hold across
 * processes without summing the entries table.
 */
export class DatabaseTierStore implements PersistentTierStore {
  readonly tier: PersistentTierName;
  private readonly database: TierDatabase;
  private readonly budgets: TierBudgets;
  private readonly clock: Clock;
  private readonly evictions = new EvictionTally();
  private readonly accesses = new AccessLog();
  private readonly flushTimer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(options: DatabaseTierStoreOptions) {
    this.tier = options.tier;
    this.database = TierDatabase.of(options.dataSource);
    this.budgets = new TierBudgets(options);
    this.clock = options.clock ?? systemClock;
    this.flushTimer = setInterval(() => void this.flushAccesses(), ACCESS_FLUSH_INTERVAL_MS);
    this.flushTimer.unref();
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    return (await this.getMany([key])).get(key);
  }

  async getMany(keys: readonly string[]): Promise<Map<string, CacheEntry>> {
    const now = this.clock.now();
    const found = new Map<string, CacheEntry>();
    for (const batch of chunks([...new Set(keys)], BATCH_SIZE)) {
      const rows = await this.database.read((manager) =>
        manager.findBy(TierEntryRow, { tier: this.tier, key: In(batch) }),
      );
      for (const row of rows) {
        if (now < row.staleUntil) {
          found.set(row.key, entryFromRow(row));
          this.accesses.record(row.key, now);
        }
      }
    }
    if (this.accesses.size >= ACCESS_FLUSH_KEYS) {
      void this.flushAccesses();
    }
    return found;
  }

  async set(entry: CacheEntry): Promise<CacheEntry[]> {
    // Eviction ranks by worth, so the reads it has not seen yet are written first.
    await this.flushAccesses();
    const now = this.clock.now();
    const sizeBytes = entrySizeBytes(entry);
    const budgetBytes = this.budgets.budgetFor(entry.type);
    const { evicted, evictedCount } = await this.database.transaction(async (run) => {
      const totals = await lockTypeTotals(run, this.tier, entry.type);
      const changes = new TypeTotalsChanges();
      const replaced = await this.deleteRows(run, 'key = ?', [entry.key], 'type, size_bytes, hits');
      this.recordRemovals(changes, replaced);
      if (sizeBytes > budgetBytes) {
        await changes.save(run, this.tier);
        return { evicted: now < entry.expiresAt ? [entry] : [], evictedCount: 1 };
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
      return eviction;
    });
    this.evictions.add(entry.type, evictedCount);
    return evicted;
  }

  async delete(key: string): Promise<boolean> {
    return (await this.deleteWhere('key = ?', [key])) > 0;
  }

  deleteByDependency(dependencyKey: string): Promise<number> {
    return this.deleteWhere(
      'key IN (SELECT entry_key FROM tier_entry_dependencies WHERE tier = ? AND dependency_key = ?)',
      [this.tier, dependencyKey],
    );
  }

  deleteByType(type: string): Promise<number> {
    return this.deleteWhere('type = ?', [type]);
  }

  async sweepExpired(): Promise<number> {
    let swept = 0;
    for (;;) {
      const deleted = await this.deleteWhere(
        `key IN (SELECT key FROM tier_entries WHERE tier = ? AND stale_until <= ?
                 ORDER BY stale_until LIMIT ${BATCH_SIZE})`,
        [this.tier, this.clock.now()],
      );
      swept += deleted;
      if (deleted < BATCH_SIZE) {
        return swept;
      }
    }
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
      const evictedRows = await this.deleteRows(
        run,
        `key IN (${victims.map(() => '?').join(', ')})`,
        victims,
        '*',
      );
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
         stale_until, band, size_bytes, hits, last_access_at, worth)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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

  /** Deletes the selected entries with exact totals; their dependency rows go by cascade. */
  private deleteWhere(condition: string, parameters: readonly unknown[]): Promise<number> {
    return this.database.transaction(async (run) => {
      const { rows: types } = await run(
        `SELECT DISTINCT type FROM tier_entries WHERE tier = ? AND (${condition})`,
        [this.tier, ...parameters],
      );
      for (const type of types.map((row) => String(row['type'])).sort()) {
        await lockTypeTotals(run, this.tier, type);
      }
      const changes = new TypeTotalsChanges();
      const deleted = await this.deleteRows(run, condition, parameters, 'type, size_bytes');
      this.recordRemovals(changes, deleted);
      await changes.save(run, this.tier);
      return deleted.length;
    });
  }

  private async deleteRows(
    run: RunStatement,
    condition: string,
    parameters: readonly unknown[],
    returning: string,
  ): Promise<Row[]> {
    const { rows } = await run(
      `DELETE FROM tier_entries WHERE tier = ? AND (${condition}) RETURNING ${returning}`,
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
        })
        .catch(() => undefined);
    });
    return this.flushing;
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
