import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from './column-transformers';

/**
 * A write's changed keys, recorded in the write's own transaction and removed once the writer
 * has invalidated them: a row that stays is a write whose invalidation may never have happened.
 */
@Entity('invalidation_outbox')
export class InvalidationOutboxRecord {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  /** JSON array of entity keys. */
  @Column({ name: 'changed_keys', type: 'text' })
  changedKeys!: string;

  @Index()
  @Column({ name: 'written_at', type: 'bigint', transformer: bigintNumber })
  writtenAt!: number;
}
