import type { CronScheduleSpec } from '@strata/platform';

/** Every job the warmer schedules, the variable of its cron expression, and its default. */
export const WARMER_SCHEDULES: readonly CronScheduleSpec[] = [
  { job: 'event-retention', variable: 'STRATA_CRON_EVENT_RETENTION', defaultCron: '0 * * * *' },
  { job: 'tier-sweep', variable: 'STRATA_CRON_TIER_SWEEP', defaultCron: '* * * * *' },
  // Half past, away from the hourly jobs on the hour.
  { job: 'volatility-prune', variable: 'STRATA_CRON_VOLATILITY_PRUNE', defaultCron: '30 * * * *' },
  // DESIGN §6's warming schedule.
  { job: 'warm-daily-contexts', variable: 'STRATA_CRON_WARM_DAILY', defaultCron: '0 2 * * *' },
  { job: 'warm-active-tasks', variable: 'STRATA_CRON_WARM_ACTIVE_TASKS', defaultCron: '0 * * * *' },
  {
    job: 'warm-recent-most-read',
    variable: 'STRATA_CRON_WARM_RECENT',
    defaultCron: '*/15 * * * *',
  },
  // A minute before each quarter: the prediction is for the window about to start.
  {
    job: 'warm-predictive',
    variable: 'STRATA_CRON_WARM_PREDICTIVE',
    defaultCron: '14,29,44,59 * * * *',
  },
];
