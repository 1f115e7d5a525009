import { CONTEXTS_CONNECTION } from '@strata/contexts';
import { TIERS_CONNECTION } from '@strata/tiers';
import { VOLATILITY_CONNECTION } from '@strata/volatility';

/**
 * The named TypeORM connections an application of ContextsModule and ContextCacheModule
 * depends on, and the key /health reports each under; the tiers' only while the cache is on.
 * Only the source of truth is required: without the tiers' database reads skip those tiers
 * behind their breakers, and without the volatility history placement uses what it has.
 */
export function contextCacheConnections(
  cacheEnabled: boolean,
): Array<{ key: string; connection: string; required?: boolean }> {
  return [
    { key: 'database', connection: CONTEXTS_CONNECTION, required: true },
    ...(cacheEnabled ? [{ key: 'cache-database', connection: TIERS_CONNECTION }] : []),
    { key: 'volatility-database', connection: VOLATILITY_CONNECTION },
  ];
}
