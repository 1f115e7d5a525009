import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { answerHealth, DependencyChecks, PublicRoute, terminusReport } from '@strata/platform';
import { BusHealth } from '@strata/tiers';
import { HealthReportDto, ReadinessReportDto } from '../dto/responses/health-report.dto';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dependencies: DependencyChecks,
    private readonly bus: BusHealth,
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
      'Should get traffic: the source of truth is up; `degraded` names optional dependencies that are down',
  })
  @ApiServiceUnavailableResponse({
    type: ReadinessReportDto,
    description: 'The source of truth is down',
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

  /** The bus is optional: while it is down the cache caps its hot entries, so it degrades, never gates. */
  private readiness() {
    return this.dependencies.readiness({ optional: [this.bus.indicator()] });
  }
}
