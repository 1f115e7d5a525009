import { seededRandom, type RandomSource } from '@strata/ttl-policy';

/** Seeded draws (mulberry32): the same seed gives the same dataset everywhere. */
export class SeededRandom {
  private readonly source: RandomSource;

  constructor(seed: number) {
    this.source = seededRandom(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.source();
  }

  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Distinct items, at most `count`. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const chosen: T[] = [];
    while (chosen.length < count && pool.length > 0) {
      chosen.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]);
    }
    return chosen;
  }
}
