import { In, LessThan, Like, MoreThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import { AccessStats } from '../aggregator/access-stats';
import type { FlushBatch, PendingKeyStats } from '../aggregator/flush-batch';
import { KeyHourRow } from './rows/key-hour-row.entity';
import { KeyStatsRow } from './rows/key-stats-row.entity';
import { ReadAfterRow } from './rows/read-after-row.entity';
import { SessionRow } from './rows/session-row.entity';
import { TypeHourRow } from './rows/type-hour-row.entity';
import { UpdateRow } from './rows/update-row.entity';

/** Rows per statement: well inside SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 200;

function chunks<T>(rows: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < rows.length; start += CHUNK) {
    result.push(rows.slice(start, start + CHUNK));
  }
  return result;
}

/** The later of a stored and an incoming timestamp, in SQL both databases speak. */
const later = (table: string, column: string) =>
  `${column} = CASE WHEN excluded.${column} > ${table}.${column} THEN excluded.${column} ELSE ${table}.${column} END`;

export interface LoadedHistory {
  keyStats: KeyStatsRow[];
  updates: UpdateRow[];
  sessions: SessionRow[];
}

export interface PruneResult {
  updates: number;
  keyStats: number;
  keyHours: number;
  readAfter: number;
  sessions: number;
}

/**
 * The analytics' tables. Counters are added in the database (`ON CONFLICT … DO UPDATE SET n =
 * n + excluded.n`), so replicas flushing the same key add up instead of overwriting each other.
 * Work is queued: on SQLite TypeORM shares one connection, and a transaction must not interleave.
 */
export class VolatilityStore {
  private readonly postgres: boolean;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly halfLifeMs: number,
  ) {
    this.postgres = dataSource.options.type === 'postgres';
  }

  write(batch: FlushBatch): Promise<void> {
    return this.exclusive(() =>
      this.dataSource.transaction(async (manager) => {
        for (const rows of chunks(batch.updates)) {
          await manager.insert(
            UpdateRow,
            rows.map(({ key, at }) => ({ entityKey: key, at })),
          );
        }
        await this.mergeKeyStats(manager, batch.keyStats);
        await this.addCounts(
          manager,
          'volatility_type_hours',
          ['type', 'hour', 'accesses'],
          ['type', 'hour'],
          'accesses',
          batch.typeHours.map((row) => [row.type, row.hour, row.count]),
        );
        await this.addCounts(
          manager,
          'volatility_key_hours',
          ['entity_key', 'hour', 'accesses', 'last_at'],
          ['entity_key', 'hour'],
          'accesses',
          batch.keyHours.map((row) => [row.key, row.hour, row.count, row.lastAt]),
        );
        await this.addCounts(
          manager,
          'volatility_read_after',
          ['previous_key', 'next_key', 'reads', 'last_at'],
          ['previous_key', 'next_key'],
          'reads',
          batch.readAfter.map((row) => [row.previousKey, row.nextKey, row.count, row.lastAt]),
        );
        for (const rows of chunks(batch.logins)) {
          await this.upsert(
            manager,
            'volatility_sessions',
            ['user_id', 'last_login_at'],
            ['user_id'],
            later('volatility_sessions', 'last_login_at'),
            rows.map((row) => [row.userId, row.at]),
          );
        }
      }),
    );
  }

  /** What a restart needs to score at once: the most recently read keys, recent updates and sessions. */
  load(
    now: number,
    keys: number,
    updateWindowMs: number,
    sessionMs: number,
  ): Promise<LoadedHistory> {
    return this.exclusive(async () => ({
      keyStats: await this.dataSource.manager.find(KeyStatsRow, {
        order: { lastAccessAt: 'DESC' },
        take: keys,
      }),
      updates: await this.dataSource.manager.find(UpdateRow, {
        where: { at: MoreThanOrEqual(now - updateWindowMs) },
        order: { at: 'ASC' },
      }),
      sessions: await this.dataSource.manager.find(SessionRow, {
        where: { lastLoginAt: MoreThanOrEqual(now - sessionMs) },
      }),
    }));
  }

  /** Deletes what is older than `before`; the daily type profiles are small and kept. */
  prune(before: number): Promise<PruneResult> {
    return this.exclusive(() =>
      this.dataSource.transaction(async (manager) => ({
        updates: (await manager.delete(UpdateRow, { at: LessThan(before) })).affected ?? 0,
        keyStats:
          (await manager.delete(KeyStatsRow, { lastAccessAt: LessThan(before) })).affected ?? 0,
        keyHours: (await manager.delete(KeyHourRow, { lastAt: LessThan(before) })).affected ?? 0,
        readAfter: (await manager.delete(ReadAfterRow, { lastAt: LessThan(before) })).affected ?? 0,
        sessions:
          (await manager.delete(SessionRow, { lastLoginAt: LessThan(before) })).affected ?? 0,
      })),
    );
  }

  /** Accesses per UTC hour of the day (24 numbers) of a type, or of one key. */
  hourProfile(of: { type: string } | { key: string }): Promise<number[]> {
    return this.exclusive(async () => {
      const rows =
        'type' in of
          ? await this.dataSource.manager.find(TypeHourRow, { where: { type: of.type } })
          : await this.dataSource.manager.find(KeyHourRow, { where: { entityKey: of.key } });
      const profile = new Array<number>(24).fill(0);
      for (const row of rows) {
        profile[row.hour] = row.accesses;
      }
      return profile;
    });
  }

  /** Keys of the type read since `since`, by decayed read weight, heaviest first. */
  mostRead(
    type: string,
    since: number,
    limit: number,
  ): Promise<Array<{ key: string; reads: number }>> {
    return this.exclusive(async () => {
      const rows = await this.dataSource.manager.find(KeyStatsRow, {
        where: { type, lastAccessAt: MoreThanOrEqual(since) },
        order: { weight: 'DESC' },
        take: limit,
      });
      return rows.map((row) => ({ key: row.entityKey, reads: row.accesses }));
    });
  }

  /**
   * The keys starting with `prefix` read most at one UTC hour of the day over the whole kept
   * history, most first: what that hour needed on the days before.
   */
  hourLeaders(
    prefix: string,
    hour: number,
    limit: number,
  ): Promise<Array<{ key: string; reads: number }>> {
    return this.exclusive(async () => {
      const rows = await this.dataSource.manager.find(KeyHourRow, {
        where: { hour, entityKey: Like(`${prefix}%`) },
        order: { accesses: 'DESC' },
        take: limit,
      });
      return rows.map((row) => ({ key: row.entityKey, reads: row.accesses }));
    });
  }

  /** Keys of the type by every access ever flushed (undecayed), most first: lasting popularity. */
  mostAccessed(type: string, limit: number): Promise<Array<{ key: string; reads: number }>> {
    return this.exclusive(async () => {
      const rows = await this.dataSource.manager.find(KeyStatsRow, {
        where: { type },
        order: { accesses: 'DESC' },
        take: limit,
      });
      return rows.map((row) => ({ key: row.entityKey, reads: row.accesses }));
    });
  }

  /** The keys most often read shortly after `key`, most frequent first. */
  readAfter(key: string, limit: number): Promise<Array<{ key: string; reads: number }>> {
    return this.exclusive(async () => {
      const rows = await this.dataSource.manager.find(ReadAfterRow, {
        where: { previousKey: key },
        order: { reads: 'DESC' },
        take: limit,
      });
      return rows.map((row) => ({ key: row.nextKey, reads: row.reads }));
    });
  }

  /** Decayed sums add up (AccessStats), so the stored row and the flushed delta merge exactly. */
  private async mergeKeyStats(
    manager: EntityManager,
    pending: readonly PendingKeyStats[],
  ): Promise<void> {
    for (const rows of chunks(pending)) {
      const query = manager
        .getRepository(KeyStatsRow)
        .createQueryBuilder('row')
        .where({ entityKey: In(rows.map((row) => row.key)) });
      const stored = await (this.postgres ? query.setLock('pessimistic_write') : query).getMany();
      const byKey = new Map(stored.map((row) => [row.entityKey, row]));
      const merged = rows.map((row) => {
        const existing = byKey.get(row.key);
        const stats = existing ? statsOf(existing).plus(row.stats, this.halfLifeMs) : row.stats;
        return {
          entityKey: row.key,
          type: row.type,
          accesses: (existing?.accesses ?? 0) + row.accesses,
          lastAccessAt: Math.max(existing?.lastAccessAt ?? 0, row.lastAccessAt),
          decayedAt: stats.decayedAt,
          weight: stats.weight,
          activeWeight: stats.activeWeight,
          intervalWeight: stats.intervalWeight,
          intervalSum: stats.intervalSum,
          intervalSumOfSquares: stats.intervalSumOfSquares,
        };
      });
      await manager.upsert(KeyStatsRow, merged, ['entityKey']);
    }
  }

  private async addCounts(
    manager: EntityManager,
    table: string,
    columns: readonly string[],
    conflict: readonly string[],
    counter: string,
    rows: readonly unknown[][],
  ): Promise<void> {
    const assignments = [`${counter} = ${table}.${counter} + excluded.${counter}`];
    if (columns.includes('last_at')) {
      assignments.push(later(table, 'last_at'));
    }
    for (const chunk of chunks(rows)) {
      await this.upsert(manager, table, columns, conflict, assignments.join(', '), chunk);
    }
  }

  private async upsert(
    manager: EntityManager,
    table: string,
    columns: readonly string[],
    conflict: readonly string[],
    assignments: string,
    rows: readonly unknown[][],
  ): Promise<void> {
    if (rows.length === 0) {
      return;
    }
    let index = 0;
    const placeholder = () => (this.postgres ? `$${++index}` : '?');
    const values = rows.map((row) => `(${row.map(placeholder).join(', ')})`).join(', ');
    await manager.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values} ` +
        `ON CONFLICT (${conflict.join(', ')}) DO UPDATE SET ${assignments}`,
      rows.flat(),
    );
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

export function statsOf(row: KeyStatsRow): AccessStats {
  return new AccessStats(
    row.decayedAt,
    row.weight,
    row.activeWeight,
    row.intervalWeight,
    row.intervalSum,
    row.intervalSumOfSquares,
  );
}
