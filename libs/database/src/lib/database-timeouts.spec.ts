import { databaseTimeoutsFromEnv, DEFAULT_DATABASE_TIMEOUTS } from './database-timeouts';

describe('databaseTimeoutsFromEnv', () => {
  it('defaults to a statement bound of 2 s and a write bound of 3 s', () => {
    expect(databaseTimeoutsFromEnv({})).toEqual({
      config: { statementTimeoutMs: 2000, writeTimeoutMs: 3000 },
      problems: [],
    });
  });

  it('reads both variables', () => {
    const env = { STRATA_DB_STATEMENT_TIMEOUT_MS: '500', STRATA_WRITE_TIMEOUT_MS: '800' };
    expect(databaseTimeoutsFromEnv(env).config).toEqual({
      statementTimeoutMs: 500,
      writeTimeoutMs: 800,
    });
  });

  it('reports values out of range and a write bound below the statement bound', () => {
    expect(databaseTimeoutsFromEnv({ STRATA_DB_STATEMENT_TIMEOUT_MS: '5s' })).toEqual({
      config: DEFAULT_DATABASE_TIMEOUTS,
      problems: [expect.stringContaining('STRATA_DB_STATEMENT_TIMEOUT_MS "5s"')],
    });
    expect(databaseTimeoutsFromEnv({ STRATA_WRITE_TIMEOUT_MS: '0' }).problems).toEqual([
      expect.stringContaining('STRATA_WRITE_TIMEOUT_MS "0"'),
    ]);
    expect(
      databaseTimeoutsFromEnv({
        STRATA_DB_STATEMENT_TIMEOUT_MS: '4000',
        STRATA_WRITE_TIMEOUT_MS: '3000',
      }).problems,
    ).toEqual([expect.stringContaining('must be at least STRATA_DB_STATEMENT_TIMEOUT_MS')]);
  });
});
