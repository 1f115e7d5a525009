import { DEFAULT_WARMING_SETTINGS, resolveWarmingSettings } from './warming-config';
import { warmingConfigFromEnv } from './warming-config-from-env';

describe('warmingConfigFromEnv', () => {
  it('gives the defaults for an empty environment', () => {
    const { config, problems } = warmingConfigFromEnv({});
    expect(problems).toEqual([]);
    expect(resolveWarmingSettings(config)).toEqual(DEFAULT_WARMING_SETTINGS);
  });

  it('reads strategies, bounds and refresh-ahead settings', () => {
    const { config, problems } = warmingConfigFromEnv({
      STRATA_WARMING_STRATEGIES: 'refresh-ahead, login',
      STRATA_WARMING_CONCURRENCY: '4',
      STRATA_WARMING_REFRESH_AT: '0.6',
      STRATA_WARMING_REFRESH_MIN_READS: '5',
      STRATA_WARMING_PREDICTIVE_LIMIT: '50',
      STRATA_WARMING_STATEMENTS_PER_SECOND: '0',
      STRATA_WARMING_STARTUP_MAX_ENTRIES: '100',
      STRATA_WARMING_STARTUP_TIME_LIMIT_MS: '2000',
    });
    expect(problems).toEqual([]);
    expect(resolveWarmingSettings(config)).toMatchObject({
      strategies: ['refresh-ahead', 'login'],
      concurrency: 4,
      refreshAhead: { at: 0.6, jitter: 0.1, minReads: 5 },
      predictive: { limit: 50, windowMinutes: 15 },
      throttle: { statementsPerSecond: 0, slowdownFactor: 3 },
      startup: { maxEntries: 100, maxBytes: 32 * 1024 * 1024, timeLimitMs: 2000 },
    });
    expect(
      resolveWarmingSettings(warmingConfigFromEnv({ STRATA_WARMING_STRATEGIES: 'none' }).config)
        .strategies,
    ).toEqual([]);
  });

  it('reports every problem at once, naming its variable', () => {
    const { problems } = warmingConfigFromEnv({
      STRATA_WARMING_STRATEGIES: 'refresh-ahead,bogus',
      STRATA_WARMING_CONCURRENCY: 'two',
      STRATA_WARMING_MAX_QUEUED: '0',
      STRATA_WARMING_REFRESH_AT: '1.5',
      STRATA_WARMING_STATEMENTS_PER_SECOND: '-1',
      STRATA_WARMING_STARTUP_MAX_BYTES: '0.5',
    });
    expect(problems).toEqual([
      'STRATA_WARMING_CONCURRENCY="two" is not a number',
      expect.stringMatching(
        /^STRATA_WARMING_STRATEGIES="refresh-ahead,bogus": names unknown strategies \(bogus\)/,
      ),
      'STRATA_WARMING_MAX_QUEUED="0": 0 must be a whole number ≥ 1',
      'STRATA_WARMING_STARTUP_MAX_BYTES="0.5": 0.5 must be a whole number ≥ 1',
      'STRATA_WARMING_STATEMENTS_PER_SECOND="-1": -1 must be a whole number ≥ 0 (0: no limit)',
      'STRATA_WARMING_REFRESH_AT="1.5": 1.5 must be between 0 and 1',
      expect.stringMatching(/^refreshAhead.jitter: /),
    ]);
  });
});
