import { createPostgresSchema } from '@strata/database/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  const { schema, drop } = await createPostgresSchema(postgresUrl, 'bench_e2e');
  return { kind, url: postgresUrl, schema, cacheUrlFor: () => postgresUrl, drop };
}
