import type { Clock } from '../core/clock';
import type { TierBudgetOptions } from './tier-budgets';

/** What every persistent store is configured with, whatever holds its entries. */
export interface PersistentTierStoreOptions extends TierBudgetOptions {
  /** Decides freshness and staleness; defaults to the system clock. */
  clock?: Clock;
}
