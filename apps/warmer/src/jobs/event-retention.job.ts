import { Inject, Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { EventLog } from '@strata/contexts';
import { WARMER_CONFIG, type WarmerConfig } from '../warmer-config';
import { JobTracker } from './job-tracker.service';

/** Keeps the login/checkout history that warming learns from to its retention window. */
@Injectable()
export class EventRetentionJob {
  constructor(
    private readonly events: EventLog,
    private readonly tracker: JobTracker,
    @Inject(WARMER_CONFIG) private readonly config: WarmerConfig,
  ) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'event-retention' })
  run(): Promise<void> {
    return this.tracker.run('event-retention', async () => {
      const cutoff = Date.now() - this.config.eventRetentionHours * 3_600_000;
      const removed = await this.events.pruneBefore(cutoff);
      return `removed ${removed} events older than ${this.config.eventRetentionHours} h`;
    });
  }
}
