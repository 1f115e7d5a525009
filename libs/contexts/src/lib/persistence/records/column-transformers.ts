import type { ValueTransformer } from 'typeorm';
import type { JsonObject } from '../../domain/json';

/** Context data is stored as JSON text on both databases, so one schema serves SQLite and PostgreSQL. */
export const jsonText: ValueTransformer = {
  to: (value: JsonObject | undefined) => (value === undefined ? undefined : JSON.stringify(value)),
  from: (value: string | null) => (value === null ? null : (JSON.parse(value) as JsonObject)),
};

/** PostgreSQL returns bigint as a string; timestamps in milliseconds fit a double exactly. */
export const bigintNumber: ValueTransformer = {
  to: (value: number | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
