import { Column, PrimaryColumn } from 'typeorm';
import type { JsonObject } from '../../domain/json';
import { bigintNumber, jsonText } from './column-transformers';

/** Columns every context entity stores; each entity type has its own table. */
export abstract class ContextRecord {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  id!: string;

  @Column({ type: 'text', transformer: jsonText })
  data!: JsonObject;

  @Column({ type: 'integer' })
  version!: number;

  /** Milliseconds since the epoch. */
  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintNumber })
  updatedAt!: number;
}

/** Entity types whose only field besides the context is a display name. */
export abstract class NamedContextRecord extends ContextRecord {
  @Column({ type: 'varchar', length: 256 })
  name!: string;
}
