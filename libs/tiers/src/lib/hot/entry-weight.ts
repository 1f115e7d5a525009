import { type CacheEntry, entrySizeBytes } from '../core/cache-entry';

/**
 * Memory a resident entry costs beyond its measured text (key, JSON and dependency keys): the
 * CacheEntry object with its timestamps and dependency array, the strings' headers, its slot in
 * the key map and the entries array, and its share of the typed-array columns (about 22 bytes a
 * slot, 30 beyond 65,535 slots where the links widen, up to a quarter more while the columns have
 * grown ahead of the entries). Measured on Node 20 x64,
 * V8 heap plus ArrayBuffers; `entry-weight.spec.ts` checks the total in a fresh process so that
 * budgets stay true.
 */
export const ENTRY_OVERHEAD_BYTES = 336;
/** Each dependency's slot in the dependency index and in the entry's array. */
export const DEPENDENCY_OVERHEAD_BYTES = 48;

/** Weights are kept in a Uint32Array column; an entry heavier than this is never stored. */
export const MAX_ENTRY_WEIGHT = 0xffffffff;

/** What an entry weighs against its type's byte budget in the hot tier. */
export function hotEntryWeight(entry: CacheEntry): number {
  return (
    entrySizeBytes(entry) +
    ENTRY_OVERHEAD_BYTES +
    DEPENDENCY_OVERHEAD_BYTES * entry.dependencies.length
  );
}
