import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DatabaseKind } from './cli-options';

/** Where one database's measurements live; `drop()` leaves nothing behind. */
export interface BenchDatabase {
  kind: DatabaseKind;
  /** The source of truth (`DATABASE_URL`). */
  url: string;
  /** PostgreSQL: the run's own schema, holding the source and the cache tiers. */
  schema?: string;
  /** `STRATA_CACHE_DATABASE_URL` of one server, so that servers never share SQLite cache files. */
  cacheUrlFor(server: string): string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(
  kind: DatabaseKind,
  postgresUrl: string | undefined,
): Promise<BenchDatabase> {
  if (kind === 'sqlite') {
    // A file, not :memory:, because the servers run in processes of their own.
    const directory = mkdtempSync(join(tmpdir(), 'strata-bench-e2e-'));
    return {
      kind,
      url: `sqlite:${join(directory, 'source.sqlite')}`,
      cacheUrlFor: (server) => `sqlite:${join(directory, `${server}.cache.sqlite`)}`,
      drop: async () => rmSync(directory, { recursive: true, force: true }),
    };
  }
  if (!postgresUrl) {
    throw new Error('no PostgreSQL URL');
  }
  const schema = `bench_e2e_${randomBytes(6).toString('hex')}`;
  await withClient(postgresUrl, (client) => client.query(`CREATE SCHEMA ${schema}`));
  return {
    kind,
    url: postgresUrl,
    schema,
    cacheUrlFor: () => postgresUrl,
    drop: () => withClient(postgresUrl, (client) => client.query(`DROP SCHEMA ${schema} CASCADE`)),
  };
}

async function withClient(url: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
