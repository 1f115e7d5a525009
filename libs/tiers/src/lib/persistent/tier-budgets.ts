import type { TierName } from '../core/cache-entry';

export type PersistentTierName = Exclude<TierName, 'hot'>;

const MEGABYTE = 1024 * 1024;

/** DESIGN §3: the default byte budget of each entry type in each persistent tier. */
export const DEFAULT_BUDGET_BYTES_PER_TYPE: Record<PersistentTierName, number> = {
  warm: 100 * MEGABYTE,
  cold: 200 * MEGABYTE,
};

export interface TierBudgetOptions {
  tier: PersistentTierName;
  /** Budgets for named types; other types get `defaultBudgetBytes`. */
  budgetBytesPerType?: Readonly<Record<string, number>>;
  /** Defaults to DESIGN §3's budget for the tier. */
  defaultBudgetBytes?: number;
}

/** The byte budget of each entry type in one tier. */
export class TierBudgets {
  private readonly perType: Readonly<Record<string, number>>;
  private readonly fallback: number;

  constructor(options: TierBudgetOptions) {
    this.perType = options.budgetBytesPerType ?? {};
    this.fallback = options.defaultBudgetBytes ?? DEFAULT_BUDGET_BYTES_PER_TYPE[options.tier];
  }

  budgetFor(type: string): number {
    return this.perType[type] ?? this.fallback;
  }
}
