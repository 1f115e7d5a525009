import { entrySizeBytes, type CacheEntry } from '@strata/tiers';
import { seededRandom } from '@strata/ttl-policy';
import { zipfSampler } from '../traces/zipf';

/** Zipf exponent of key popularity, as in the end-to-end benchmark. */
const ZIPF_S = 1.0;
/** Every entry's JSON has this length, so that a byte budget holds an exact number of entries. */
const JSON_LENGTH = 200;
/** Keys beyond the capacity that `set` draws from, so that most sets evict. */
const UNIVERSE_FACTOR = 10;

export interface Workload {
  /** Entries for keys 0 … universe−1; the first `capacity` are the ones the caches are filled with. */
  entries: CacheEntry[];
  /** Keys of resident entries, drawn with Zipf popularity: every get hits. */
  hitKeys: string[];
  /** Keys never stored. */
  missKeys: string[];
  /** Entries drawn with Zipf popularity over the whole universe: sets that replace or evict. */
  setEntries: CacheEntry[];
}

function entryFor(index: number): CacheEntry {
  const key = `task:${index.toString().padStart(8, '0')}`;
  const prefix = `{"id":"${key}","pad":"`;
  const json = prefix + 'x'.repeat(JSON_LENGTH - prefix.length - 2) + '"}';
  return {
    key,
    type: 'task',
    json,
    dependencies: [],
    // Measured once where it is built, as the tiered cache builds every entry it stores.
    sizeBytes: entrySizeBytes({ key, json, dependencies: [] }),
    createdAt: Date.now(),
    expiresAt: Date.now() + 3_600_000,
    staleUntil: Date.now() + 7_200_000,
  };
}

export function buildWorkload(capacity: number, operations: number): Workload {
  const universe = capacity * UNIVERSE_FACTOR;
  const entries = Array.from({ length: universe }, (_, index) => entryFor(index));
  const residentRank = zipfSampler(ZIPF_S, capacity, seededRandom(1));
  const universeRank = zipfSampler(ZIPF_S, universe, seededRandom(2));
  return {
    entries,
    hitKeys: Array.from({ length: operations }, () => entries[residentRank()].key),
    missKeys: Array.from({ length: operations }, (_, index) => `task:missing-${index}`),
    setEntries: Array.from({ length: operations }, () => entries[universeRank()]),
  };
}
