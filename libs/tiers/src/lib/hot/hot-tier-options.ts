import type { Clock } from '../core/clock';

const MEGABYTE = 1024 * 1024;

/** DESIGN §3: the hot tier's default budget per entry type. */
export const DEFAULT_HOT_BUDGET_BYTES = 50 * MEGABYTE;
/** Expired entries linger at most this long after `staleUntil` before the sweep removes them (reads never see them). */
export const DEFAULT_SWEEP_INTERVAL_MS = 1000;

export interface HotTierOptions {
  /** Byte budgets of named entry types; other types get `defaultBudgetBytes`. */
  budgetBytesPerType?: Readonly<Record<string, number>>;
  defaultBudgetBytes?: number;
  clock: Clock;
  /** How often the background sweep runs; 0 disables the timer (tests call `sweep()`). */
  sweepIntervalMs?: number;
}
