import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export type DatabaseKind = 'sqlite' | 'postgres';

/**
 * A database of its own for one tool run, with read access to the source of truth behind the
 * api's back: SQLite files in a temporary directory, or a new PostgreSQL database on the server
 * `postgresUrl` names. `drop()` removes it.
 */
export interface ScratchDatabase {
  kind: DatabaseKind;
  /** DATABASE_URL for the api and the warmer (the cache and volatility databases follow it). */
  url: string;
  query<T extends object>(sql: string, parameters?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

export async function createScratchDatabase(
  kind: DatabaseKind,
  purpose: string,
  postgresUrl = process.env['STRATA_TEST_POSTGRES_URL'],
): Promise<ScratchDatabase> {
  return kind === 'sqlite' ? sqliteScratch(purpose) : postgresScratch(purpose, postgresUrl);
}

function sqliteScratch(purpose: string): ScratchDatabase {
  const directory = mkdtempSync(join(tmpdir(), `strata-${purpose}-`));
  const file = join(directory, 'strata.sqlite');
  let reader: Database.Database | undefined;
  return {
    kind: 'sqlite',
    url: `sqlite:${file}`,
    async query<T extends object>(sql: string, parameters: unknown[] = []) {
      // Opened on first use, once the api has created and migrated the file; WAL lets it read
      // while the api writes.
      reader ??= new Database(file, { readonly: true, fileMustExist: true });
      return reader.prepare(sql).all(...parameters) as T[];
    },
    async drop() {
      reader?.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function postgresScratch(
  purpose: string,
  adminUrl: string | undefined,
): Promise<ScratchDatabase> {
  if (!adminUrl) {
    throw new Error(
      'PostgreSQL runs need STRATA_TEST_POSTGRES_URL (or --postgres) to point at a server',
    );
  }
  const name = `strata_${purpose.replace(/[^a-z0-9]/g, '_')}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const reader = new Client({ connectionString: url.toString() });
  let connected = false;
  return {
    kind: 'postgres',
    url: url.toString(),
    async query<T extends object>(sql: string, parameters: unknown[] = []) {
      if (!connected) {
        await reader.connect();
        connected = true;
      }
      // `?` placeholders, as on SQLite.
      let index = 0;
      const text = sql.replace(/\?/g, () => `$${++index}`);
      return (await reader.query(text, parameters)).rows as T[];
    },
    async drop() {
      if (connected) {
        await reader.end();
      }
      const cleanup = new Client({ connectionString: adminUrl });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
