import { Injectable } from '@nestjs/common';
import { Scheduled, type ScheduledJob } from '@strata/platform';
import { ScheduledWarming, type ScheduledRun } from '@strata/warming';

function summary(run: ScheduledRun): string {
  const { loaded, present, overtaken, failed } = run.outcomes;
  return (
    `warmed ${loaded} of ${run.proposed} keys (${present} already cached, ${overtaken} overtaken, ` +
    `${failed} failed) for ${run.statements} source statements`
  );
}

/** Daily at 02:00 by default: every project context and user into the shared tiers. */
@Injectable()
@Scheduled('warm-daily-contexts')
export class WarmDailyContextsJob implements ScheduledJob {
  constructor(private readonly warming: ScheduledWarming) {}

  async run(): Promise<string> {
    return summary(await this.warming.run('daily-contexts'));
  }
}

/** Hourly at :00 by default: the contexts of the tasks written lately. */
@Injectable()
@Scheduled('warm-active-tasks')
export class WarmActiveTasksJob implements ScheduledJob {
  constructor(private readonly warming: ScheduledWarming) {}

  async run(): Promise<string> {
    return summary(await this.warming.run('hourly-active-tasks'));
  }
}

/** Every 15 minutes by default: the contexts read most in the recent past. */
@Injectable()
@Scheduled('warm-recent-most-read')
export class WarmRecentMostReadJob implements ScheduledJob {
  constructor(private readonly warming: ScheduledWarming) {}

  async run(): Promise<string> {
    return summary(await this.warming.run('recent-most-read'));
  }
}

/** Every 15 minutes by default, just before each quarter: what the next window is predicted to read. */
@Injectable()
@Scheduled('warm-predictive')
export class WarmPredictiveJob implements ScheduledJob {
  constructor(private readonly warming: ScheduledWarming) {}

  async run(): Promise<string> {
    return summary(await this.warming.run('predictive'));
  }
}
