import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './bigint-as-number';

/** One key's decayed access statistics (see AccessStats), as of `decayed_at`. */
@Entity({ name: 'volatility_key_stats' })
@Index('idx_volatility_key_stats_last_access', ['lastAccessAt'])
export class KeyStatsRow {
  @PrimaryColumn({ name: 'entity_key', type: 'text' })
  entityKey!: string;

  @Column({ type: 'text' })
  type!: string;

  /** Every access ever flushed, undecayed. */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  accesses!: number;

  @Column({ name: 'last_access_at', type: 'bigint', transformer: bigintAsNumber })
  lastAccessAt!: number;

  @Column({ name: 'decayed_at', type: 'bigint', transformer: bigintAsNumber })
  decayedAt!: number;

  @Column({ type: 'double precision' })
  weight!: number;

  @Column({ name: 'active_weight', type: 'double precision' })
  activeWeight!: number;

  @Column({ name: 'interval_weight', type: 'double precision' })
  intervalWeight!: number;

  @Column({ name: 'interval_sum', type: 'double precision' })
  intervalSum!: number;

  @Column({ name: 'interval_sum_of_squares', type: 'double precision' })
  intervalSumOfSquares!: number;
}
