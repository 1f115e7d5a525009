import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DependencyChecks } from './dependency-checks';
import { ConfigurableHealthModule } from './health.module-definition';
import { RedisHealthIndicator } from './redis.health';

/**
 * Terminus plus DependencyChecks over the connections and Redis the options name.
 * `HealthModule.forRoot(options)` or `forRootAsync({ useFactory, inject })`.
 */
@Module({
  imports: [TerminusModule],
  providers: [RedisHealthIndicator, DependencyChecks],
  exports: [TerminusModule, DependencyChecks],
})
export class HealthModule extends ConfigurableHealthModule {}
