import { Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import { SourceQueryCounter } from '@strata/contexts';
import { MetricsService } from '@strata/platform';
import { StrataCache } from '@strata/tiers';
import { ScheduledWarming, WarmingService } from '@strata/warming';
import { CacheMetrics } from './cache-metrics';
import { registerWarmingMetrics } from './warming-metrics';

/** CacheMetrics over this process's cache and source, and its warming, on its `/metrics` registry. */
@Injectable()
export class CacheMetricsService implements OnModuleDestroy {
  private readonly stop: () => void;

  constructor(
    metrics: MetricsService,
    cache: StrataCache,
    statements: SourceQueryCounter,
    // Absent when the module was given no warming module (an app without warming).
    @Optional() warming?: WarmingService,
    @Optional() scheduled?: ScheduledWarming,
  ) {
    const cacheMetrics = new CacheMetrics(metrics.registry, {
      stats: () => cache.stats(),
      statements: () => statements.count,
    });
    this.stop = cache.observe(cacheMetrics);
    if (warming !== undefined && scheduled !== undefined) {
      registerWarmingMetrics(metrics.registry, {
        stats: () => warming.stats(),
        scheduled: () => scheduled.totals(),
      });
    }
  }

  onModuleDestroy(): void {
    this.stop();
  }
}
