import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { JobRunner } from './job-runner.service';
import { JobScheduler } from './job-scheduler.service';
import { ConfigurableSchedulingModule } from './scheduling.module-definition';

/**
 * @nestjs/schedule for `@Scheduled(job)` providers, on the expressions of the options:
 * `SchedulingModule.forRootAsync({ inject: [ConfigService], useFactory: (config) =>
 * ({ schedules: … }) })`. Provides JobRunner, which knows the last runs.
 */
@Module({
  imports: [ScheduleModule.forRoot(), DiscoveryModule],
  providers: [JobRunner, JobScheduler],
  exports: [JobRunner],
})
export class SchedulingModule extends ConfigurableSchedulingModule {}
