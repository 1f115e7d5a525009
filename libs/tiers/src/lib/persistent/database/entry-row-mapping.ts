import type { CacheEntry, VolatilityBand } from '../../core/cache-entry';
import type { Row } from './tier-database';

/** The columns of `tier_entries` a CacheEntry is read from. */
export const ENTRY_COLUMNS = [
  'key',
  'type',
  'json',
  'dependencies',
  'created_at',
  'expires_at',
  'stale_until',
  'band',
  'load_cost',
  'warmed_by',
] as const;

/** An entry from a raw row (a SELECT of ENTRY_COLUMNS, or `RETURNING *`), column names as the table's. */
export function entryFromRawRow(row: Row): CacheEntry {
  const band = row['band'];
  const loadCost = row['load_cost'];
  const warmedBy = row['warmed_by'];
  return {
    key: String(row['key']),
    type: String(row['type']),
    json: String(row['json']),
    dependencies: JSON.parse(String(row['dependencies'])) as string[],
    createdAt: Number(row['created_at']),
    expiresAt: Number(row['expires_at']),
    staleUntil: Number(row['stale_until']),
    ...(band === null || band === undefined ? {} : { band: String(band) as VolatilityBand }),
    ...(loadCost === null || loadCost === undefined ? {} : { loadCost: Number(loadCost) }),
    ...(warmedBy === null || warmedBy === undefined ? {} : { warmedBy: String(warmedBy) }),
  };
}
