import { readIntegerVariables, type IntegerVariable } from './integer-variables';

/** How long the database may keep a caller waiting before the caller gets 503 (DESIGN §8). */
export interface DatabaseTimeouts {
  /**
   * One statement, or a connection from the pool: PostgreSQL's `statement_timeout` and the
   * client's own read timeout (which also holds while the server answers nothing at all), and
   * SQLite's busy timeout.
   */
  statementTimeoutMs: number;
  /** A whole write, its invalidation included: past this it answers 503 with `Retry-After`. */
  writeTimeoutMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = {
  statementTimeoutMs: 2_000,
  writeTimeoutMs: 3_000,
};

const VARIABLES: ReadonlyArray<IntegerVariable<DatabaseTimeouts>> = [
  {
    field: 'statementTimeoutMs',
    variable: 'STRATA_DB_STATEMENT_TIMEOUT_MS',
    lowest: 100,
    highest: 600_000,
  },
  { field: 'writeTimeoutMs', variable: 'STRATA_WRITE_TIMEOUT_MS', lowest: 100, highest: 600_000 },
];

/** `STRATA_DB_STATEMENT_TIMEOUT_MS` and `STRATA_WRITE_TIMEOUT_MS`; every problem reported. */
export function databaseTimeoutsFromEnv(env: Record<string, string | undefined>): {
  config: DatabaseTimeouts;
  problems: string[];
} {
  const parsed = readIntegerVariables(env, DEFAULT_DATABASE_TIMEOUTS, VARIABLES);
  const { statementTimeoutMs, writeTimeoutMs } = parsed.config;
  if (parsed.problems.length === 0 && writeTimeoutMs < statementTimeoutMs) {
    parsed.problems.push(
      `STRATA_WRITE_TIMEOUT_MS (${writeTimeoutMs}) must be at least STRATA_DB_STATEMENT_TIMEOUT_MS (${statementTimeoutMs}): a write runs statements`,
    );
  }
  return parsed;
}
