import { createHash } from 'node:crypto';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

export type Row = Record<string, unknown>;

export interface StatementResult {
  rows: Row[];
  affected: number;
}

/** Runs one statement; SQL is written with `?` placeholders. */
export type RunStatement = (
  sql: string,
  parameters?: readonly unknown[],
) => Promise<StatementResult>;

// PostgreSQL aborts one side of a deadlock or serialization conflict; the work is safe to redo.
const RETRYABLE_POSTGRES_CODES = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 5;
/** The first key of the tiers' transaction-scoped advisory locks (the second is the scope's hash). */
const TOMBSTONE_LOCK_CLASS = 0x5374_0001;

/** The better-sqlite3 connection under TypeORM's driver, as far as prepared reads need it. */
interface SqliteConnection {
  prepare(sql: string): {
    all(...parameters: unknown[]): Row[];
    pluck(): { get(): unknown };
  };
}

/** The pg pool under TypeORM's driver, as far as named prepared statements need it. */
interface PostgresPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: Row[] }>;
}

let nextDatabaseId = 0;

/**
 * The tiers' database connection, hiding what differs between SQLite and PostgreSQL: the
 * placeholder syntax, how a write transaction starts, and that TypeORM shares one connection
 * on SQLite, so work there is queued rather than interleaved inside another's transaction.
 */
export class TierDatabase {
  private static readonly byDataSource = new WeakMap<DataSource, TierDatabase>();
  /**
   * Names the database as a stamp domain, the same for every connection to it (a SQLite file, a
   * PostgreSQL database and search path); an in-memory SQLite database is its connection's own.
   */
  readonly id: string;
  readonly postgres: boolean;
  private queue: Promise<unknown> = Promise.resolve();
  private versionQuery: { get(): unknown } | undefined;
  private readonly sqliteStatements = new Map<string, { all(...parameters: unknown[]): Row[] }>();

  /** One per DataSource: the warm and cold stores of a process share its queue. */
  static of(dataSource: DataSource): TierDatabase {
    let database = TierDatabase.byDataSource.get(dataSource);
    if (!database) {
      database = new TierDatabase(dataSource);
      TierDatabase.byDataSource.set(dataSource, database);
    }
    return database;
  }

  private constructor(private readonly dataSource: DataSource) {
    this.postgres = dataSource.options.type === 'postgres';
    this.id = domainOf(dataSource);
  }

  /** A statement outside any transaction. */
  run(sql: string, parameters: readonly unknown[] = []): Promise<StatementResult> {
    return this.exclusive(() => this.withRunner((runner) => this.runOn(runner, sql, parameters)));
  }

  /** Reads through TypeORM's entity manager. */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.exclusive(() => work(this.dataSource.manager));
  }

  /**
   * A statement of the read path (a read, a load lease) outside any transaction, as a prepared
   * statement on the driver's own connection (it must return rows: use RETURNING): prepared
   * once per process with better-sqlite3, a named prepared statement per pooled connection with
   * pg, so neither is parsed and planned again, and TypeORM's query building is skipped. Still
   * logged through the data source's logger, so statement counts and plan checks see it.
   */
  prepared(sql: string, parameters: readonly unknown[]): Promise<Row[]> {
    const text = this.placeholders(sql);
    this.dataSource.logger.logQuery(text, [...parameters]);
    if (this.postgres) {
      const pool = (this.dataSource.driver as unknown as { master: PostgresPool }).master;
      const name = `strata_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
      return pool.query({ name, text, values: [...parameters] }).then((result) => result.rows);
    }
    return this.exclusive(async () => {
      let statement = this.sqliteStatements.get(text);
      if (statement === undefined) {
        statement = this.sqliteConnection().prepare(text);
        this.sqliteStatements.set(text, statement);
      }
      return statement.all(...parameters);
    });
  }

  /**
   * SQLite's `PRAGMA data_version`: a number that changes when, and only when, another
   * connection has committed to the file since this one last asked (this connection's own writes
   * leave it alone); undefined on PostgreSQL. No statement runs through TypeORM, nothing is logged.
   */
  dataVersion(): number | undefined {
    if (this.postgres) {
      return undefined;
    }
    // Prepared once: `pragma()` prepares it anew on every call (~14 us against ~1.4 us).
    this.versionQuery ??= this.sqliteConnection().prepare('PRAGMA data_version').pluck();
    return Number(this.versionQuery.get());
  }

  /**
   * `column` is one of `values`: one parameter whatever their number, so one statement text
   * (and one prepared statement) serves every batch size.
   */
  oneOf(column: string, values: readonly string[]): { sql: string; parameter: unknown } {
    return this.postgres
      ? { sql: `${column} = ANY(?::text[])`, parameter: [...values] }
      : { sql: `${column} IN (SELECT value FROM json_each(?))`, parameter: JSON.stringify(values) };
  }

  /**
   * `column` is one of the values `subquery` selects, planned as a lookup by `column`'s index: on
   * PostgreSQL the subquery runs once first (an InitPlan), so the planner cannot choose a join
   * that walks the whole index instead.
   */
  inSubquery(column: string, subquery: string): string {
    return this.postgres ? `${column} = ANY(ARRAY(${subquery}))` : `${column} IN (${subquery})`;
  }

  /**
   * Serialises a conditional write against the invalidations of its scopes across every
   * connection (PostgreSQL; SQLite's IMMEDIATE transactions already are): writes take shared
   * transaction-scoped advisory locks, an invalidation an exclusive one, so one waits for the
   * other's commit and then sees its tombstone or its entry. Sorted, so writers never deadlock.
   */
  async lockScopes(
    run: RunStatement,
    scopes: readonly string[],
    mode: 'shared' | 'exclusive',
  ): Promise<void> {
    if (!this.postgres || scopes.length === 0) {
      return;
    }
    const lock = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
    await run(
      `SELECT ${lock}(${TOMBSTONE_LOCK_CLASS}, hashtext(scope)) FROM unnest(?::text[]) AS scope`,
      [[...new Set(scopes)].sort()],
    );
  }

  /**
   * Atomic work, retried when PostgreSQL resolves a deadlock against it. `durable: false` (cache
   * fills, access counts, sweeps) lets PostgreSQL commit without waiting for the WAL flush: a
   * crash may then lose the last of them, which costs misses, never correctness, while
   * invalidations stay durable, and the log being sequential, so does every fill before them.
   */
  async transaction<T>(
    work: (run: RunStatement) => Promise<T>,
    { durable = true }: { durable?: boolean } = {},
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.exclusive(() =>
          this.withRunner((runner) => this.transactOn(runner, work, durable)),
        );
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !this.isRetryable(error)) {
          throw error;
        }
      }
    }
  }

  private async transactOn<T>(
    runner: QueryRunner,
    work: (run: RunStatement) => Promise<T>,
    durable: boolean,
  ): Promise<T> {
    // SQLite: IMMEDIATE takes the write lock up front (waiting out other processes through the
    // busy timeout) instead of failing when a read inside the transaction must become a write.
    await runner.query(this.postgres ? 'BEGIN' : 'BEGIN IMMEDIATE');
    if (this.postgres && !durable) {
      await runner.query('SET LOCAL synchronous_commit = off');
    }
    try {
      const result = await work((sql, parameters = []) => this.runOn(runner, sql, parameters));
      await runner.query('COMMIT');
      return result;
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  private async runOn(
    runner: QueryRunner,
    sql: string,
    parameters: readonly unknown[],
  ): Promise<StatementResult> {
    const result = await runner.query(this.placeholders(sql), [...parameters], true);
    return { rows: (result.records as Row[] | undefined) ?? [], affected: result.affected ?? 0 };
  }

  private async withRunner<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return await work(runner);
    } finally {
      // SQLite hands out its one shared runner, which must stay open.
      if (this.postgres) {
        await runner.release();
      }
    }
  }

  private sqliteConnection(): SqliteConnection {
    return (this.dataSource.driver as unknown as { databaseConnection: SqliteConnection })
      .databaseConnection;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.postgres) {
      return work();
    }
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private placeholders(sql: string): string {
    if (!this.postgres) {
      return sql;
    }
    let index = 0;
    return sql.replace(/\?/g, () => `$${++index}`);
  }

  private isRetryable(error: unknown): boolean {
    const code = (error as { driverError?: { code?: unknown } }).driverError?.code;
    return this.postgres && typeof code === 'string' && RETRYABLE_POSTGRES_CODES.has(code);
  }
}

function domainOf(dataSource: DataSource): string {
  const options = dataSource.options as {
    type: string;
    url?: string;
    database?: unknown;
    extra?: { options?: string };
  };
  if (options.type === 'postgres') {
    return `database:postgres:${options.url ?? ''}:${options.extra?.options ?? ''}`;
  }
  const file = String(options.database);
  return file === ':memory:' ? `database:memory:${++nextDatabaseId}` : `database:sqlite:${file}`;
}
