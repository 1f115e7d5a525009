import { ConfigurationError } from './configuration-error';
import { parseConfiguration, throwingParser, type ConfigParser } from './config-sections';

const port: ConfigParser<number> = (env) => {
  const value = Number(env['PORT'] ?? 3000);
  return Number.isInteger(value)
    ? { config: value, problems: [] }
    : { config: 3000, problems: [`PORT "${env['PORT']}" is not a port number`] };
};

describe('parseConfiguration', () => {
  it('gives each section its parser’s settings', () => {
    expect(parseConfiguration({ port, other: () => ({ config: 'x', problems: [] }) }, {})).toEqual({
      port: 3000,
      other: 'x',
    });
  });

  it('reports the problems of every section at once, in order, URL passwords hidden', () => {
    const url: ConfigParser<string> = (env) => ({
      config: '',
      problems: [`DATABASE_URL "${env['DATABASE_URL']}" is not supported`],
    });
    let error: unknown;
    try {
      parseConfiguration({ port, url }, { PORT: 'x', DATABASE_URL: 'mysql://u:pw@h/db' });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems).toEqual([
      'PORT "x" is not a port number',
      'DATABASE_URL "mysql://u:***@h/db" is not supported',
    ]);
  });
});

describe('throwingParser', () => {
  it('turns a parser that throws every problem, one a line, into problems', () => {
    const parse = throwingParser(() => {
      throw new Error('Invalid bus configuration:\n  STRATA_BUS_X: bad\n  STRATA_BUS_Y: worse');
    });
    expect(parse({})).toEqual({
      config: undefined,
      problems: [
        'Invalid bus configuration: STRATA_BUS_X: bad',
        'Invalid bus configuration: STRATA_BUS_Y: worse',
      ],
    });
  });

  it('keeps a one-line error whole, and passes good settings through', () => {
    expect(
      throwingParser(() => {
        throw new Error('STRATA_BUS_X is bad');
      })({}).problems,
    ).toEqual(['STRATA_BUS_X is bad']);
    expect(throwingParser(() => 42)({})).toEqual({ config: 42, problems: [] });
  });
});
