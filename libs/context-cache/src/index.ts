export { CachedContexts } from './lib/cached-contexts.service';
export { ContextCacheModule } from './lib/context-cache.module';
export type { ContextCacheOptions } from './lib/context-cache.module';
export { AdaptivePlacementPolicy } from './lib/placement/adaptive-placement-policy';
export { EntityVolatility } from './lib/placement/entity-volatility.service';
export type { EntityVolatilityReport } from './lib/placement/entity-volatility.service';
