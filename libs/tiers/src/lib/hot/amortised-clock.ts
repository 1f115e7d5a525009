import type { Clock } from '../core/clock';
import { expiryTick } from './expiry-tick';

/**
 * A clock reading shared by up to `readsPerValue` hits within one synchronous job, and dropped in a
 * microtask so that it never outlives the job that read it. Reading a system clock costs more than
 * the map lookup of a hit on some machines (~90 ns on a VM without a fast clock source); within one
 * job, the few microseconds that `readsPerValue` gets take are the only imprecision.
 *
 * The hit path uses the fields directly (`if (clock.readsLeft-- <= 0) clock.refresh()`, then
 * compare `clock.value`): no call and no boxed double on the common path.
 */
export class AmortisedClock {
  /** The reading hits compare against. */
  value = 0;
  /** The reading as an expiry tick (see expiryTick): what hits compare first. */
  tick = 0;
  /** Hits that may still share `value`; at zero or below, `refresh()` first. */
  readsLeft = 0;
  private forgetQueued = false;
  private readonly forget = (): void => {
    this.readsLeft = 0;
    this.forgetQueued = false;
  };

  constructor(
    private readonly clock: Clock,
    private readonly readsPerValue: number,
    /** The epoch of `tick`. */
    readonly epoch = 0,
  ) {}

  refresh(): void {
    this.value = this.clock.now();
    this.tick = expiryTick(this.value, this.epoch);
    this.readsLeft = this.readsPerValue - 1;
    if (this.readsPerValue > 1 && !this.forgetQueued) {
      this.forgetQueued = true;
      queueMicrotask(this.forget);
    }
  }
}
