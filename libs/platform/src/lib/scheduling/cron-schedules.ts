import { validateCronExpression } from 'cron';
import type { ConfigParser } from '../config/config-sections';

/** A scheduled job's place in the configuration: its variable and its default expression. */
export interface CronScheduleSpec {
  /** The job's name, as ScheduledJob.name and SchedulerRegistry know it. */
  job: string;
  variable: string;
  defaultCron: string;
}

/** The cron expression of every job, by job name. */
export type CronSchedules = Readonly<Record<string, string>>;

/**
 * The scheduling section of an application's configuration: each job's expression from its
 * variable (or the default), validated as cron (5 fields, or 6 with seconds) at start.
 */
export function cronSchedulesFromEnv(
  specs: readonly CronScheduleSpec[],
): ConfigParser<CronSchedules> {
  return (env) => {
    const schedules: Record<string, string> = {};
    const problems: string[] = [];
    for (const { job, variable, defaultCron } of specs) {
      const expression = env[variable] ?? defaultCron;
      const { valid, error } = validateCronExpression(expression);
      if (!valid) {
        problems.push(
          `${variable} "${expression}" is not a cron expression (${error?.message ?? 'unreadable'}); e.g. "${defaultCron}"`,
        );
      }
      schedules[job] = expression;
    }
    return { config: schedules, problems };
  };
}
