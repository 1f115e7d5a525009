import type { TieredCacheOptions } from './cache/tiered-cache-options';
import type { Clock } from './core/clock';
import type { InvalidationBus } from './core/invalidation-bus';
import type { PlacementPolicy } from './core/placement-policy';

/** `STRATA_CACHE=off`: every read goes to the loader; no store is needed. */
export interface TiersDisabledOptions {
  enabled: false;
}

/**
 * The tiered cache over the stores given here, which the module closes on shutdown. Unset:
 * placement is DESIGN §4's medium column, the bus serves this process only, time is the system's.
 */
export interface TiersEnabledOptions extends Omit<
  TieredCacheOptions,
  'placement' | 'bus' | 'clock'
> {
  enabled: true;
  /** Closes what the stores share but do not own (a data source, a Redis connection), after them. */
  release?: () => Promise<void>;
  placement?: PlacementPolicy;
  bus?: InvalidationBus;
  clock?: Clock;
}

export type TiersModuleOptions = TiersDisabledOptions | TiersEnabledOptions;
