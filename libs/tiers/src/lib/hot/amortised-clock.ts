import type { Clock } from '../core/clock';

/**
 * A clock reading shared by up to `readsPerValue` reads within one synchronous job, and dropped in
 * a microtask so that it never outlives the job that read it. Reading a system clock costs more
 * than the map lookup of a hit on some machines (~90 ns on a VM without a fast clock source);
 * within one job, the few microseconds that `readsPerValue` gets take are the only imprecision.
 *
 * The hit path uses the fields directly (`if (clock.readsLeft-- <= 0) clock.refresh()`, then
 * compare `clock.value`): no call on the common path.
 */
export class AmortisedClock {
  /** The reading callers compare against. */
  value = 0;
  /** `value` in whole seconds (rounded down): what the store's Uint32 due-second column is compared with. */
  seconds = 0;
  /** Reads that may still share `value`; at zero or below, `refresh()` first. */
  readsLeft = 0;
  private forgetQueued = false;
  private readonly forget = (): void => {
    this.readsLeft = 0;
    this.forgetQueued = false;
  };

  constructor(
    private readonly clock: Clock,
    private readonly readsPerValue: number,
  ) {}

  refresh(): void {
    this.value = this.clock.now();
    this.seconds = Math.floor(this.value / 1000);
    this.readsLeft = this.readsPerValue - 1;
    if (this.readsPerValue > 1 && !this.forgetQueued) {
      this.forgetQueued = true;
      queueMicrotask(this.forget);
    }
  }

  /** The shared reading, refreshed when its reads are used up: for paths that need no inlining. */
  now(): number {
    if (this.readsLeft-- <= 0) this.refresh();
    return this.value;
  }
}
