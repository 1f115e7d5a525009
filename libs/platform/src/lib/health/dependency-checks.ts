import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { TypeOrmHealthIndicator, type HealthIndicatorFunction } from '@nestjs/terminus';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HEALTH_MODULE_OPTIONS, type HealthModuleOptions } from './health.module-definition';
import { healthReport, type HealthChecks, type HealthReport } from './health-report';
import { RedisHealthIndicator } from './redis.health';

const DEFAULT_TIMEOUT_MS = 2000;

/**
 * The dependencies an application has, as terminus indicators: a `pingCheck` of every database
 * connection it names, and Redis when one is configured; each either required (the process
 * should get no traffic without it) or optional (it serves without it, degraded). A controller
 * asks for `readiness()`, with indicators of its own (the bus, the warmer's jobs).
 */
@Injectable()
export class DependencyChecks {
  private readonly started = Date.now();
  private readonly logger = new Logger('Health');

  constructor(
    @Inject(HEALTH_MODULE_OPTIONS) private readonly options: HealthModuleOptions,
    private readonly typeorm: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** Whether this process should get traffic, and what is degraded. */
  async readiness(own: Partial<HealthChecks> = {}): Promise<HealthReport> {
    const timeout = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const databases = (required: boolean) =>
      this.options.databases
        .filter((database) => (database.required ?? false) === required)
        .map(({ key, connection }): HealthIndicatorFunction => {
          const dataSource = this.moduleRef.get<DataSource>(getDataSourceToken(connection), {
            strict: false,
          });
          return () => this.typeorm.pingCheck(key, { connection: dataSource, timeout });
        });
    const redis: HealthIndicatorFunction[] = this.options.redisUrl
      ? [() => this.redis.check('redis', timeout)]
      : [];
    const report = await healthReport({
      required: [...databases(true), ...(own.required ?? [])],
      optional: [...databases(false), ...redis, ...(own.optional ?? [])],
    });
    // Terminus logs a failed check; a degraded one answers 200, so it is said here, with why.
    const down = Object.entries(report.error).map(
      ([key, details]) => `${key}${details['message'] ? ` (${String(details['message'])})` : ''}`,
    );
    if (down.length > 0) {
      const verdict = report.status === 'ok' ? 'degraded' : 'not ready';
      this.logger.warn(`health check: ${verdict}, down: ${down.join(', ')}`);
    }
    return report;
  }

  /** Whether the process works: it answers. Nothing outside it is asked. */
  liveness(): HealthReport {
    const process = { status: 'up' as const, uptimeSeconds: (Date.now() - this.started) / 1000 };
    return {
      status: 'ok',
      info: { process },
      error: {},
      details: { process },
      degraded: [],
    };
  }
}
