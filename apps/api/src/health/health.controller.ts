import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { DependencyChecks, PublicRoute } from '@strata/platform';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly dependencies: DependencyChecks,
  ) {}

  @Get()
  @PublicRoute()
  @HealthCheck()
  check() {
    return this.health.check(this.dependencies.indicators());
  }
}
