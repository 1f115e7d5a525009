import type { Clock } from '../core/clock';

/**
 * Reads a clock on behalf of the hit path at most once per `readsPerValue` calls and never across
 * a turn of the event loop: the value is dropped in a microtask, so it never outlives the
 * synchronous job that read it. Reading a system clock costs more than the map lookup of a hit on
 * some machines (~90 ns on a VM without a fast clock source); within one job the few microseconds
 * that `readsPerValue` gets take are the only imprecision, far below the millisecond TTLs carry.
 */
export class AmortisedClock {
  private value = 0;
  private remaining = 0;
  private forgetQueued = false;
  private readonly forget = (): void => {
    this.remaining = 0;
    this.forgetQueued = false;
  };

  constructor(
    private readonly clock: Clock,
    private readonly readsPerValue: number,
  ) {}

  /**
   * Whether the clock has reached `time`. A boolean rather than the time itself: a double returned
   * from a call the optimiser does not inline is boxed, one allocation per hit.
   */
  hasReached(time: number): boolean {
    if (this.remaining > 0) {
      this.remaining--;
      return this.value >= time;
    }
    return this.read() >= time;
  }

  /** Kept out of `hasReached` so that the common path stays small enough to inline. */
  private read(): number {
    this.value = this.clock.now();
    if (this.readsPerValue > 1) {
      this.remaining = this.readsPerValue - 1;
      if (!this.forgetQueued) {
        this.forgetQueued = true;
        queueMicrotask(this.forget);
      }
    }
    return this.value;
  }
}
