import type { ValueTransformer } from 'typeorm';

/** Timestamps and counts are BIGINT; PostgreSQL returns those as strings, ours fit a number. */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
