import { readIntegerVariables, type IntegerVariable } from '@strata/database';

/** What one HTTP request may cost the server before it is refused (DESIGN §8: 400, 408, 413). */
export interface HttpLimits {
  /** Larger bodies get 413. */
  bodyLimitBytes: number;
  /**
   * Bodies whose objects and arrays nest deeper get 400 before anything walks them: the
   * validation pipe and the merge recurse, and a body thousands of levels deep overflowed the stack.
   */
  maxBodyDepth: number;
  /** A client that has not sent its complete headers by then gets 408 and is disconnected. */
  headersTimeoutMs: number;
  /** Time allowed to receive the body once the headers are in; then 408 and the connection closes. */
  bodyTimeoutMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  bodyLimitBytes: 1024 * 1024,
  // Context data may nest 32 levels (CONTEXT_DATA_LIMITS); the body around it adds one or two.
  maxBodyDepth: 64,
  headersTimeoutMs: 5_000,
  bodyTimeoutMs: 5_000,
};

const VARIABLES: ReadonlyArray<IntegerVariable<HttpLimits>> = [
  { field: 'maxBodyDepth', variable: 'STRATA_HTTP_MAX_BODY_DEPTH', lowest: 34, highest: 10_000 },
  {
    field: 'headersTimeoutMs',
    variable: 'STRATA_HTTP_HEADERS_TIMEOUT_MS',
    lowest: 100,
    highest: 600_000,
  },
  {
    field: 'bodyTimeoutMs',
    variable: 'STRATA_HTTP_BODY_TIMEOUT_MS',
    lowest: 100,
    highest: 600_000,
  },
];

/** The limits from `STRATA_HTTP_*`, each defaulted; every problem is reported, none thrown. */
export function httpLimitsFromEnv(env: Record<string, string | undefined>): {
  config: HttpLimits;
  problems: string[];
} {
  return readIntegerVariables(env, DEFAULT_HTTP_LIMITS, VARIABLES);
}
