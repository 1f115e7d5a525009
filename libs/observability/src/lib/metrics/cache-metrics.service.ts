import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { SourceQueryCounter } from '@strata/contexts';
import { MetricsService } from '@strata/platform';
import { StrataCache } from '@strata/tiers';
import { CacheMetrics } from './cache-metrics';

/** CacheMetrics over this process's cache and source, on its `/metrics` registry. */
@Injectable()
export class CacheMetricsService implements OnModuleDestroy {
  private readonly stop: () => void;

  constructor(metrics: MetricsService, cache: StrataCache, statements: SourceQueryCounter) {
    const cacheMetrics = new CacheMetrics(metrics.registry, {
      stats: () => cache.stats(),
      statements: () => statements.count,
    });
    this.stop = cache.observe(cacheMetrics);
  }

  onModuleDestroy(): void {
    this.stop();
  }
}
