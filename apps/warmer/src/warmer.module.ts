import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ContextCacheModule } from '@strata/context-cache';
import { ContextsModule } from '@strata/contexts';
import { HealthIndicatorsModule } from '@strata/platform';
import { HealthController } from './health/health.controller';
import { EventRetentionJob } from './jobs/event-retention.job';
import { JobTracker } from './jobs/job-tracker.service';
import { TierSweepJob } from './jobs/tier-sweep.job';
import { VolatilityPruneJob } from './jobs/volatility-prune.job';
import { WARMER_CONFIG, type WarmerConfig } from './warmer-config';

/** The warmer deployment: scheduled jobs over the shared database, and its own /health. */
@Module({})
export class WarmerModule {
  static forRoot(config: WarmerConfig, schema?: string): DynamicModule {
    return {
      module: WarmerModule,
      imports: [
        ScheduleModule.forRoot(),
        ContextsModule.forRoot({ databaseUrl: config.databaseUrl, schema }),
        ContextCacheModule.forServer(config, { schema }),
        HealthIndicatorsModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: WARMER_CONFIG, useValue: config },
        JobTracker,
        EventRetentionJob,
        TierSweepJob,
        VolatilityPruneJob,
      ],
    };
  }
}
