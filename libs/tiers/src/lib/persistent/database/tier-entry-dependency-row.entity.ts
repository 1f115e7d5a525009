import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TierEntryRow } from './tier-entry-row.entity';

/**
 * The dependency index: one row per (dependency, entry), the entry's own key included, so that
 * invalidating a dependency finds its entries by primary key prefix instead of a scan. Rows go
 * with their entry (ON DELETE CASCADE), so no write can leave them behind.
 */
@Entity({ name: 'tier_entry_dependencies' })
@Index('idx_tier_entry_dependencies_entry', ['tier', 'entryKey'])
export class TierEntryDependencyRow {
  @PrimaryColumn({ type: 'text' })
  tier!: string;

  @PrimaryColumn({ name: 'dependency_key', type: 'text' })
  dependencyKey!: string;

  @PrimaryColumn({ name: 'entry_key', type: 'text' })
  entryKey!: string;

  @ManyToOne(() => TierEntryRow, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tier', referencedColumnName: 'tier' },
    { name: 'entry_key', referencedColumnName: 'key' },
  ])
  entry?: TierEntryRow;
}
