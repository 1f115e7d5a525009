import { entrySizeBytes, type CacheEntry, type TierName } from '../core/cache-entry';
import type { EntryInfo } from './strata-cache';

/** What `GET /v1/cache/entries/:key` shows, from the copies found, highest tier first. */
export function describeEntry(
  holders: readonly { entry: CacheEntry; tier: TierName }[],
  now: number,
): EntryInfo | undefined {
  if (holders.length === 0) {
    return undefined;
  }
  const { entry, tier } = holders[0];
  return {
    key: entry.key,
    tier,
    tiers: holders.map((holder) => holder.tier),
    type: entry.type,
    ttlSeconds: Math.max(0, Math.ceil((entry.expiresAt - now) / 1000)),
    expiresAt: new Date(entry.expiresAt).toISOString(),
    staleUntil: new Date(entry.staleUntil).toISOString(),
    createdAt: new Date(entry.createdAt).toISOString(),
    dependencies: entry.dependencies,
    ...(entry.band === undefined ? {} : { band: entry.band }),
    sizeBytes: entrySizeBytes(entry),
  };
}
