import type { Clock } from '../core/clock';
import type { TierBudgetOptions } from './tier-budgets';

/** What every persistent store is configured with, whatever holds its entries. */
export interface PersistentTierStoreOptions extends TierBudgetOptions {
  /** Decides freshness and staleness; defaults to the system clock. */
  clock?: Clock;
  /**
   * How long a tombstone is kept (default 15 min): a write whose stamp is older than the
   * tombstones kept is refused, since the store can no longer tell whether it was overtaken.
   */
  tombstoneRetentionMs?: number;
}
