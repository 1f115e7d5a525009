import type { Logger } from 'typeorm';

/**
 * A TypeORM logger that counts every SQL statement its data source runs (transaction
 * control included), so that "queries saved" is measured rather than estimated.
 */
export class StatementCounter implements Logger {
  private statements = 0;

  get count(): number {
    return this.statements;
  }

  logQuery(): void {
    this.statements++;
  }

  logQueryError(error: string | Error, query: string): void {
    // Failed statements still reached the database, so they count too.
    this.statements++;
    void error;
    void query;
  }

  logQuerySlow(): void {
    /* slow statements are already counted by logQuery */
  }

  logSchemaBuild(): void {
    /* schema builds only run in tests */
  }

  logMigration(): void {
    /* migrations are not part of the serving workload */
  }

  log(): void {
    /* TypeORM's informational messages carry no statements */
  }
}
