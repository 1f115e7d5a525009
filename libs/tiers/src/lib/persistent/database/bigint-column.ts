import type { ValueTransformer } from 'typeorm';

/**
 * Millisecond timestamps and byte totals are stored as BIGINT. PostgreSQL's driver returns
 * BIGINT as a string (it may exceed 2^53); ours stay far below, so they are read as numbers.
 */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
