import { redactUrlCredentials } from './redact-url-credentials';

describe('redactUrlCredentials', () => {
  it.each([
    ['postgres://strata:s3cret@db:5432/strata', 'postgres://strata:***@db:5432/strata'],
    ['redis://:s3cret@cache:6379', 'redis://:***@cache:6379'],
    ['rediss://user:p@ss@cache:6380/2', 'rediss://user:***@cache:6380/2'],
    [
      'DATABASE_URL "mysql://u:pw@h/db" is not supported',
      'DATABASE_URL "mysql://u:***@h/db" is not supported',
    ],
  ])('hides the password of %s', (text, redacted) => {
    expect(redactUrlCredentials(text)).toBe(redacted);
  });

  it.each([
    'postgres://strata@db/strata',
    'sqlite:./data/strata.sqlite',
    'redis://cache:6379',
    'no url',
  ])('leaves %s as it is', (text) => {
    expect(redactUrlCredentials(text)).toBe(text);
  });
});
