/**
 * How much an entry is worth keeping: the GreedyDual-Size-Frequency priority
 *
 *     worth = inflation + frequency × WORTH_BYTES_UNIT / sizeBytes
 *
 * where `frequency` is the entry's hit count plus one (the write that stored it; a rewrite of
 * the same key keeps the count) and `inflation` is a per-tier, per-type value raised to the
 * worth of every entry evicted. Frequency makes entries that are read often worth more;
 * dividing by size makes a large entry worth less per byte it holds (evicting it frees room
 * for many small ones); inflation ages the entries: an entry touched after many evictions
 * starts from a higher base than one untouched since, so recency counts without a clock in
 * the score. Entries past `staleUntil` make room first; then the lowest worth is evicted first
 * (ties: least recently accessed first in the database, by key in Redis's sorted sets). The
 * stored worth only changes when the entry is written or read, so it can be indexed and the
 * victims found in O(log n).
 */
export const WORTH_BYTES_UNIT = 1024;

export function entryWorth(inflation: number, hits: number, sizeBytes: number): number {
  return inflation + ((hits + 1) * WORTH_BYTES_UNIT) / Math.max(sizeBytes, 1);
}

/** The same worth as a SQL expression over the given column expressions. */
export function entryWorthSql(inflation: string, hits: string, sizeBytes: string): string {
  return `(${inflation}) + ((${hits}) + 1) * ${WORTH_BYTES_UNIT}.0 / ${sizeBytes}`;
}

/** The same worth as a Lua function, for the Redis scripts. */
export const ENTRY_WORTH_LUA = `
local function entry_worth(inflation, hits, size_bytes)
  return inflation + (hits + 1) * ${WORTH_BYTES_UNIT} / math.max(size_bytes, 1)
end
`;
