import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { TypeOrmHealthIndicator, type HealthIndicatorFunction } from '@nestjs/terminus';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HEALTH_MODULE_OPTIONS, type HealthModuleOptions } from './health.module-definition';
import { RedisHealthIndicator } from './redis.health';

const DEFAULT_TIMEOUT_MS = 2000;

/**
 * The dependencies an application requires, as terminus indicators: a `pingCheck` of every
 * database connection it names, and Redis when one is configured. A controller hands
 * `indicators()` to HealthCheckService, with any indicators of its own.
 */
@Injectable()
export class DependencyChecks {
  constructor(
    @Inject(HEALTH_MODULE_OPTIONS) private readonly options: HealthModuleOptions,
    private readonly typeorm: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly moduleRef: ModuleRef,
  ) {}

  indicators(): HealthIndicatorFunction[] {
    const timeout = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const databases = this.options.databases.map(({ key, connection }) => {
      const dataSource = this.moduleRef.get<DataSource>(getDataSourceToken(connection), {
        strict: false,
      });
      return () => this.typeorm.pingCheck(key, { connection: dataSource, timeout });
    });
    return this.options.redisUrl
      ? [...databases, () => this.redis.check('redis', timeout)]
      : databases;
  }
}
