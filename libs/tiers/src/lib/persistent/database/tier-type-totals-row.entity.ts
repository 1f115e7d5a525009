import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './bigint-column';

/**
 * Running totals per tier and type, changed in the same transaction as the entries they count,
 * so enforcing a budget never sums the entries table. Every write locks its type's row first,
 * which also serialises the writers of one type across replicas.
 */
@Entity({ name: 'tier_type_totals' })
export class TierTypeTotalsRow {
  @PrimaryColumn({ type: 'text' })
  tier!: string;

  @PrimaryColumn({ type: 'text' })
  type!: string;

  @Column({ type: 'integer' })
  entries!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  bytes!: number;

  /** GreedyDual-Size-Frequency inflation (entry-worth.ts): the worth of the last entry evicted. */
  @Column({ type: 'double precision' })
  inflation!: number;
}
