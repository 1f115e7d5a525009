import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { StrataCache } from '@strata/tiers';
import { JobTracker } from './job-tracker.service';

/**
 * Deletes expired entries from the shared warm and cold tiers. Reads already ignore them; the
 * sweep gives their bytes back. The warmer runs it so that api replicas do not all repeat it.
 */
@Injectable()
export class TierSweepJob {
  constructor(
    private readonly cache: StrataCache,
    private readonly tracker: JobTracker,
  ) {}

  @Cron(CronExpression.EVERY_MINUTE, { name: 'tier-sweep' })
  run(): Promise<void> {
    return this.tracker.run('tier-sweep', async () => {
      const removed = await this.cache.sweepExpired();
      return `removed ${removed} expired entries from the persistent tiers`;
    });
  }
}
