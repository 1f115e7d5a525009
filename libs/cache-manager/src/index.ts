export { StrataCacheModule } from './lib/strata-cache.module';
export { STRATA_CACHE_MODULE_OPTIONS } from './lib/strata-cache.module-definition';
export {
  createStrataCacheManager,
  type StrataCacheManager,
  type StrataCacheManagerOptions,
} from './lib/strata-cache-manager';
export {
  StrataKeyvStore,
  DEFAULT_KEYV_STORE_OPTIONS,
  type StrataKeyvStoreOptions,
} from './lib/strata-keyv-store';
