import { Controller, Get } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { answerHealth, DependencyChecks, JobRunner, terminusReport } from '@strata/platform';
import { BusHealth } from '@strata/tiers';

@Controller('health')
export class HealthController {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly dependencies: DependencyChecks,
    private readonly jobs: JobRunner,
    private readonly bus: BusHealth,
  ) {}

  @Get()
  async check() {
    return answerHealth(terminusReport(await this.readiness()));
  }

  @Get('ready')
  async ready() {
    return answerHealth(await this.readiness());
  }

  @Get('live')
  live() {
    return terminusReport(this.dependencies.liveness());
  }

  private readiness() {
    return this.dependencies.readiness({
      optional: [
        // Jobs report, they do not gate: a failed run is retried on schedule and shows here.
        () =>
          this.indicators.check('jobs').up({
            lastCompletedJob: this.jobs.lastCompletedJob,
            lastFailedJob: this.jobs.lastFailedJob,
          }),
        this.bus.indicator(),
      ],
    });
  }
}
