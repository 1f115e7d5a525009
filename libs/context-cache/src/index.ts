export { CachedContexts } from './lib/cached-contexts.service';
export { ContextCacheModule } from './lib/context-cache.module';
export type { ContextCacheOptions } from './lib/context-cache.module';
