import { CONTEXTS_CONNECTION } from '@strata/contexts';
import { TIERS_CONNECTION } from '@strata/tiers';
import { VOLATILITY_CONNECTION } from '@strata/volatility';

/**
 * The named TypeORM connections an application of ContextsModule and ContextCacheModule
 * depends on, and the key /health reports each under; the tiers' only while the cache is on.
 */
export function contextCacheConnections(
  cacheEnabled: boolean,
): Array<{ key: string; connection: string }> {
  return [
    { key: 'database', connection: CONTEXTS_CONNECTION },
    ...(cacheEnabled ? [{ key: 'cache-database', connection: TIERS_CONNECTION }] : []),
    { key: 'volatility-database', connection: VOLATILITY_CONNECTION },
  ];
}
