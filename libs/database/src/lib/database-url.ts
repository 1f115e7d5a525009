export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

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
      throw new Error(
        `DATABASE_URL "${url}" names no SQLite file (e.g. sqlite:./data/strata.sqlite)`,
      );
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

/**
 * A database of its own beside `databaseUrl`, for a library with its own connection. On
 * PostgreSQL, the same database. On SQLite, a sibling file named with `suffix`
 * (`strata.sqlite` → `strata.<suffix>.sqlite`): better-sqlite3 waits for a lock synchronously,
 * so two connections writing one file from one process would stall each other's event loop.
 * In memory stays in memory (each connection has its own).
 */
export function siblingDatabaseUrl(databaseUrl: string, suffix: string): string {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.kind === 'postgres' || target.file === SQLITE_IN_MEMORY) {
    return databaseUrl;
  }
  const extension = /\.[^./]+$/.exec(target.file)?.[0] ?? '';
  return `sqlite:${target.file.slice(0, target.file.length - extension.length)}.${suffix}${extension}`;
}

/** Where the persistent cache tiers live by default: a sibling database (see above). */
export function defaultCacheDatabaseUrl(databaseUrl: string): string {
  return siblingDatabaseUrl(databaseUrl, 'cache');
}
