import { Injectable } from '@nestjs/common';
import type { HealthIndicatorFunction } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health';
import { RedisHealthIndicator } from './redis.health';

/** The dependencies both apps require: the database always, Redis when one is configured. */
@Injectable()
export class DependencyChecks {
  constructor(
    private readonly database: DatabaseHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  for(redisUrl: string | undefined): HealthIndicatorFunction[] {
    return [() => this.database.check(), ...(redisUrl ? [() => this.redis.check(redisUrl)] : [])];
  }
}
