import { LRUCache } from 'lru-cache';
import { readIntegerVariables } from '@strata/database';

export interface AuthFailureLimits {
  /** Failed authentications an address may make per window before it is refused with 429. */
  maxFailures: number;
  windowSeconds: number;
  /** Addresses tracked at once; the least recently failing are forgotten first. */
  maxAddresses: number;
}

export const DEFAULT_AUTH_FAILURE_LIMITS: AuthFailureLimits = {
  maxFailures: 10,
  windowSeconds: 60,
  maxAddresses: 10_000,
};

/** The limits from `STRATA_AUTH_MAX_FAILURES` and `STRATA_AUTH_FAILURE_WINDOW_SECONDS`. */
export function authFailureLimitsFromEnv(env: Record<string, string | undefined>): {
  config: AuthFailureLimits;
  problems: string[];
} {
  return readIntegerVariables(env, DEFAULT_AUTH_FAILURE_LIMITS, [
    { field: 'maxFailures', variable: 'STRATA_AUTH_MAX_FAILURES', lowest: 1, highest: 1_000_000 },
    {
      field: 'windowSeconds',
      variable: 'STRATA_AUTH_FAILURE_WINDOW_SECONDS',
      lowest: 1,
      highest: 86_400,
    },
  ]);
}

interface Window {
  startedAt: number;
  failures: number;
}

/**
 * Counts failed authentications per client address in fixed windows. An address that used up
 * its failures is refused until its window ends, whatever key it sends, so that guessing keys
 * costs a window per `maxFailures` guesses. Memory stays bounded by `maxAddresses`.
 */
export class AuthFailureLimiter {
  private readonly windows: LRUCache<string, Window>;

  constructor(
    private readonly limits: AuthFailureLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.windows = new LRUCache({ max: limits.maxAddresses });
  }

  /** Seconds until the address may try again, or 0 when it may now. */
  retryAfterSeconds(address: string): number {
    const window = this.current(address);
    if (window === undefined || window.failures < this.limits.maxFailures) {
      return 0;
    }
    return Math.max(1, Math.ceil((window.startedAt + this.windowMs - this.now()) / 1000));
  }

  recordFailure(address: string): void {
    const window = this.current(address) ?? { startedAt: this.now(), failures: 0 };
    window.failures += 1;
    this.windows.set(address, window);
  }

  /** Addresses with failures in their current window. */
  get trackedAddresses(): number {
    return this.windows.size;
  }

  private current(address: string): Window | undefined {
    const window = this.windows.get(address);
    return window !== undefined && this.now() < window.startedAt + this.windowMs
      ? window
      : undefined;
  }

  private get windowMs(): number {
    return this.limits.windowSeconds * 1000;
  }
}
