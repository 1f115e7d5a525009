import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './bigint-as-number';

/** Accesses to one key in one hour of the day (UTC): the per-key daily profile warming reads. */
@Entity({ name: 'volatility_key_hours' })
@Index('idx_volatility_key_hours_last_at', ['lastAt'])
export class KeyHourRow {
  @PrimaryColumn({ name: 'entity_key', type: 'text' })
  entityKey!: string;

  @PrimaryColumn({ type: 'integer' })
  hour!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  accesses!: number;

  @Column({ name: 'last_at', type: 'bigint', transformer: bigintAsNumber })
  lastAt!: number;
}
