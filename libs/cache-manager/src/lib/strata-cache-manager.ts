import type { StrataCache } from '@strata/tiers';
import { createCache, type Cache } from 'cache-manager';
import { Keyv } from 'keyv';
import { StrataKeyvStore, type StrataKeyvStoreOptions } from './strata-keyv-store';
import { strataWrap } from './strata-wrap';

export interface StrataCacheManagerOptions extends StrataKeyvStoreOptions {
  /**
   * Lifetime in milliseconds (as cache-manager 7 counts) of what is set without one. Unset: the
   * placement policy's TTL for the entry type.
   */
  ttl?: number;
  /** Keyv's namespace, the first segment of every key; Keyv's default `keyv` when unset. */
  namespace?: string;
}

/** cache-manager's Cache over Strata's tiers, with prefix deletion. */
export interface StrataCacheManager extends Cache {
  /**
   * Removes every key starting with `prefix`, which must be empty (every key of the namespace) or
   * end with `:`; returns how many entries the tiers removed (a key held in two tiers counts twice).
   */
  deleteByPrefix(prefix: string): Promise<number>;
}

/**
 * cache-manager 7's own `createCache` over a Keyv whose store is Strata's tiered cache, so that
 * get, set, mget, del, ttl, events and the rest behave as cache-manager documents; `wrap` goes
 * through Strata's single flight instead of cache-manager's per-instance coalescing.
 */
export function createStrataCacheManager(
  cache: StrataCache,
  options: StrataCacheManagerOptions = {},
): StrataCacheManager {
  const { ttl, namespace, ...storeOptions } = options;
  const store = new StrataKeyvStore(cache, storeOptions);
  const keyv = new Keyv({ store, ...(namespace === undefined ? {} : { namespace }) });
  const manager = createCache({ stores: [keyv], ...(ttl === undefined ? {} : { ttl }) });
  return {
    ...manager,
    wrap: strataWrap(keyv, store, ttl),
    // Keyv's own key form, so that the prefix names keys as get and set store them.
    deleteByPrefix: (prefix) => store.deleteByPrefix(keyv._getKeyPrefix(prefix)),
  };
}
