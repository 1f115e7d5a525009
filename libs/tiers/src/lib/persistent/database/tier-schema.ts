import { CreateTierTables1763950000000 } from './migrations/1763950000000-create-tier-tables';
import { ConditionalWrites1764600000000 } from './migrations/1764600000000-conditional-writes';
import { TierEntryDependencyRow } from './tier-entry-dependency-row.entity';
import { TierEntryRow } from './tier-entry-row.entity';
import {
  TierInvalidationStateRow,
  TierLoadLeaseRow,
  TierTombstoneRow,
} from './tier-invalidation-rows.entity';
import { TierTypeTotalsRow } from './tier-type-totals-row.entity';

/**
 * What the tiers' own connection (TierStoresModule's `tiers`) is built from. It is separate from
 * the source of truth's, so the source's statement counter never counts the tiers' statements.
 */
export const TIER_ENTITIES = [
  TierEntryRow,
  TierEntryDependencyRow,
  TierTypeTotalsRow,
  TierInvalidationStateRow,
  TierTombstoneRow,
  TierLoadLeaseRow,
];
export const TIER_MIGRATIONS = [CreateTierTables1763950000000, ConditionalWrites1764600000000];
export const TIER_MIGRATIONS_TABLE = 'strata_tiers_migrations';
