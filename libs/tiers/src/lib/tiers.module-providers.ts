import type { Provider } from '@nestjs/common';
import { InProcessInvalidationBus } from './bus/in-process-invalidation-bus';
import { PassThroughCache } from './cache/pass-through-cache';
import { StrataCache } from './cache/strata-cache';
import { TieredCache } from './cache/tiered-cache';
import { systemClock } from './core/clock';
import { FixedPlacementPolicy } from './placement/fixed-placement-policy';
import { TIERS_MODULE_OPTIONS } from './tiers.module-definition';
import type { TiersModuleOptions } from './tiers.module-options';

export function createStrataCache(options: TiersModuleOptions): StrataCache {
  if (!options.enabled) {
    return new PassThroughCache();
  }
  return new TieredCache({
    ...options,
    placement: options.placement ?? new FixedPlacementPolicy(),
    bus: options.bus ?? new InProcessInvalidationBus(),
    clock: options.clock ?? systemClock,
  });
}

export const strataCacheProvider: Provider = {
  provide: StrataCache,
  useFactory: createStrataCache,
  inject: [TIERS_MODULE_OPTIONS],
};
