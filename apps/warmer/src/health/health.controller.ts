import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DependencyChecks } from '@strata/platform';
import { JobTracker } from '../jobs/job-tracker.service';
import { WARMER_CONFIG, type WarmerConfig } from '../warmer-config';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dependencies: DependencyChecks,
    private readonly tracker: JobTracker,
    @Inject(WARMER_CONFIG) private readonly config: WarmerConfig,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      ...this.dependencies.for(this.config.redisUrl),
      // Jobs report, they do not gate: a failed run is retried on schedule and shows here.
      () =>
        this.indicators.check('jobs').up({
          lastCompletedJob: this.tracker.lastCompletedJob,
          lastFailedJob: this.tracker.lastFailedJob,
        }),
    ]);
  }
}
