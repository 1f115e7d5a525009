export const TIER_NAMES = ['hot', 'warm', 'cold'] as const;
export type TierName = (typeof TIER_NAMES)[number];

export type VolatilityBand = 'high' | 'medium' | 'low';

/**
 * One cached value as every tier stores it. The value is kept as JSON text: its size in bytes is
 * then measured rather than guessed, persistent tiers store it as is, and the api can answer
 * with it without serialising again.
 */
export interface CacheEntry {
  key: string;
  /** Entry type (`task`, `project`, …, `context`): budgets and TTLs are per type. */
  type: string;
  /** JSON text of the value. */
  json: string;
  /** Entity keys the value was built from; invalidating any of them removes the entry. */
  dependencies: readonly string[];
  /** When the value was loaded from the source of truth (ms since epoch). */
  createdAt: number;
  /** Fresh while `now < expiresAt`. */
  expiresAt: number;
  /** After expiry, the value may still be served marked stale until then, if the loader fails. */
  staleUntil: number;
  /** The volatility band the placement policy used, when it had one. */
  band?: VolatilityBand;
  /**
   * Source statements the load that built the value ran: what a read served from the cache saves
   * (DESIGN §7 query reduction). Unset when it was not measured.
   */
  loadCost?: number;
  /** The warming strategy that put the value here ahead of any read; unset for values a read loaded. */
  warmedBy?: string;
  /**
   * entrySizeBytes, measured once where the tiered cache builds the entry, so that no tier counts
   * the UTF-8 of its text again: in a profile of the hot tier's set the count was 37 % of the
   * time. An entry built without it (one read back from a shared tier, say) is measured when
   * asked; whoever changes an entry's key, text or dependencies builds a new one without it.
   */
  sizeBytes?: number;
}

/** Bytes an entry occupies, measured from what is stored: key, JSON text and dependency keys. */
export function entrySizeBytes(
  entry: Pick<CacheEntry, 'key' | 'json' | 'dependencies' | 'sizeBytes'>,
): number {
  return entry.sizeBytes ?? measuredSizeBytes(entry);
}

/** What entrySizeBytes measures when the entry does not carry its size. */
export function measuredSizeBytes(
  entry: Pick<CacheEntry, 'key' | 'json' | 'dependencies'>,
): number {
  let bytes = Buffer.byteLength(entry.key) + Buffer.byteLength(entry.json);
  for (const dependency of entry.dependencies) {
    bytes += Buffer.byteLength(dependency);
  }
  return bytes;
}
