import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintAsNumber } from './bigint-as-number';

/** One write to an entity, recorded exactly: `f` counts these over the update window. */
@Entity({ name: 'volatility_updates' })
@Index('idx_volatility_updates_key_at', ['entityKey', 'at'])
@Index('idx_volatility_updates_at', ['at'])
export class UpdateRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'entity_key', type: 'text' })
  entityKey!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  at!: number;
}
