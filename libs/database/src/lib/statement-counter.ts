import { Logger as NestLogger } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'typeorm';

/** The statements counted for one measured unit of work, and for the units it runs within. */
interface Measurement {
  statements: number;
  parent?: Measurement;
}

/**
 * A TypeORM logger that counts every SQL statement its data source runs (transaction
 * control included), so that "queries saved" is measured rather than estimated. `measure`
 * attributes statements to a unit of work through its async context, so concurrent loads each
 * get their own cost.
 */
export class StatementCounter implements Logger {
  private statements = 0;
  private readonly logger = new NestLogger('SQL');
  private readonly measurements = new AsyncLocalStorage<Measurement>();
  private readonly listeners: Array<() => void> = [];

  get count(): number {
    return this.statements;
  }

  logQuery(): void {
    this.statements++;
    for (let open = this.measurements.getStore(); open !== undefined; open = open.parent) {
      open.statements++;
    }
    for (const listener of this.listeners) {
      listener();
    }
  }

  /** Runs `work` and counts the statements run on its behalf (those of nested measurements included). */
  async measure<T>(work: () => Promise<T>): Promise<{ result: T; cost: number }> {
    const measurement: Measurement = { statements: 0, parent: this.measurements.getStore() };
    const result = await this.measurements.run(measurement, work);
    return { result, cost: measurement.statements };
  }

  /** Calls `listener` after every statement from now on (sliding windows count them as they come). */
  onStatement(listener: () => void): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  /**
   * A failed statement was counted by logQuery, which TypeORM calls before running any. The
   * error itself goes on to the caller; it is logged at debug only, because the store turns the
   * expected ones (a duplicate id, an unknown reference) into 409 and 400 answers. Parameters are
   * left out: they carry context data.
   */
  logQueryError(error: string | Error, query: string): void {
    this.logger.debug(
      `statement failed: ${error instanceof Error ? error.message : error}: ${query}`,
    );
  }

  logQuerySlow(): void {
    /* slow statements are already counted by logQuery */
  }

  logSchemaBuild(): void {
    /* schema builds only run in tests */
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(): void {
    /* TypeORM's informational messages carry no statements */
  }
}
