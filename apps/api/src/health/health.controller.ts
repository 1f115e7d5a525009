import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import {
  DatabaseHealthIndicator,
  PublicRoute,
  RedisHealthIndicator,
  type ServerConfig,
} from '@strata/platform';
import { SERVER_CONFIG } from '../server-config.token';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  @Get()
  @PublicRoute()
  @HealthCheck()
  check() {
    const redisUrl = this.config.redisUrl;
    return this.health.check([
      () => this.database.check(),
      ...(redisUrl ? [() => this.redis.check(redisUrl)] : []),
    ]);
  }
}
