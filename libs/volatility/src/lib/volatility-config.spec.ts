import { DEFAULT_VOLATILITY_CONFIG, resolveVolatilityConfig } from './volatility-config';
import { volatilityConfigFromEnv } from './volatility-config-from-env';

describe('volatility configuration', () => {
  it('is the defaults with nothing set', () => {
    expect(resolveVolatilityConfig(volatilityConfigFromEnv({}).config)).toEqual(
      DEFAULT_VOLATILITY_CONFIG,
    );
  });

  it('reads bases and the session length from the environment, keeping the other defaults', () => {
    const config = resolveVolatilityConfig(
      volatilityConfigFromEnv({
        STRATA_VOLATILITY_BASE_TASK: '0.9',
        STRATA_VOLATILITY_BASE_GIT_BRANCH: '0.5',
        STRATA_VOLATILITY_SESSION_MINUTES: '30',
      }).config,
    );
    expect(config.base).toMatchObject({ task: 0.9, git_branch: 0.5, template: 0.6 });
    expect(config.sessionMs).toBe(30 * 60_000);
  });

  it('names the variable that is not a number, or out of range, reporting every one', () => {
    expect(
      volatilityConfigFromEnv({
        STRATA_VOLATILITY_BASE_TASK: 'high',
        STRATA_VOLATILITY_BASE_AGENT: '1.5',
        STRATA_VOLATILITY_SESSION_MINUTES: '-5',
      }).problems,
    ).toEqual([
      'STRATA_VOLATILITY_BASE_TASK="high" is not a number',
      'STRATA_VOLATILITY_BASE_AGENT="1.5" is not in [0, 1]',
      'STRATA_VOLATILITY_SESSION_MINUTES="-5" must be a number above 0',
    ]);
  });

  it('names every setting out of range', () => {
    expect(() =>
      resolveVolatilityConfig({
        base: { task: 1.5 },
        sessionMs: 0,
        capacity: { keys: -1 },
        retentionMs: 1,
      }),
    ).toThrow(
      /base\.task: 1\.5[^]*sessionMs: 0[^]*capacity\.keys: -1[^]*retentionMs: 1 must cover/,
    );
  });
});
