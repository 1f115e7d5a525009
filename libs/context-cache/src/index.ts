export { CachedContexts } from './lib/cached-contexts.service';
export type { ContextActivity, ContextActivityListener } from './lib/context-activity';
export { ContextCacheModule } from './lib/context-cache.module';
export type { ContextCacheOptions } from './lib/context-cache.module-definition';
export { contextCacheFromConfig } from './lib/context-cache-from-config';
export { CONTEXT_CACHE_CONFIG } from './lib/context-cache-config';
export { contextCacheConnections } from './lib/context-cache-connections';
export type { CacheServerConfig } from './lib/context-cache-options-from-server';
export {
  AdaptivePlacementPolicy,
  type PlacementReport,
} from './lib/placement/adaptive-placement-policy';
export { EntityVolatility } from './lib/placement/entity-volatility.service';
export type { EntityVolatilityReport } from './lib/placement/entity-volatility.service';
export { OutboxReplay } from './lib/outbox-replay.service';
