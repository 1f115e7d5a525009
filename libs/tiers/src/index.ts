// Core vocabulary
export { systemClock, FakeClock } from './lib/core/clock';
export type { Clock } from './lib/core/clock';
export { TIER_NAMES, entrySizeBytes } from './lib/core/cache-entry';
export type { CacheEntry, TierName, VolatilityBand } from './lib/core/cache-entry';
export type { PlacementPolicy, Placement, PlacementRequest } from './lib/core/placement-policy';
export type {
  BusState,
  BusStats,
  InvalidationBus,
  InvalidationMessage,
} from './lib/core/invalidation-bus';
export type {
  HotDeparture,
  HotDepartureListener,
  HotDepartureReason,
  HotTierStore,
  InvalidationTarget,
  PersistentTierStore,
  SetOutcome,
  SetResult,
  Stamp,
  TierOccupancy,
  TierOccupancyReport,
  TierRead,
} from './lib/core/tier-store';
export type { LoadLease, LoadLock } from './lib/core/load-lock';

// The cache and its module
export * from './lib/cache';
export { TiersModule } from './lib/tiers.module';
export { TIERS_MODULE_OPTIONS } from './lib/tiers.module-definition';
export type {
  TiersModuleOptions,
  TiersEnabledOptions,
  TiersDisabledOptions,
} from './lib/tiers.module-options';
export { createStrataCache } from './lib/tiers.module-providers';
export { FixedPlacementPolicy, MEDIUM_PLACEMENTS } from './lib/placement/fixed-placement-policy';
export {
  DEFAULT_CIRCUIT_BREAKER_OPTIONS,
  type CircuitBreakerOptions,
  type CircuitState,
} from './lib/resilience/circuit-breaker';
export * from './lib/bus';

// Admission to the source of truth: overload refusal and the loader's hard timeout
export { SourceAdmission } from './lib/admission/source-admission';
export type { SourceAdmissionStats } from './lib/admission/source-admission';
export {
  DEFAULT_SOURCE_ADMISSION_OPTIONS,
  sourceAdmissionConfigFromEnv,
} from './lib/admission/source-admission-options';
export type { SourceAdmissionOptions } from './lib/admission/source-admission-options';
export { EventLoopLag } from './lib/admission/event-loop-lag';
export type { LagGauge } from './lib/admission/event-loop-lag';
export { SourceUnavailableError } from './lib/admission/source-unavailable-error';
export type { SourceUnavailableReason } from './lib/admission/source-unavailable-error';

// Stores
export * from './lib/hot';
export * from './lib/persistent';
export { TierStoresModule } from './lib/stores/tier-stores.module';
export {
  TIER_STORES,
  TIERS_CONNECTION,
  TIERS_DATA_SOURCE,
} from './lib/stores/tier-stores.module-definition';
export type { TierStores, TierStoresSpec } from './lib/stores/tier-stores';
