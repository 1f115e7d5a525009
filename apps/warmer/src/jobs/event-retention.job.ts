import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventLog } from '@strata/contexts';
import { Scheduled, type ScheduledJob } from '@strata/platform';
import type { WarmerConfig } from '../warmer-config';

/** Keeps the login/checkout history that warming learns from to its retention window. */
@Injectable()
@Scheduled('event-retention')
export class EventRetentionJob implements ScheduledJob {
  private readonly hours: number;

  constructor(
    private readonly events: EventLog,
    config: ConfigService<WarmerConfig, true>,
  ) {
    this.hours = config.get('eventRetention', { infer: true }).hours;
  }

  async run(): Promise<string> {
    const removed = await this.events.pruneBefore(Date.now() - this.hours * 3_600_000);
    return `removed ${removed} events older than ${this.hours} h`;
  }
}
