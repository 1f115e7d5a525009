import { Injectable } from '@nestjs/common';
import { Scheduled, type ScheduledJob } from '@strata/platform';
import { VolatilityService } from '@strata/volatility';

/** Keeps the volatility history (updates, access statistics, profiles) to its retention. */
@Injectable()
@Scheduled('volatility-prune')
export class VolatilityPruneJob implements ScheduledJob {
  constructor(private readonly volatility: VolatilityService) {}

  async run(): Promise<string> {
    const removed = await this.volatility.prune();
    return `removed ${Object.entries(removed)
      .map(([table, rows]) => `${rows} ${table}`)
      .join(', ')}`;
  }
}
