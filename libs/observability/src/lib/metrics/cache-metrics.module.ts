import { Module, type DynamicModule } from '@nestjs/common';
import { MetricsModule } from '@strata/platform';
import { CacheMetricsService } from './cache-metrics.service';

/** Strata's cache, source and warming metrics on `/metrics`, for the api and the warmer alike. */
@Module({})
export class CacheMetricsModule {
  /**
   * `cacheModule` and `warmingModule`: the very module objects the application imports, so that
   * its one cache and its one WarmingService are observed. Without `warmingModule`, no warming
   * metrics beyond the cache's own.
   */
  static forCache(cacheModule: DynamicModule, warmingModule?: DynamicModule): DynamicModule {
    return {
      module: CacheMetricsModule,
      imports: [
        cacheModule,
        ...(warmingModule === undefined ? [] : [warmingModule]),
        MetricsModule,
      ],
      providers: [CacheMetricsService],
    };
  }
}
