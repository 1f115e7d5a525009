import { TIER_NAMES, type CacheSource, type CacheStats, type TierName } from '@strata/tiers';
import type { PassResult, SourceCounts } from './workload-pass';

/** A tier's lookups as the cache counted them, and what it holds at the end. */
export interface TierFigures {
  hits: number;
  misses: number;
  /** Hits over lookups that reached this tier. */
  hitRate: number;
  entries: number;
  bytes: number;
  budgetBytes: number;
}

/** Answers for one entry type as the cache counted them. */
export interface TypeFigures {
  requests: number;
  hitRate: number;
  /** Hits per tier over this type's requests: where its answers came from. */
  answeredBy: Record<TierName, number>;
  bytes: Record<TierName, number>;
}

/** Reads of one label as the simulator counted them by `x-cache` source. */
export interface LabelFigures {
  reads: number;
  hitRate: number;
  bySource: Partial<Record<CacheSource, number>>;
}

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

export function tierFigures(stats: CacheStats): Record<TierName, TierFigures> {
  const figures = {} as Record<TierName, TierFigures>;
  for (const tier of TIER_NAMES) {
    const { hits, misses, entries, bytes, budgetBytes } = stats.tiers[tier];
    figures[tier] = {
      hits,
      misses,
      hitRate: ratio(hits, hits + misses),
      entries,
      bytes,
      budgetBytes,
    };
  }
  return figures;
}

export function typeFigures(stats: CacheStats): Record<string, TypeFigures> {
  const figures: Record<string, TypeFigures> = {};
  for (const [type, typeStats] of Object.entries(stats.types).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const answeredBy = {} as Record<TierName, number>;
    const bytes = {} as Record<TierName, number>;
    for (const tier of TIER_NAMES) {
      answeredBy[tier] = ratio(typeStats.tiers[tier].hits, typeStats.requests);
      bytes[tier] = typeStats.tiers[tier].bytes;
    }
    figures[type] = {
      requests: typeStats.requests,
      hitRate: ratio(typeStats.hits, typeStats.requests),
      answeredBy,
      bytes,
    };
  }
  return figures;
}

export function labelFigures(sources: SourceCounts): Record<string, LabelFigures> {
  const figures: Record<string, LabelFigures> = {};
  for (const [label, bySource] of Object.entries(sources).sort(([a], [b]) => a.localeCompare(b))) {
    const counts = bySource ?? {};
    const reads = Object.values(counts).reduce((sum, count) => sum + (count ?? 0), 0);
    figures[label] = { reads, hitRate: ratio(servedFromCache(counts), reads), bySource: counts };
  }
  return figures;
}

/** Reads answered by a tier (not by the loader, nor stale within grace), over all reads. */
export function overallHitRate(pass: PassResult): number {
  let hits = 0;
  for (const counts of Object.values(pass.sources)) {
    hits += servedFromCache(counts ?? {});
  }
  return ratio(hits, pass.reads);
}

/** 1 − queries(cache on) / queries(cache off), on the same schedule. */
export function queryReduction(on: number, off: number): number {
  return off === 0 ? 0 : 1 - on / off;
}

function servedFromCache(counts: Partial<Record<CacheSource, number>>): number {
  return TIER_NAMES.reduce((sum, tier) => sum + (counts[tier] ?? 0), 0);
}
