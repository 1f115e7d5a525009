import type { Clock } from '@strata/tiers';

export interface ThrottleSettings {
  /** Source statements per second warming may run at most; 0 turns the limit (and back-off) off. */
  statementsPerSecond: number;
  /** The least the rate shrinks to while the source is slow. */
  minStatementsPerSecond: number;
  /** The source counts as slow when its recent latency exceeds its usual one by this factor. */
  slowdownFactor: number;
}

export type ThrottleState = 'off' | 'normal' | 'backing-off' | 'recovering';

const SECOND_MS = 1_000;
/** How fast the recent latency follows samples, and how slowly the usual one does. */
const RECENT_WEIGHT = 0.3;
const USUAL_WEIGHT = 0.02;
/** The rate changes at most once a second: a halving, or a tenth of the limit back. */
const ADJUST_EVERY_MS = SECOND_MS;
const RECOVERY_SHARE = 0.1;
/** Back within this factor of the usual latency, the source counts as recovered. */
const RECOVERED_FACTOR = 1.25;
/** The bucket holds a tenth of a second's statements: a burst never doubles a second's rate. */
const BURST_SHARE = 0.1;

/**
 * Warming's share of the source, as a token bucket of statements per second on a clock, and
 * back-off on the source's own measured latency (per statement, as warming's loads find it): when the recent latency rises past `slowdownFactor` times the usual one the
 * rate halves (down to the minimum), and once it is back near the usual one the rate grows again
 * by a tenth of the limit a second (AIMD, as TCP does). User reads are charged to the same bucket
 * but never wait: a second in which users ran the budget leaves warming nothing, so it yields.
 */
export class SourceThrottle {
  private rate: number;
  private tokens: number;
  private refilledAt: number;
  private adjustedAt: number;
  private recent: number | undefined;
  private usual: number | undefined;
  private current: ThrottleState;

  constructor(
    private readonly settings: ThrottleSettings,
    private readonly clock: Clock,
  ) {
    this.rate = settings.statementsPerSecond;
    this.tokens = this.capacity;
    this.refilledAt = clock.now();
    this.adjustedAt = this.refilledAt;
    this.current = this.rate === 0 ? 'off' : 'normal';
  }

  /** The statements per second warming may run now. */
  get statementsPerSecond(): number {
    return this.rate;
  }

  get state(): ThrottleState {
    return this.current;
  }

  /** Waits, in real time, until warming's next load may start. */
  async admit(): Promise<void> {
    for (let delay = this.delayMs(); delay > 0; delay = this.delayMs()) {
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  /** How long warming must wait before its next load may start (0: now). */
  delayMs(): number {
    if (this.current === 'off') {
      return 0;
    }
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.rate) * SECOND_MS);
  }

  /** Statements the source ran (warming's or a user's): they come out of the bucket. */
  charge(statements: number): void {
    if (this.current !== 'off') {
      this.refill();
      this.tokens -= statements;
    }
  }

  /** The source answered a load of `statements` in `ms`: its latency per statement. */
  observe(ms: number, statements: number): void {
    if (this.current === 'off' || statements <= 0) {
      return;
    }
    const sample = ms / statements;
    this.recent = blend(this.recent, sample, RECENT_WEIGHT);
    // The usual latency does not learn from a slow spell, or it would call the slowness usual.
    if (this.current !== 'backing-off') {
      this.usual = blend(this.usual, sample, USUAL_WEIGHT);
    }
    this.adjust();
  }

  private adjust(): void {
    const now = this.clock.now();
    if (this.recent === undefined || this.usual === undefined) {
      return;
    }
    if (now - this.adjustedAt < ADJUST_EVERY_MS) {
      return;
    }
    const { statementsPerSecond: limit, minStatementsPerSecond: floor } = this.settings;
    if (this.recent > this.usual * this.settings.slowdownFactor) {
      this.rate = Math.max(floor, this.rate / 2);
      this.current = 'backing-off';
    } else if (this.recent <= this.usual * RECOVERED_FACTOR && this.rate < limit) {
      this.rate = Math.min(limit, this.rate + limit * RECOVERY_SHARE);
      this.current = this.rate === limit ? 'normal' : 'recovering';
    } else if (this.current === 'backing-off') {
      // Neither slow nor recovered: hold the rate, and let the usual latency learn again.
      this.current = 'recovering';
    }
    this.adjustedAt = now;
    this.tokens = Math.min(this.tokens, this.capacity);
  }

  private get capacity(): number {
    return Math.max(1, this.rate * BURST_SHARE);
  }

  /** Tokens accrue at the current rate, up to the burst. */
  private refill(): void {
    const now = this.clock.now();
    const accrued = ((now - this.refilledAt) / SECOND_MS) * this.rate;
    this.tokens = Math.min(this.capacity, this.tokens + accrued);
    this.refilledAt = now;
  }
}

function blend(previous: number | undefined, sample: number, weight: number): number {
  return previous === undefined ? sample : previous + (sample - previous) * weight;
}
