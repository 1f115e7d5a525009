import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { CONTEXTS_DATA_SOURCE } from '@strata/contexts';
import type { DataSource } from 'typeorm';
import { withTimeout } from './with-timeout';

/** The source of truth answers a trivial query in time. */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    @Inject(CONTEXTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'database', timeoutMs = 2000) {
    const indicator = this.health.check(key);
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), timeoutMs);
      return indicator.up({ type: this.dataSource.options.type });
    } catch (error) {
      return indicator.down({
        type: this.dataSource.options.type,
        message: (error as Error).message,
      });
    }
  }
}
