import { defaultCacheDatabaseUrl, parseDatabaseUrl, siblingDatabaseUrl } from './database-url';

describe('parseDatabaseUrl', () => {
  it('reads SQLite files and the in-memory database', () => {
    expect(parseDatabaseUrl('sqlite:./data/strata.sqlite')).toEqual({
      kind: 'sqlite',
      file: './data/strata.sqlite',
    });
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', file: ':memory:' });
    expect(parseDatabaseUrl('sqlite:///tmp/x.db')).toEqual({ kind: 'sqlite', file: '/tmp/x.db' });
  });

  it('reads PostgreSQL URLs in both spellings', () => {
    expect(parseDatabaseUrl('postgres://u@h:5432/db')).toEqual({
      kind: 'postgres',
      url: 'postgres://u@h:5432/db',
    });
    expect(parseDatabaseUrl('postgresql://h/db').kind).toBe('postgres');
  });

  it('refuses anything else with a message naming the accepted forms', () => {
    expect(() => parseDatabaseUrl('mysql://h/db')).toThrow(/sqlite:<file>.*postgres:\/\//);
    expect(() => parseDatabaseUrl('sqlite:')).toThrow(/names no SQLite file/);
  });
});

describe('defaultCacheDatabaseUrl', () => {
  it('puts the cache tiers beside an SQLite file, in memory with memory, and in PostgreSQL itself', () => {
    expect(defaultCacheDatabaseUrl('sqlite:./data/strata.sqlite')).toBe(
      'sqlite:./data/strata.cache.sqlite',
    );
    expect(defaultCacheDatabaseUrl('sqlite:/tmp/x')).toBe('sqlite:/tmp/x.cache');
    expect(defaultCacheDatabaseUrl('sqlite::memory:')).toBe('sqlite::memory:');
    expect(defaultCacheDatabaseUrl('postgres://h/db')).toBe('postgres://h/db');
  });
});

describe('siblingDatabaseUrl', () => {
  it('names a sibling SQLite file with the suffix, and keeps memory and PostgreSQL as they are', () => {
    expect(siblingDatabaseUrl('sqlite:./data/strata.sqlite', 'volatility')).toBe(
      'sqlite:./data/strata.volatility.sqlite',
    );
    expect(siblingDatabaseUrl('sqlite:/tmp/x', 'volatility')).toBe('sqlite:/tmp/x.volatility');
    expect(siblingDatabaseUrl('sqlite:./a.b/db', 'v')).toBe('sqlite:./a.b/db.v');
    expect(siblingDatabaseUrl('sqlite::memory:', 'volatility')).toBe('sqlite::memory:');
    expect(siblingDatabaseUrl('postgres://h/db', 'volatility')).toBe('postgres://h/db');
  });
});
