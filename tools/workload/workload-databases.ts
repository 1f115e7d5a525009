import { createTestDatabase } from '@strata/database/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where one pass keeps its source of truth and its cache tiers; `drop()` removes both. */
export interface WorkloadDatabases {
  source: { url: string; schema?: string };
  cache: { url: string; schema?: string };
  drop(): Promise<void>;
}

/**
 * Fresh databases for one pass. SQLite: two files in a temporary directory, one per connection,
 * as the api deploys them (one file per connection keeps better-sqlite3's synchronous lock waits
 * from stalling the event loop). PostgreSQL: two new schemas in STRATA_TEST_POSTGRES_URL.
 */
export async function openWorkloadDatabases(
  kind: 'sqlite' | 'postgres',
): Promise<WorkloadDatabases> {
  if (kind === 'postgres') {
    const source = await createTestDatabase('postgres');
    const cache = await createTestDatabase('postgres');
    return {
      source: { url: source.url, schema: source.schema },
      cache: { url: cache.url, schema: cache.schema },
      drop: async () => {
        await Promise.all([source.drop(), cache.drop()]);
      },
    };
  }
  const directory = mkdtempSync(join(tmpdir(), 'strata-workload-'));
  return {
    source: { url: `sqlite:${join(directory, 'source.sqlite')}` },
    cache: { url: `sqlite:${join(directory, 'cache.sqlite')}` },
    drop: async () => rmSync(directory, { recursive: true, force: true }),
  };
}
