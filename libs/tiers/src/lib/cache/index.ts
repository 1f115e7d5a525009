export { StrataCache } from './strata-cache';
export type {
  CachedValue,
  CacheSource,
  EntryInfo,
  EntryOptions,
  LoadBasis,
  LoadRequest,
  Loader,
} from './strata-cache';
export type { AnswerStats, CacheStats, TierStats, TierTypeStats, TypeStats } from './cache-stats';
export { TieredCache } from './tiered-cache';
export type { TieredCacheOptions, TieredCacheSettings } from './tiered-cache-options';
export { PassThroughCache } from './pass-through-cache';
export type { ClusterSingleFlightOptions } from './cluster-single-flight';
export type { CacheAnswer, CacheObserver, LoadCostMeter } from './cache-observer';
export type {
  FreshHit,
  FreshHitListener,
  WarmOutcome,
  WarmRequest,
  WarmResult,
} from './warm-request';
export type { HotFill, HotFillOutcome, HotFillRequest } from './hot-fill';
