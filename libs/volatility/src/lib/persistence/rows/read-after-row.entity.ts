import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './bigint-as-number';

/** How often a user read `next_key` shortly after `previous_key`: what warming prefetches. */
@Entity({ name: 'volatility_read_after' })
@Index('idx_volatility_read_after_last_at', ['lastAt'])
export class ReadAfterRow {
  @PrimaryColumn({ name: 'previous_key', type: 'text' })
  previousKey!: string;

  @PrimaryColumn({ name: 'next_key', type: 'text' })
  nextKey!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  reads!: number;

  @Column({ name: 'last_at', type: 'bigint', transformer: bigintAsNumber })
  lastAt!: number;
}
