import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DependencyChecks, JobRunner } from '@strata/platform';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dependencies: DependencyChecks,
    private readonly jobs: JobRunner,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      ...this.dependencies.indicators(),
      // Jobs report, they do not gate: a failed run is retried on schedule and shows here.
      () =>
        this.indicators.check('jobs').up({
          lastCompletedJob: this.jobs.lastCompletedJob,
          lastFailedJob: this.jobs.lastFailedJob,
        }),
    ]);
  }
}
