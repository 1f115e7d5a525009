import { Module, type DynamicModule } from '@nestjs/common';
import { MetricsModule } from '@strata/platform';
import { CacheMetricsService } from './cache-metrics.service';

/** Strata's cache and source metrics on `/metrics`, for the api and the warmer alike. */
@Module({})
export class CacheMetricsModule {
  /** `cacheModule`: the very module object the application imports, so that its one cache is observed. */
  static forCache(cacheModule: DynamicModule): DynamicModule {
    return {
      module: CacheMetricsModule,
      imports: [cacheModule, MetricsModule],
      providers: [CacheMetricsService],
    };
  }
}
