import type { Clock } from '@strata/tiers';

/**
 * A sum over the last `windowMs`, kept in `buckets` slots of `windowMs / buckets` each: what
 * falls in a slot older than the window is dropped as time moves on, so the sum covers the
 * window to within one slot, in constant memory whatever the traffic.
 */
export class SlidingSum {
  private readonly slotMs: number;
  private readonly epochs: Float64Array;
  private readonly values: Float64Array;

  constructor(
    readonly windowMs: number,
    private readonly clock: Clock,
    private readonly buckets = 30,
  ) {
    this.slotMs = windowMs / buckets;
    this.epochs = new Float64Array(buckets).fill(-1);
    this.values = new Float64Array(buckets);
  }

  add(amount: number): void {
    const epoch = this.epochNow();
    const slot = epoch % this.buckets;
    if (this.epochs[slot] !== epoch) {
      this.epochs[slot] = epoch;
      this.values[slot] = 0;
    }
    this.values[slot] += amount;
  }

  sum(): number {
    const oldest = this.epochNow() - this.buckets;
    let total = 0;
    for (let slot = 0; slot < this.buckets; slot++) {
      if (this.epochs[slot] > oldest) {
        total += this.values[slot];
      }
    }
    return total;
  }

  private epochNow(): number {
    return Math.floor(this.clock.now() / this.slotMs);
  }
}

/** A quantity counted both over the sliding window and since start. */
export class WindowedTally {
  private sinceStart = 0;
  private readonly window: SlidingSum;

  constructor(windowMs: number, clock: Clock) {
    this.window = new SlidingSum(windowMs, clock);
  }

  add(amount = 1): void {
    this.sinceStart += amount;
    this.window.add(amount);
  }

  get total(): number {
    return this.sinceStart;
  }

  get inWindow(): number {
    return this.window.sum();
  }
}
