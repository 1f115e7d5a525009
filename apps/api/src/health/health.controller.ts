import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { DependencyChecks, PublicRoute } from '@strata/platform';
import { HealthReportDto } from '../dto/responses/health-report.dto';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly dependencies: DependencyChecks,
  ) {}

  @Get()
  @PublicRoute()
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({ type: HealthReportDto, description: 'Every dependency is up' })
  @ApiServiceUnavailableResponse({ type: HealthReportDto, description: 'A dependency is down' })
  check() {
    return this.health.check(this.dependencies.indicators());
  }
}
