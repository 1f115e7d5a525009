import { type CacheEntry, entrySizeBytes } from '../core/cache-entry';

/**
 * Heap bytes a resident entry costs beyond its measured text (key, JSON and dependency keys): the
 * node with its policy and timer links, the CacheEntry object with its timestamps and dependency
 * array, and its slot in the key map. Measured on Node 20 x64; `entry-weight.spec.ts` checks the
 * total against the heap so that budgets stay true.
 */
export const ENTRY_OVERHEAD_BYTES = 448;
/** Each dependency's slot in the dependency index and in the entry's array. */
export const DEPENDENCY_OVERHEAD_BYTES = 48;

/** What an entry weighs against its type's byte budget in the hot tier. */
export function hotEntryWeight(entry: CacheEntry): number {
  return (
    entrySizeBytes(entry) +
    ENTRY_OVERHEAD_BYTES +
    DEPENDENCY_OVERHEAD_BYTES * entry.dependencies.length
  );
}
