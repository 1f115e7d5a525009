import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { answerHealth, DependencyChecks, PublicRoute, terminusReport } from '@strata/platform';
import { BusHealth } from '@strata/tiers';
import { StartupWarming } from '@strata/warming';
import { HealthReportDto, ReadinessReportDto } from '../dto/responses/health-report.dto';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dependencies: DependencyChecks,
    private readonly bus: BusHealth,
    private readonly startup: StartupWarming,
  ) {}

  @Get()
  @PublicRoute()
  @ApiOkResponse({
    type: HealthReportDto,
    description:
      'Ready: the source of truth is up (an optional dependency that is down is listed under error)',
  })
  @ApiServiceUnavailableResponse({
    type: HealthReportDto,
    description: 'The source of truth is down',
  })
  async check() {
    return answerHealth(terminusReport(await this.readiness()));
  }

  @Get('ready')
  @PublicRoute()
  @ApiOkResponse({
    type: ReadinessReportDto,
    description:
      'Should get traffic: the source of truth is up and start-up warming has finished (or hit its time limit); `degraded` names optional dependencies that are down',
  })
  @ApiServiceUnavailableResponse({
    type: ReadinessReportDto,
    description:
      'The source of truth is down, or start-up warming is still filling the hot tier (`startupWarming` down)',
  })
  async ready() {
    return answerHealth(await this.readiness());
  }

  @Get('live')
  @PublicRoute()
  @ApiOkResponse({
    type: HealthReportDto,
    description: 'The process works (it answers); nothing outside it is asked',
  })
  live() {
    return terminusReport(this.dependencies.liveness());
  }

  /**
   * The bus is optional: while it is down the cache caps its hot entries, so it degrades, never
   * gates. Start-up warming gates, but only until it finishes or its time limit passes.
   */
  private readiness() {
    return this.dependencies.readiness({
      required: [this.startup.indicator()],
      optional: [this.bus.indicator()],
    });
  }
}
