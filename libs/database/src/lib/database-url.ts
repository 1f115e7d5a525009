export type DatabaseTarget =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string };

export const DEFAULT_DATABASE_URL = 'sqlite:./data/strata.sqlite';
export const SQLITE_IN_MEMORY = ':memory:';

/**
 * Reads DATABASE_URL: `sqlite:<path>`, `sqlite::memory:`, or `postgres://…`/`postgresql://…`.
 * Throws with a message that names the accepted forms, because this runs at start-up.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (file.length === 0) {
      throw new Error(`DATABASE_URL "${url}" names no SQLite file (e.g. sqlite:./data/strata.sqlite)`);
    }
    return { kind: 'sqlite', file };
  }
  if (/^postgres(ql)?:\/\/.+/.test(url)) {
    return { kind: 'postgres', url };
  }
  throw new Error(
    `DATABASE_URL "${url}" is not supported: use sqlite:<file>, sqlite::memory: or postgres://user@host:port/db`,
  );
}
