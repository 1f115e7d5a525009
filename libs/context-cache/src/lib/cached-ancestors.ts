import {
  contextKey,
  GLOBAL_ID,
  mergeContext,
  type GlobalContext,
  type ResolvedAncestor,
  type ResolvedContext,
  type WalkedPastAncestor,
} from '@strata/contexts';
import type { LoadBasis } from '@strata/tiers';
import { contextEntryOptions } from './context-entry';

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

/**
 * Offers each ancestor the resolution resolved from the source on its way (none was at hand for
 * it) as an entry of its own through the load's basis: the next resolution below it, a sibling
 * task's say, builds on it rather than walking the same levels again.
 */
export function offeredAncestors(basis: LoadBasis): WalkedPastAncestor {
  return (context) =>
    basis.offer(
      contextKey(context.level, context.id),
      context,
      contextEntryOptions(context.level, context.id),
    );
}
