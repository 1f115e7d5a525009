import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';

function withCode(code: string, message = 'failed'): Error {
  return Object.assign(new Error(message), { code });
}

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ["node-postgres' read timeout", new Error('Query read timeout')],
    ['a pool with no connection in time', new Error('timeout exceeded when trying to connect')],
    ['a connection lost', new Error('Connection terminated unexpectedly')],
    ['statement_timeout', withCode('57014', 'canceling statement due to statement timeout')],
    ['a server shutting down', withCode('57P01')],
    ['a connection failure (class 08)', withCode('08006')],
    ['too many connections', withCode('53300')],
    ['SQLite busy', withCode('SQLITE_BUSY', 'database is locked')],
    [
      'a driver error inside QueryFailedError',
      new QueryFailedError('SELECT 1', [], withCode('57014')),
    ],
  ])('is true for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], withCode('23505'))],
    ['a syntax error', withCode('42601')],
    ['SQLite constraint', withCode('SQLITE_CONSTRAINT_PRIMARYKEY')],
    ['a plain bug', new TypeError('x is undefined')],
    ['not an error', 'ECONNREFUSED'],
  ])('is false for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
