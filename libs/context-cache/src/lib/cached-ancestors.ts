import {
  contextKey,
  GLOBAL_ID,
  mergeContext,
  type GlobalContext,
  type ResolvedAncestor,
  type ResolvedContext,
} from '@strata/contexts';
import type { LoadBasis } from '@strata/tiers';

/**
 * The resolved ancestors a resolution may build on, from the shared tiers through the load's
 * basis (which makes the new entry depend on, and expire with, what it used): a resolved context
 * entry for a project or branch, and the global context's own entry for global, whose resolution
 * is its data with the nulls merged away.
 */
export function cachedAncestors(basis: LoadBasis): ResolvedAncestor {
  return async (level, id) => {
    if (level !== 'global') {
      const json = await basis.sharedValue(contextKey(level, id));
      return json === undefined ? undefined : (JSON.parse(json) as ResolvedContext);
    }
    const json = await basis.sharedValue(GLOBAL_ID);
    if (json === undefined) {
      return undefined;
    }
    const global = JSON.parse(json) as GlobalContext;
    return {
      level,
      id,
      data: mergeContext({}, global.data),
      chain: [{ level, id, version: global.version }],
    };
  };
}
