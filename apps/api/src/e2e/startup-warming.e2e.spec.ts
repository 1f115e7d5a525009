import {
  createTestDatabase,
  databaseTargetsForTests,
  type TestDatabase,
} from '@strata/database/testing';
import { OutboxReplay } from '@strata/context-cache';
import { StartupWarming } from '@strata/warming';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  openApiTestApp,
  seedHierarchy,
  SEEDED,
  type ApiTestApp,
  type DatabaseKind,
} from './api-test-app';

/** A database that outlives an app: a SQLite file (memory would die with the process), or a schema. */
async function keptDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'postgres') {
    return createTestDatabase('postgres');
  }
  const directory = mkdtempSync(join(tmpdir(), 'strata-startup-'));
  return {
    url: `sqlite:${join(directory, 'strata.sqlite')}`,
    drop: async () => rmSync(directory, { recursive: true, force: true }),
  };
}

const READS = [
  `/v1/contexts/task/${SEEDED.task}`,
  `/v1/contexts/project/${SEEDED.project}`,
  `/v1/projects/${SEEDED.project}`,
];

describe.each(databaseTargetsForTests())('start-up warming on %s', (kind) => {
  let database: TestDatabase;
  let api: ApiTestApp | undefined;

  beforeAll(async () => {
    database = await keptDatabase(kind);
  });

  afterAll(async () => {
    await api?.close();
    await database.drop();
  });

  it('a restarted api answers what was read before from its hot tier, the source untouched', async () => {
    const first = await openApiTestApp(kind, { database });
    await seedHierarchy(first.store);
    // Seeded past the cache: its outbox rows would be replayed at the restart, invalidating
    // what the reads below cache. Settled now, as the writes' own invalidations would have.
    await first.app.get(OutboxReplay).replayWrittenBefore(Date.now() + 1);
    for (let round = 0; round < 3; round++) {
      for (const path of READS) {
        await first.http.get(path).expect(200);
      }
    }
    // The history flushes on shutdown; the warm tier keeps what the reads filled.
    await first.close();

    api = await openApiTestApp(kind, { database });
    const run = await api.app.get(StartupWarming).warmUp();
    expect(run).toMatchObject({ state: 'done', loaded: READS.length });
    const ready = await api.http.get('/health/ready').expect(200);
    expect(ready.body.info.startupWarming).toMatchObject({ status: 'up', state: 'done' });
    const queries = async () =>
      (await api!.http.get('/v1/cache/stats').expect(200)).body.source.queries;
    const before = await queries();
    for (const path of READS) {
      const read = await api.http.get(path).expect(200);
      expect({ path, cache: read.headers['x-cache'] }).toEqual({ path, cache: 'hot' });
    }
    expect(await queries()).toBe(before);

    const report = (await api.http.get('/v1/cache/warming').expect(200)).body;
    expect(report.startup).toMatchObject({ state: 'done', loaded: READS.length });
    expect(report.startup.bytes).toBeGreaterThan(0);
    expect(report.strategies.startup).toMatchObject({
      enabled: true,
      warmed: READS.length,
      statements: 0,
      succeeded: READS.length,
    });
    const metrics = (await api.http.get('/metrics').expect(200)).text;
    expect(metrics).toContain(`strata_warming_startup_entries ${READS.length}`);
    expect(metrics).toContain('strata_warming_startup_pending 0');
  });

  it('is reported off, and never holds readiness, where it is switched off', async () => {
    const off = await openApiTestApp(kind, {
      database,
      env: { STRATA_WARMING_STRATEGIES: 'refresh-ahead' },
    });
    try {
      const ready = await off.http.get('/health/ready').expect(200);
      expect(ready.body.info.startupWarming).toMatchObject({ status: 'up', state: 'off' });
      const read = await off.http.get(READS[0]).expect(200);
      expect(read.headers['x-cache']).not.toBe('hot');
      await off.http.get('/health/live').expect(200);
    } finally {
      await off.close();
    }
  });
});
