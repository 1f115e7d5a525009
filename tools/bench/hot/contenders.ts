import { LRUCache } from 'lru-cache';
import { type CacheEntry, HotTier, systemClock } from '@strata/tiers';

/** What every contender offers the benchmark: the same two operations on the same entries. */
export interface Contender {
  name: string;
  get(key: string): CacheEntry | undefined;
  set(entry: CacheEntry): void;
}

export type ContenderFactory = () => Contender;

/** The hot tier as the tiered cache uses it: byte budget, expiry check on every read, real clock. */
export function hotTier(budgetBytes: number): ContenderFactory {
  return () => {
    const tier = new HotTier({
      clock: systemClock,
      defaultBudgetBytes: budgetBytes,
      sweepIntervalMs: 0,
    });
    return { name: 'hot-tier', get: (key) => tier.get(key), set: (entry) => void tier.set(entry) };
  };
}

/** lru-cache v11 in its fastest configuration: count-bounded, no TTL, no size calculation. */
export function lruCache(capacity: number): ContenderFactory {
  return () => {
    const cache = new LRUCache<string, CacheEntry>({ max: capacity });
    return {
      name: 'lru-cache',
      get: (key) => cache.get(key),
      set: (entry) => void cache.set(entry.key, entry),
    };
  };
}
