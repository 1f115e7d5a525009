import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health';
import { DependencyChecks } from './dependency-checks';
import { RedisHealthIndicator } from './redis.health';

/** Terminus plus the indicators both apps check: the database, and Redis when configured. */
@Module({
  imports: [TerminusModule],
  providers: [DatabaseHealthIndicator, RedisHealthIndicator, DependencyChecks],
  exports: [TerminusModule, DependencyChecks],
})
export class HealthIndicatorsModule {}
