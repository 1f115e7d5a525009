import { Logger as NestLogger } from '@nestjs/common';
import type { Logger } from 'typeorm';

/**
 * A TypeORM logger that counts every SQL statement its data source runs (transaction
 * control included), so that "queries saved" is measured rather than estimated.
 */
export class StatementCounter implements Logger {
  private statements = 0;
  private readonly logger = new NestLogger('SQL');

  get count(): number {
    return this.statements;
  }

  logQuery(): void {
    this.statements++;
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
