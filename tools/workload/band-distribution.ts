import type { PlacementReport } from '@strata/context-cache';
import type { VolatilityBand } from '@strata/ttl-policy';

export type BandCounts = Record<VolatilityBand, number>;

/** Keys of one read label by the band of their latest load, apart by whether their entity was written. */
export interface LabelBands {
  written: BandCounts;
  unwritten: BandCounts;
}

/** Read label (`task`, `context:task`, …) → its keys' bands. */
export type BandDistribution = Record<string, LabelBands>;

const noBands = (): BandCounts => ({ high: 0, medium: 0, low: 0 });

/**
 * The band distribution of the workload's keys (issue 9, "TTLs that follow the data"): each key
 * counted once, in the band its latest load was placed in. "Written" means its entity had an
 * update in the score's window at that load (what `f` counts), so it can be told whether written
 * data lands high and unwritten data low.
 */
export class BandTally {
  private readonly latest = new Map<
    string,
    { label: string; band: VolatilityBand; written: boolean }
  >();

  /** A load of `key` (read under `label`) was placed as `placement`. */
  loaded(key: string, label: string, placement: PlacementReport): void {
    this.latest.set(key, {
      label,
      band: placement.band,
      written: placement.inputs.updatesInWindow > 0,
    });
  }

  distribution(): BandDistribution {
    const byLabel: BandDistribution = {};
    for (const { label, band, written } of this.latest.values()) {
      const bands = (byLabel[label] ??= { written: noBands(), unwritten: noBands() });
      bands[written ? 'written' : 'unwritten'][band] += 1;
    }
    return Object.fromEntries(Object.entries(byLabel).sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** "high / medium / low" counts, as the console and BENCHMARKS.md show them. */
export const bandTriple = (counts: BandCounts): string =>
  `${counts.high} / ${counts.medium} / ${counts.low}`;
