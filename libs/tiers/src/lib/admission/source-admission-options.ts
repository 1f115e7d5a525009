import { readIntegerVariables, type IntegerVariable } from '@strata/database';

/** How much work the source of truth is given at once, and when new work is refused instead. */
export interface SourceAdmissionOptions {
  /** Loads run against the source at once; more wait in a queue. */
  maxConcurrent: number;
  /** Loads waiting for a turn; with the queue full, a new load is refused at once. */
  maxQueued: number;
  /** An event loop lagging more than this refuses new uncached work; 0 never does. */
  maxEventLoopLagMs: number;
  /** What a refusal tells the caller to wait (`Retry-After`). */
  retryAfterSeconds: number;
  /**
   * A load not settled by then (its wait for a turn included) no longer holds its key's single
   * flight or its turn: callers get the grace value or a 503, and the next read tries again.
   */
  loaderHardTimeoutMs: number;
}

export const DEFAULT_SOURCE_ADMISSION_OPTIONS: SourceAdmissionOptions = {
  maxConcurrent: 64,
  maxQueued: 1_024,
  maxEventLoopLagMs: 200,
  retryAfterSeconds: 1,
  loaderHardTimeoutMs: 5_000,
};

const VARIABLES: ReadonlyArray<IntegerVariable<SourceAdmissionOptions>> = [
  { field: 'maxConcurrent', variable: 'STRATA_SOURCE_MAX_CONCURRENT', lowest: 1, highest: 100_000 },
  { field: 'maxQueued', variable: 'STRATA_SOURCE_MAX_QUEUED', lowest: 0, highest: 1_000_000 },
  {
    field: 'maxEventLoopLagMs',
    variable: 'STRATA_OVERLOAD_MAX_LAG_MS',
    lowest: 0,
    highest: 60_000,
  },
  {
    field: 'retryAfterSeconds',
    variable: 'STRATA_OVERLOAD_RETRY_AFTER_SECONDS',
    lowest: 1,
    highest: 3_600,
  },
  {
    field: 'loaderHardTimeoutMs',
    variable: 'STRATA_LOADER_HARD_TIMEOUT_MS',
    lowest: 10,
    highest: 600_000,
  },
];

/** The options from the environment, each defaulted; every problem is reported, none thrown. */
export function sourceAdmissionConfigFromEnv(env: Record<string, string | undefined>): {
  config: SourceAdmissionOptions;
  problems: string[];
} {
  return readIntegerVariables(env, DEFAULT_SOURCE_ADMISSION_OPTIONS, VARIABLES);
}
