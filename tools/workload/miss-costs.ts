import type { CacheSource } from '@strata/tiers';

/** Loads of one read label and the source statements they ran. */
export interface MissCost {
  misses: number;
  statements: number;
}

/**
 * What a miss costs, by read label (issue 9, cheaper misses): each read the loader answered and
 * the source statements its load ran, as the cache measured them.
 */
export class MissCostTally {
  private readonly byLabel = new Map<string, MissCost>();

  record(label: string, source: CacheSource, loadCost: number | undefined): void {
    if (source !== 'miss' || loadCost === undefined) {
      return;
    }
    const cost = this.byLabel.get(label) ?? { misses: 0, statements: 0 };
    cost.misses += 1;
    cost.statements += loadCost;
    this.byLabel.set(label, cost);
  }

  figures(): Record<string, MissCost> {
    return Object.fromEntries([...this.byLabel].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** "1.25 (40 misses)", as the console and BENCHMARKS.md show a label's cost. */
export const perMiss = ({ misses, statements }: MissCost): string =>
  `${(misses > 0 ? statements / misses : 0).toFixed(2)} (${misses} misses)`;
