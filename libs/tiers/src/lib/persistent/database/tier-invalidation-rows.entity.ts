import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './bigint-column';

/**
 * The domain's invalidation counter (one row, id 1): every invalidation raises it in its own
 * transaction, so on PostgreSQL the counter a snapshot sees orders it against every invalidation.
 * `pruned_through`: tombstones up to this counter value may have been pruned.
 */
@Entity({ name: 'tier_invalidation_state' })
export class TierInvalidationStateRow {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  counter!: number;

  @Column({ name: 'pruned_through', type: 'bigint', transformer: bigintAsNumber })
  prunedThrough!: number;
}

/** The last invalidation of one scope (`key\0…`, `dependency\0…`, `type\0…`), kept for a window. */
@Entity({ name: 'tier_tombstones' })
@Index('idx_tier_tombstones_recorded_at', ['recordedAt'])
export class TierTombstoneRow {
  @PrimaryColumn({ type: 'text' })
  scope!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  counter!: number;

  @Column({ name: 'recorded_at', type: 'bigint', transformer: bigintAsNumber })
  recordedAt!: number;
}

/** Who loads a key now, until when: cluster-wide single flight for processes sharing SQLite. */
@Entity({ name: 'tier_load_leases' })
export class TierLoadLeaseRow {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  token!: string;

  @Column({ name: 'expires_at', type: 'bigint', transformer: bigintAsNumber })
  expiresAt!: number;
}
