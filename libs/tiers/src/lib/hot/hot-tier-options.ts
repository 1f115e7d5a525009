import { type Clock, systemClock } from '../core/clock';
import type { HotDepartureListener } from '../core/tier-store';

const MEGABYTE = 1024 * 1024;

/** DESIGN §3: the hot tier's default budget per entry type. */
export const DEFAULT_HOT_BUDGET_BYTES = 50 * MEGABYTE;
/** Expired entries linger at most this long after `staleUntil` before the sweep removes them (reads never see them). */
export const DEFAULT_SWEEP_INTERVAL_MS = 1000;

/** Gets per system-clock read on the hit path (see AmortisedClock); other clocks are read on every get. */
export const SYSTEM_CLOCK_READS_PER_VALUE = 64;

export interface HotTierOptions {
  /** Byte budgets of named entry types; other types get `defaultBudgetBytes`. */
  budgetBytesPerType?: Readonly<Record<string, number>>;
  defaultBudgetBytes?: number;
  clock: Clock;
  /**
   * How many gets may share one clock reading within a synchronous job. Defaults to
   * SYSTEM_CLOCK_READS_PER_VALUE for the system clock and 1 for any other (a fake clock in a test
   * moves between two gets without a turn of the event loop).
   */
  clockReadsPerValue?: number;
  /** How often the background sweep runs; 0 disables the timer (tests call `sweep()`). */
  sweepIntervalMs?: number;
  /** A first departure listener (more with `HotTier.onDeparture`); see HotDeparture. */
  onDeparture?: HotDepartureListener;
}

export function defaultClockReadsPerValue(clock: Clock): number {
  return clock === systemClock ? SYSTEM_CLOCK_READS_PER_VALUE : 1;
}
