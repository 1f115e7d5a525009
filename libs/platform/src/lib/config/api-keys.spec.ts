import { createHash } from 'node:crypto';
import * as crypto from 'node:crypto';
import { parseApiKeys } from './api-keys';

jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The scope each presented key gets from the table parsed from `value`. */
function scopes(value: string, presented: string[]): Array<string | undefined> {
  const { keys } = parseApiKeys(value);
  return presented.map((key) => keys.scopeOf(key));
}

describe('parseApiKeys', () => {
  it.each([undefined, '', ' ', ',', ' , ,'])('reads %p as no keys', (value) => {
    const { keys, problems } = parseApiKeys(value);
    expect(keys.size).toBe(0);
    expect(problems).toEqual([]);
  });

  it('maps each key to its scope, ignoring spaces and empty entries', () => {
    const value = ' k1:admin , k2:read,,k3:write, ';
    expect(parseApiKeys(value).keys.size).toBe(3);
    expect(scopes(value, ['k1', 'k2', 'k3', 'k4', '', 'K1', 'k1 '])).toEqual([
      'admin',
      'read',
      'write',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('accepts keys of letters, digits and . _ ~ -', () => {
    expect(scopes('Ab9._~-:read', ['Ab9._~-'])).toEqual(['read']);
  });

  it('accepts a key given as its SHA-256 digest, so the deployment file holds no secret', () => {
    const value = `sha256:${sha256('s3cret-key')}:admin,sha256:${sha256('other').toUpperCase()}:read`;
    const { keys, problems } = parseApiKeys(value);
    expect(problems).toEqual([]);
    expect(keys.size).toBe(2);
    expect(scopes(value, ['s3cret-key', 'other', sha256('s3cret-key')])).toEqual([
      'admin',
      'read',
      undefined,
    ]);
  });

  it.each([
    ['k1', 'no scope'],
    [':read', 'no key'],
    ['k 1:read', 'a space in the key'],
    ['k/1:read', 'a slash in the key'],
    ['a:b:read', 'a colon in the key'],
    [`sha256:${'a'.repeat(63)}:read`, 'a digest one digit short'],
    [`sha256:${'g'.repeat(64)}:read`, 'a digest that is not hex'],
    ['sha256::read', 'an empty digest'],
  ])('refuses "%s" (%s)', (entry) => {
    const { keys, problems } = parseApiKeys(entry);
    expect(keys.size).toBe(0);
    expect(problems).toEqual([
      'STRATA_API_KEYS entry 1 of 1 is neither key:scope (a key of letters, digits, . _ ~ -) nor sha256:<64 hex digits>:scope',
    ]);
  });

  it.each(['root', 'READ', ''])('refuses scope "%s"', (scope) => {
    const { keys, problems } = parseApiKeys(`k1:${scope}`);
    expect(keys.size).toBe(0);
    expect(problems).toEqual([
      'STRATA_API_KEYS entry 1 of 1 has an unknown scope; use read, write or admin',
    ]);
  });

  it('refuses a key named twice, even with the same scope or as its digest, keeping the first', () => {
    const value = `k1:read,k1:admin,sha256:${sha256('k1')}:read`;
    const { keys, problems } = parseApiKeys(value);
    expect(keys.size).toBe(1);
    expect(keys.scopeOf('k1')).toBe('read');
    expect(problems).toEqual([
      'STRATA_API_KEYS entry 2 of 3 names the same key as an earlier entry',
      'STRATA_API_KEYS entry 3 of 3 names the same key as an earlier entry',
    ]);
  });

  it('reports every bad entry and keeps the good ones', () => {
    const { keys, problems } = parseApiKeys('good:write,bad,worse:root');
    expect(keys.scopeOf('good')).toBe('write');
    expect(problems).toHaveLength(2);
  });

  it('never repeats a key in a problem, even a key and scope given the wrong way round', () => {
    const secrets = ['hunter2-secret', 'swapped-secret', 'spaced secret'];
    const { problems } = parseApiKeys(
      `${secrets[0]}:root,admin:${secrets[1]},${secrets[2]}:read,${secrets[0]}:read,${secrets[0]}:read`,
    );
    expect(problems).toHaveLength(4);
    for (const secret of secrets) {
      expect(problems.join('\n')).not.toContain(secret);
    }
  });

  it('shows no key when the table is inspected or serialised, and names the plain ones for redaction', () => {
    const { keys } = parseApiKeys(`plain-text-key-1:admin,sha256:${sha256('hidden')}:read`);
    expect(JSON.stringify(keys)).not.toContain('plain-text-key-1');
    expect(require('node:util').inspect(keys, { depth: 5 })).not.toContain('plain-text-key-1');
    expect(keys.keysToRedact()).toEqual(['plain-text-key-1']);
  });

  describe('comparison in constant time', () => {
    const compare = crypto.timingSafeEqual as jest.MockedFunction<typeof crypto.timingSafeEqual>;
    const { keys } = parseApiKeys('first:read,second:write,third:admin');

    beforeEach(() => compare.mockClear());

    it.each([
      ['the first key', 'first'],
      ['the last key', 'third'],
      ['an unknown key', 'fourth'],
      ['a prefix of a key', 'fir'],
      ['a key much longer than any', 'x'.repeat(10_000)],
      ['an empty key', ''],
    ])('compares %s with every key, as 32-byte digests', (_case, presented) => {
      keys.scopeOf(presented);
      expect(compare).toHaveBeenCalledTimes(3);
      for (const [left, right] of compare.mock.calls) {
        expect([(left as Buffer).length, (right as Buffer).length]).toEqual([32, 32]);
      }
    });
  });
});
