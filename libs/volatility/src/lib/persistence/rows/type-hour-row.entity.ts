import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './bigint-as-number';

/** Accesses to a type in one hour of the day (UTC), summed over every day: its daily profile. */
@Entity({ name: 'volatility_type_hours' })
export class TypeHourRow {
  @PrimaryColumn({ type: 'text' })
  type!: string;

  @PrimaryColumn({ type: 'integer' })
  hour!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  accesses!: number;
}
