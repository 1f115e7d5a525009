import {
  AuthFailureLimiter,
  authFailureLimitsFromEnv,
  DEFAULT_AUTH_FAILURE_LIMITS,
} from './auth-failure-limiter';

describe('AuthFailureLimiter', () => {
  let now: number;
  const limiter = (maxAddresses = 100) =>
    new AuthFailureLimiter({ maxFailures: 2, windowSeconds: 10, maxAddresses }, () => now);

  beforeEach(() => {
    now = 0;
  });

  it('refuses an address from its maxFailures-th failure until the window that began with its first failure ends', () => {
    const failures = limiter();
    failures.recordFailure('a');
    now = 4_000;
    expect(failures.retryAfterSeconds('a')).toBe(0);
    failures.recordFailure('a');
    expect(failures.retryAfterSeconds('a')).toBe(6);
    now = 9_001;
    expect(failures.retryAfterSeconds('a')).toBe(1);
    now = 10_000;
    expect(failures.retryAfterSeconds('a')).toBe(0);
  });

  it('starts a new window for a failure after the old one ended', () => {
    const failures = limiter();
    failures.recordFailure('a');
    failures.recordFailure('a');
    now = 10_000;
    failures.recordFailure('a');
    expect(failures.retryAfterSeconds('a')).toBe(0);
  });

  it('keeps memory bounded however many addresses fail', () => {
    const failures = limiter(50);
    for (let address = 0; address < 10_000; address++) {
      failures.recordFailure(`10.0.${address >> 8}.${address & 255}`);
    }
    expect(failures.trackedAddresses).toBe(50);
  });
});

describe('authFailureLimitsFromEnv', () => {
  it('defaults to 10 failures a minute per address', () => {
    expect(authFailureLimitsFromEnv({})).toEqual({
      config: DEFAULT_AUTH_FAILURE_LIMITS,
      problems: [],
    });
    expect(DEFAULT_AUTH_FAILURE_LIMITS).toMatchObject({ maxFailures: 10, windowSeconds: 60 });
  });

  it('reads both variables and refuses nonsense', () => {
    expect(
      authFailureLimitsFromEnv({
        STRATA_AUTH_MAX_FAILURES: '3',
        STRATA_AUTH_FAILURE_WINDOW_SECONDS: '5',
      }).config,
    ).toMatchObject({ maxFailures: 3, windowSeconds: 5 });
    expect(authFailureLimitsFromEnv({ STRATA_AUTH_MAX_FAILURES: '0' }).problems).toEqual([
      expect.stringContaining('STRATA_AUTH_MAX_FAILURES "0"'),
    ]);
  });
});
