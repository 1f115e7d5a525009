import { DEFAULT_HTTP_LIMITS, httpLimitsFromEnv } from './http-limits';

describe('httpLimitsFromEnv', () => {
  it('defaults every limit: timeouts of a few seconds, 1 MB, 64 levels', () => {
    expect(httpLimitsFromEnv({})).toEqual({ config: DEFAULT_HTTP_LIMITS, problems: [] });
    expect(DEFAULT_HTTP_LIMITS).toEqual({
      bodyLimitBytes: 1024 * 1024,
      maxBodyDepth: 64,
      headersTimeoutMs: 5000,
      bodyTimeoutMs: 5000,
    });
  });

  it('reads each variable', () => {
    const { config, problems } = httpLimitsFromEnv({
      STRATA_HTTP_MAX_BODY_DEPTH: '40',
      STRATA_HTTP_HEADERS_TIMEOUT_MS: '2000',
      STRATA_HTTP_BODY_TIMEOUT_MS: '3000',
    });
    expect(problems).toEqual([]);
    expect(config).toEqual({
      ...DEFAULT_HTTP_LIMITS,
      maxBodyDepth: 40,
      headersTimeoutMs: 2000,
      bodyTimeoutMs: 3000,
    });
  });

  it.each([
    ['STRATA_HTTP_MAX_BODY_DEPTH', '33'],
    ['STRATA_HTTP_MAX_BODY_DEPTH', 'deep'],
    ['STRATA_HTTP_HEADERS_TIMEOUT_MS', '0'],
    ['STRATA_HTTP_HEADERS_TIMEOUT_MS', '5s'],
    ['STRATA_HTTP_BODY_TIMEOUT_MS', '-1'],
    ['STRATA_HTTP_BODY_TIMEOUT_MS', '1e4'],
  ])('refuses %s=%s, keeping the default', (variable, value) => {
    const { config, problems } = httpLimitsFromEnv({ [variable]: value });
    expect(config).toEqual(DEFAULT_HTTP_LIMITS);
    expect(problems).toEqual([expect.stringContaining(`${variable} "${value}"`)]);
  });

  it('keeps data depth reachable: the lowest accepted body depth holds 32 levels of data', () => {
    expect(httpLimitsFromEnv({ STRATA_HTTP_MAX_BODY_DEPTH: '34' }).problems).toEqual([]);
  });
});
