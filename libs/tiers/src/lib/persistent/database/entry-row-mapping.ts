import type { CacheEntry, VolatilityBand } from '../../core/cache-entry';
import type { TierEntryRow } from './tier-entry-row.entity';
import type { Row } from './tier-database';

type EntryColumns = Pick<
  TierEntryRow,
  'key' | 'type' | 'json' | 'dependencies' | 'createdAt' | 'expiresAt' | 'staleUntil' | 'band'
>;

export function entryFromRow(row: EntryColumns): CacheEntry {
  return {
    key: row.key,
    type: row.type,
    json: row.json,
    dependencies: JSON.parse(row.dependencies) as string[],
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    staleUntil: row.staleUntil,
    ...(row.band ? { band: row.band as VolatilityBand } : {}),
  };
}

/** The same from a raw `RETURNING *` row, whose column names are the table's. */
export function entryFromRawRow(row: Row): CacheEntry {
  return entryFromRow({
    key: String(row['key']),
    type: String(row['type']),
    json: String(row['json']),
    dependencies: String(row['dependencies']),
    createdAt: Number(row['created_at']),
    expiresAt: Number(row['expires_at']),
    staleUntil: Number(row['stale_until']),
    band: row['band'] === null ? null : String(row['band']),
  });
}
