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

/**
 * The tiers' database connection, hiding what differs between SQLite and PostgreSQL: the
 * placeholder syntax, how a write transaction starts, and that TypeORM shares one connection
 * on SQLite, so work there is queued rather than interleaved inside another's transaction.
 */
export class TierDatabase {
  private static readonly byDataSource = new WeakMap<DataSource, TierDatabase>();
  private readonly postgres: boolean;
  private queue: Promise<unknown> = Promise.resolve();

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
  }

  /** A statement outside any transaction. */
  run(sql: string, parameters: readonly unknown[] = []): Promise<StatementResult> {
    return this.exclusive(() => this.withRunner((runner) => this.runOn(runner, sql, parameters)));
  }

  /** Reads through TypeORM's entity manager. */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.exclusive(() => work(this.dataSource.manager));
  }

  /** Atomic work, retried when PostgreSQL resolves a deadlock against it. */
  async transaction<T>(work: (run: RunStatement) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.exclusive(() =>
          this.withRunner((runner) => this.transactOn(runner, work)),
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
  ): Promise<T> {
    // SQLite: IMMEDIATE takes the write lock up front (waiting out other processes through the
    // busy timeout) instead of failing when a read inside the transaction must become a write.
    await runner.query(this.postgres ? 'BEGIN' : 'BEGIN IMMEDIATE');
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
