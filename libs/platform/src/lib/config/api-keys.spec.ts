import { parseApiKeys } from './api-keys';

describe('parseApiKeys', () => {
  it.each([undefined, '', ' ', ',', ' , ,'])('reads %p as no keys', (value) => {
    expect(parseApiKeys(value)).toEqual({ keys: new Map(), problems: [] });
  });

  it('maps each key to its scope, ignoring spaces and empty entries', () => {
    expect(parseApiKeys(' k1:admin , k2:read,,k3:write, ')).toEqual({
      keys: new Map([
        ['k1', 'admin'],
        ['k2', 'read'],
        ['k3', 'write'],
      ]),
      problems: [],
    });
  });

  it('accepts keys of letters, digits and . _ ~ -', () => {
    expect(parseApiKeys('Ab9._~-:read').keys).toEqual(new Map([['Ab9._~-', 'read']]));
  });

  it.each([
    ['k1', 'no scope'],
    [':read', 'no key'],
    ['k 1:read', 'a space in the key'],
    ['k/1:read', 'a slash in the key'],
    ['a:b:read', 'a colon in the key'],
  ])('refuses "%s" (%s)', (entry) => {
    const { keys, problems } = parseApiKeys(entry);
    expect(keys.size).toBe(0);
    expect(problems).toEqual([expect.stringContaining(`"${entry}" is not key:scope`)]);
  });

  it.each(['root', 'READ', ''])('refuses scope "%s"', (scope) => {
    const { keys, problems } = parseApiKeys(`k1:${scope}`);
    expect(keys.size).toBe(0);
    expect(problems).toEqual([
      `STRATA_API_KEYS entry for "k1" has scope "${scope}"; use read, write or admin`,
    ]);
  });

  it('refuses a key named twice, even with the same scope, keeping the first', () => {
    const { keys, problems } = parseApiKeys('k1:read,k1:admin,k1:read');
    expect(keys).toEqual(new Map([['k1', 'read']]));
    expect(problems).toEqual([
      'STRATA_API_KEYS names key "k1" twice',
      'STRATA_API_KEYS names key "k1" twice',
    ]);
  });

  it('reports every bad entry and keeps the good ones', () => {
    const { keys, problems } = parseApiKeys('good:write,bad,worse:root');
    expect(keys).toEqual(new Map([['good', 'write']]));
    expect(problems).toHaveLength(2);
  });
});
