import type { SeededRandom } from '../seed/random';

/**
 * Draws ranks 0..n-1 with probability proportional to 1 / (rank + 1)^exponent: a few keys are
 * read most of the time, as on the platform. The cumulative table is built once per size.
 */
export class ZipfSampler {
  private readonly cumulative: Float64Array;

  constructor(
    readonly size: number,
    exponent: number,
  ) {
    if (size < 1) {
      throw new RangeError('a Zipf sampler needs at least one rank');
    }
    this.cumulative = new Float64Array(size);
    let total = 0;
    for (let rank = 0; rank < size; rank++) {
      total += 1 / Math.pow(rank + 1, exponent);
      this.cumulative[rank] = total;
    }
    for (let rank = 0; rank < size; rank++) {
      this.cumulative[rank] /= total;
    }
  }

  rank(random: SeededRandom): number {
    const target = random.next();
    let low = 0;
    let high = this.size - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.cumulative[middle] > target) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }
}

/** One sampler per (size, exponent): projects of one dataset share their sizes. */
export class ZipfSamplers {
  private readonly bySize = new Map<number, ZipfSampler>();

  constructor(private readonly exponent: number) {}

  pick<T>(items: readonly T[], random: SeededRandom): T {
    let sampler = this.bySize.get(items.length);
    if (sampler === undefined) {
      sampler = new ZipfSampler(items.length, this.exponent);
      this.bySize.set(items.length, sampler);
    }
    return items[sampler.rank(random)];
  }
}
