import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { VolatilityService } from '@strata/volatility';
import { JobTracker } from './job-tracker.service';

/** Keeps the volatility history (updates, access statistics, profiles) to its retention. */
@Injectable()
export class VolatilityPruneJob {
  constructor(
    private readonly volatility: VolatilityService,
    private readonly tracker: JobTracker,
  ) {}

  // Half past, away from the hourly jobs on the hour.
  @Cron('30 * * * *', { name: 'volatility-prune' })
  run(): Promise<void> {
    return this.tracker.run('volatility-prune', async () => {
      const removed = await this.volatility.prune();
      return `removed ${Object.entries(removed)
        .map(([table, rows]) => `${rows} ${table}`)
        .join(', ')}`;
    });
  }
}
