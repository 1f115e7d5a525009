import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health';
import { RedisHealthIndicator } from './redis.health';

/** Terminus plus the indicators both apps check: the database, and Redis when configured. */
@Module({
  imports: [TerminusModule],
  providers: [DatabaseHealthIndicator, RedisHealthIndicator],
  exports: [TerminusModule, DatabaseHealthIndicator, RedisHealthIndicator],
})
export class HealthIndicatorsModule {}
