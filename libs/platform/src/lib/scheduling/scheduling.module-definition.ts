import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { CronSchedules } from './cron-schedules';

export interface SchedulingOptions {
  /** Each `@Scheduled` job's cron expression, by name: the validated `cronSchedulesFromEnv`. */
  schedules: CronSchedules;
}

export const {
  ConfigurableModuleClass: ConfigurableSchedulingModule,
  MODULE_OPTIONS_TOKEN: SCHEDULING_OPTIONS,
} = new ConfigurableModuleBuilder<SchedulingOptions>().setClassMethodName('forRoot').build();
