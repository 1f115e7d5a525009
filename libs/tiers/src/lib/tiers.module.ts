import { Inject, Module, type BeforeApplicationShutdown } from '@nestjs/common';
import { StrataCache } from './cache/strata-cache';
import { ConfigurableTiersModule, TIERS_MODULE_OPTIONS } from './tiers.module-definition';
import type { TiersModuleOptions } from './tiers.module-options';
import { SourceAdmission } from './admission/source-admission';
import { sourceAdmissionProvider, strataCacheProvider } from './tiers.module-providers';

/**
 * Provides StrataCache: the tiered cache over the stores in the options, or the pass-through cache
 * when `enabled` is false. `TiersModule.forRoot(options)` or `forRootAsync({ useFactory, inject })`;
 * `isGlobal: true` makes it available everywhere.
 */
@Module({
  providers: [sourceAdmissionProvider, strataCacheProvider],
  exports: [StrataCache, SourceAdmission],
})
export class TiersModule extends ConfigurableTiersModule implements BeforeApplicationShutdown {
  constructor(
    @Inject(TIERS_MODULE_OPTIONS) private readonly options: TiersModuleOptions,
    private readonly cache: StrataCache,
    private readonly admission: SourceAdmission,
  ) {
    super();
  }

  /**
   * Lets pending writes land, then closes the stores and the bus the options handed over; before
   * application shutdown, because TypeOrmModule closes the stores' connections on it.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.cache.close();
    this.admission.close();
    if (!this.options.enabled) {
      return;
    }
    const { hot, warm, cold, bus, release } = this.options;
    hot.close();
    await Promise.all([warm?.close(), cold?.close(), bus?.close()]);
    await release?.();
  }
}
