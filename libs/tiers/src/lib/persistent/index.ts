export { DatabaseTierStore } from './database/database-tier-store';
export type { DatabaseTierStoreOptions } from './database/database-tier-store';
export { TIER_ENTITIES, TIER_MIGRATIONS, TIER_MIGRATIONS_TABLE } from './database/tier-schema';
export { RedisTierStore } from './redis/redis-tier-store';
export type { RedisTierStoreOptions } from './redis/redis-tier-store';
export type { PersistentTierStoreOptions } from './persistent-tier-store-options';
export { DEFAULT_BUDGET_BYTES_PER_TYPE } from './tier-budgets';
export type { PersistentTierName } from './tier-budgets';
export { DEFAULT_TOMBSTONE_RETENTION_MS, scopesOfEntry, targetScope } from './tombstone-scopes';
export { RedisLoadLock } from './locks/redis-load-lock';
export { PostgresLoadLock } from './locks/postgres-load-lock';
export { DatabaseLeaseLock } from './locks/database-lease-lock';
export {
  DEFAULT_SHARED_TIER_CONFIG,
  sharedTierConfigFromEnv,
  type SharedTierConfig,
} from './shared-tier-config';
