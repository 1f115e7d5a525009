import { Module } from '@nestjs/common';
import { CachedContexts } from '@strata/context-cache';
import { systemClock } from '@strata/tiers';
import { resolveWarmingSettings, type WarmingSettings } from './config/warming-config';
import { CacheTriggers } from './cache-triggers';
import { SourceQueryCounter } from '@strata/contexts';
import { SourceThrottle } from './core/source-throttle';
import { WarmableKeys } from './core/warmable-keys';
import { WarmingService } from './core/warming.service';
import { PredictiveWarming } from './strategies/predictive/predictive-warming';
import { RefreshAheadStrategy } from './strategies/refresh-ahead.strategy';
import { RelationshipRules } from './strategies/relationships/relationship-rules';
import { ScheduledWarming } from './strategies/scheduled/scheduled-warming';
import { WarmingTriggers } from './warming-triggers';
import { OnDemandWarming } from './on-demand/on-demand-warming';
import { StartupWarming } from './startup/startup-warming';
import { WarmingOverview } from './on-demand/warming-overview';
import {
  ConfigurableWarmingModule,
  WARMING_MODULE_OPTIONS,
  type WarmingModuleOptions,
} from './warming.module-definition';
import { WARMING_CLOCK, WARMING_SETTINGS } from './warming.tokens';

/**
 * Warming (DESIGN §6): WarmingService, the strategies, and the triggers that feed them from reads,
 * writes, logins and checkouts. Import it with the application's ContextCacheModule among its
 * `imports` (`forRootAsync({ imports: [contextCache], … })`): it loads through that cache.
 */
@Module({
  providers: [
    {
      provide: WARMING_SETTINGS,
      useFactory: (options: WarmingModuleOptions) => resolveWarmingSettings(options.config),
      inject: [WARMING_MODULE_OPTIONS],
    },
    {
      provide: WARMING_CLOCK,
      useFactory: (options: WarmingModuleOptions) => options.clock ?? systemClock,
      inject: [WARMING_MODULE_OPTIONS],
    },
    { provide: WarmableKeys, useExisting: CachedContexts },
    {
      // Real seconds of the source, whatever clock the TTLs run on; every source statement (the
      // users' too) is charged, so warming gets only what the users leave of its rate.
      provide: SourceThrottle,
      useFactory: (settings: WarmingSettings, counter: SourceQueryCounter) => {
        const throttle = new SourceThrottle(settings.throttle, systemClock);
        counter.onStatement(() => throttle.charge(1));
        return throttle;
      },
      inject: [WARMING_SETTINGS, SourceQueryCounter],
    },
    {
      provide: RefreshAheadStrategy,
      useFactory: (settings: WarmingSettings) =>
        new RefreshAheadStrategy(settings.refreshAhead, settings.maxTracked),
      inject: [WARMING_SETTINGS],
    },
    RelationshipRules,
    PredictiveWarming,
    StartupWarming,
    ScheduledWarming,
    WarmingService,
    CacheTriggers,
    WarmingTriggers,
    WarmingOverview,
    OnDemandWarming,
  ],
  exports: [
    WarmingService,
    WarmingTriggers,
    ScheduledWarming,
    PredictiveWarming,
    WarmingOverview,
    OnDemandWarming,
    StartupWarming,
  ],
})
export class WarmingModule extends ConfigurableWarmingModule {}
