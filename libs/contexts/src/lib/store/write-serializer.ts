import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs write transactions. TypeORM's SQLite drivers share one connection, on which two
 * interleaved transactions would fail or mix, so SQLite transactions queue one after the other;
 * PostgreSQL runs them side by side on its pool.
 */
export class WriteSerializer {
  private tail: Promise<unknown> = Promise.resolve();
  /** True where transactions run one at a time (SQLite). */
  readonly serial: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.serial = dataSource.options.type !== 'postgres';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serial) {
      return this.dataSource.transaction(work);
    }
    const result = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }
}
