import { Injectable } from '@nestjs/common';
import { Scheduled, type ScheduledJob } from '@strata/platform';
import { StrataCache } from '@strata/tiers';

/**
 * Deletes expired entries from the shared warm and cold tiers. Reads already ignore them; the
 * sweep gives their bytes back. The warmer runs it so that api replicas do not all repeat it.
 */
@Injectable()
@Scheduled('tier-sweep')
export class TierSweepJob implements ScheduledJob {
  constructor(private readonly cache: StrataCache) {}

  async run(): Promise<string> {
    const removed = await this.cache.sweepExpired();
    return `removed ${removed} expired entries from the persistent tiers`;
  }
}
