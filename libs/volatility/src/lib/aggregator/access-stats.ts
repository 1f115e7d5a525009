/** How much a sum decayed from `fromMs` to `toMs` (1 when `toMs` is not later). */
export function decayFactor(fromMs: number, toMs: number, halfLifeMs: number): number {
  return toMs <= fromMs ? 1 : 2 ** (-(toMs - fromMs) / halfLifeMs);
}

/**
 * Exponentially decayed sums of one key's accesses: how many (`weight`), how many in an active
 * session (`activeWeight`), and the moments of the intervals between them. Decayed sums are
 * linear, so the stored sums and the ones gathered since the last flush add up exactly once both
 * are decayed to the same moment; that lets every replica flush deltas into one row.
 */
export class AccessStats {
  constructor(
    public decayedAt = 0,
    public weight = 0,
    public activeWeight = 0,
    public intervalWeight = 0,
    public intervalSum = 0,
    public intervalSumOfSquares = 0,
  ) {}

  /** Brings every sum to `at` (never backwards: a late event counts at the latest moment seen). */
  decayTo(at: number, halfLifeMs: number): void {
    if (at <= this.decayedAt) {
      return;
    }
    const factor = decayFactor(this.decayedAt, at, halfLifeMs);
    this.weight *= factor;
    this.activeWeight *= factor;
    this.intervalWeight *= factor;
    this.intervalSum *= factor;
    this.intervalSumOfSquares *= factor;
    this.decayedAt = at;
  }

  /** One access at `at`, `intervalMs` after the key's previous one (undefined for the first). */
  add(at: number, active: boolean, intervalMs: number | undefined, halfLifeMs: number): void {
    this.decayTo(at, halfLifeMs);
    this.weight += 1;
    if (active) {
      this.activeWeight += 1;
    }
    if (intervalMs !== undefined) {
      this.intervalWeight += 1;
      this.intervalSum += intervalMs;
      this.intervalSumOfSquares += intervalMs * intervalMs;
    }
  }

  /** Adds `other`'s sums into these, both decayed to the later of the two moments. */
  plus(other: AccessStats, halfLifeMs: number): AccessStats {
    const at = Math.max(this.decayedAt, other.decayedAt);
    const mine = this.copy();
    const theirs = other.copy();
    mine.decayTo(at, halfLifeMs);
    theirs.decayTo(at, halfLifeMs);
    return new AccessStats(
      at,
      mine.weight + theirs.weight,
      mine.activeWeight + theirs.activeWeight,
      mine.intervalWeight + theirs.intervalWeight,
      mine.intervalSum + theirs.intervalSum,
      mine.intervalSumOfSquares + theirs.intervalSumOfSquares,
    );
  }

  copy(): AccessStats {
    return new AccessStats(
      this.decayedAt,
      this.weight,
      this.activeWeight,
      this.intervalWeight,
      this.intervalSum,
      this.intervalSumOfSquares,
    );
  }

  /**
   * `v`: how bursty the recent reads are, from the coefficient of variation of their intervals
   * (cv), as the burstiness (cv − 1) / (cv + 1) clamped to [0, 1]. Reads at random moments (a
   * Poisson stream, cv = 1) score 0 and evenly spaced ones too; clustered reads approach 1.
   * A raw clamped cv would give 1 to every key read at random, so popular stable entities could
   * not be told from changing ones (README, "Calibration"). 0 until two intervals exist.
   */
  intervalVariation(): number {
    if (this.intervalWeight < 2 || this.intervalSum <= 0) {
      return 0;
    }
    const mean = this.intervalSum / this.intervalWeight;
    const variance = Math.max(0, this.intervalSumOfSquares / this.intervalWeight - mean * mean);
    const cv = Math.sqrt(variance) / mean;
    return Math.min(1, Math.max(0, (cv - 1) / (cv + 1)));
  }

  /**
   * `a`: the share of accesses made in an active session; 0 with no access. `recentUpdates`
   * (decayed like these sums) count as accesses made in an active session: a write is user
   * activity on the key by its nature, so a key that is written while nobody reads it in a
   * session is still correlated with user activity (README, "Calibration").
   */
  activeShare(recentUpdates = 0): number {
    const total = this.weight + recentUpdates;
    return total > 0 ? Math.min(1, (this.activeWeight + recentUpdates) / total) : 0;
  }
}
