import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './bigint-column';

/** One entry of the warm or cold tier; both tiers share the table, told apart by `tier`. */
@Entity({ name: 'tier_entries' })
@Index('idx_tier_entries_worth', ['tier', 'type', 'worth', 'lastAccessAt'])
@Index('idx_tier_entries_stale_until', ['tier', 'staleUntil'])
@Index('idx_tier_entries_type_stale_until', ['tier', 'type', 'staleUntil'])
export class TierEntryRow {
  @PrimaryColumn({ type: 'text' })
  tier!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text' })
  json!: string;

  /** JSON array of the dependency keys, so a read needs no join. */
  @Column({ type: 'text' })
  dependencies!: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt!: number;

  @Column({ name: 'expires_at', type: 'bigint', transformer: bigintAsNumber })
  expiresAt!: number;

  @Column({ name: 'stale_until', type: 'bigint', transformer: bigintAsNumber })
  staleUntil!: number;

  @Column({ type: 'text', nullable: true })
  band!: string | null;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  @Column({ type: 'integer' })
  hits!: number;

  @Column({ name: 'last_access_at', type: 'bigint', transformer: bigintAsNumber })
  lastAccessAt!: number;

  /** CacheEntry.loadCost: source statements the load ran. */
  @Column({ name: 'load_cost', type: 'integer', nullable: true })
  loadCost!: number | null;

  /** CacheEntry.warmedBy: the warming strategy that stored it. */
  @Column({ name: 'warmed_by', type: 'text', nullable: true })
  warmedBy!: string | null;

  /** See entry-worth.ts: the lowest worth is evicted first. */
  @Column({ type: 'double precision' })
  worth!: number;
}
