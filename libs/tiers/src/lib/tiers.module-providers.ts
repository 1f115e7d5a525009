import type { Provider } from '@nestjs/common';
import { SourceAdmission } from './admission/source-admission';
import { InProcessInvalidationBus } from './bus/in-process-invalidation-bus';
import { PassThroughCache } from './cache/pass-through-cache';
import { StrataCache } from './cache/strata-cache';
import { TieredCache } from './cache/tiered-cache';
import { systemClock } from './core/clock';
import { FixedPlacementPolicy } from './placement/fixed-placement-policy';
import { TIERS_MODULE_OPTIONS } from './tiers.module-definition';
import type { TiersModuleOptions } from './tiers.module-options';

export function createStrataCache(
  options: TiersModuleOptions,
  admission?: SourceAdmission,
): StrataCache {
  if (!options.enabled) {
    return new PassThroughCache();
  }
  return new TieredCache({
    ...options,
    admission: admission ?? options.admission,
    placement: options.placement ?? new FixedPlacementPolicy(),
    bus: options.bus ?? new InProcessInvalidationBus(),
    clock: options.clock ?? systemClock,
  });
}

/** The gate the cache's loads pass, provided so that writes can ask it too. */
export const sourceAdmissionProvider: Provider = {
  provide: SourceAdmission,
  useFactory: (options: TiersModuleOptions) =>
    (options.enabled ? options.admission : undefined) ?? new SourceAdmission(),
  inject: [TIERS_MODULE_OPTIONS],
};

export const strataCacheProvider: Provider = {
  provide: StrataCache,
  useFactory: createStrataCache,
  inject: [TIERS_MODULE_OPTIONS, SourceAdmission],
};
