import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { JobRunner } from './job-runner.service';
import { SCHEDULED_JOB, type ScheduledJob } from './scheduled-job';
import { SCHEDULING_OPTIONS, type SchedulingOptions } from './scheduling.module-definition';

/**
 * Finds every `@Scheduled(job)` provider and registers it with SchedulerRegistry under its name,
 * on the expression the configuration gives it, each tick run through JobRunner so that a run
 * never overlaps the previous one. Jobs start once the application has; ScheduleModule stops
 * them on shutdown.
 */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap {
  constructor(
    @Inject(SCHEDULING_OPTIONS) private readonly options: SchedulingOptions,
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly registry: SchedulerRegistry,
    private readonly runner: JobRunner,
  ) {}

  onApplicationBootstrap(): void {
    for (const { name, job } of this.jobs()) {
      const expression = this.options.schedules[name];
      if (expression === undefined) {
        throw new Error(`@Scheduled('${name}') has no cron expression in the configuration`);
      }
      const cron = CronJob.from({
        cronTime: expression,
        onTick: async () => {
          await this.runner.run(name, () => job.run());
        },
        name,
      });
      this.registry.addCronJob(name, cron);
      cron.start();
    }
  }

  private jobs(): Array<{ name: string; job: ScheduledJob }> {
    return this.discovery.getProviders().flatMap((wrapper) => {
      const name = wrapper.metatype
        ? this.reflector.get<string | undefined>(SCHEDULED_JOB, wrapper.metatype)
        : undefined;
      return name && wrapper.instance ? [{ name, job: wrapper.instance as ScheduledJob }] : [];
    });
  }
}
