import { SetMetadata } from '@nestjs/common';

export const SCHEDULED_JOB = 'strata:scheduled-job';

/**
 * A provider the scheduler runs on the cron expression the configuration gives `job` (its key
 * in CronSchedules and in SchedulerRegistry). `run` does the work and says what it did.
 */
export interface ScheduledJob {
  run(): Promise<string>;
}

/** Marks a ScheduledJob provider, as `@Cron` marks a method, but with the expression from config. */
export const Scheduled = (job: string): ClassDecorator => SetMetadata(SCHEDULED_JOB, job);
