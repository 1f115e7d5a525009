import { OutboxReplay } from '@strata/context-cache';
import { CONTEXTS_DATA_SOURCE } from '@strata/contexts';
import { databaseTargetsForTests } from '@strata/database/testing';
import { StrataCache } from '@strata/tiers';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { openApiTestApp, type ApiTestApp } from './api-test-app';

describe.each(databaseTargetsForTests())('the invalidation outbox (%s)', (kind) => {
  let api: ApiTestApp;
  let source: DataSource;

  beforeAll(async () => {
    api = await openApiTestApp(kind);
    source = api.app.get<DataSource>(CONTEXTS_DATA_SOURCE);
  });

  afterAll(() => api.close());

  const outboxRows = async () =>
    Number((await source.query('SELECT COUNT(*) AS n FROM invalidation_outbox'))[0].n);

  it('leaves no row behind a write whose invalidation ran', async () => {
    await api.http.post('/v1/projects').send({ id: 'settled', name: 'S', data: {} }).expect(201);
    await api.http
      .patch('/v1/projects/settled')
      .send({ data: { n: 1 } })
      .expect(200);
    expect(await outboxRows()).toBe(0);
  });

  it('replays a write committed by a process that died before invalidating', async () => {
    await api.http
      .post('/v1/projects')
      .send({ id: 'crashed', name: 'C', data: { v: 1 } })
      .expect(201);
    await api.http.get('/v1/projects/crashed').expect(200);
    const cached = await api.http.get('/v1/projects/crashed').expect(200);
    expect(cached.headers['x-cache']).not.toBe('miss');

    // What a write's transaction commits, and then nothing: the process is gone.
    await source.transaction(async (manager) => {
      await manager.query(
        `UPDATE project SET data = '{"v":2}', version = version + 1 WHERE id = 'crashed'`,
      );
      await manager.query(
        `INSERT INTO invalidation_outbox (changed_keys, written_at) VALUES ('["project:crashed"]', ${Date.now()})`,
      );
    });
    expect((await api.http.get('/v1/projects/crashed').expect(200)).body.data).toEqual({ v: 1 });

    expect(await api.app.get(OutboxReplay).replayWrittenBefore(Date.now() + 1)).toBe(1);

    const after = await api.http.get('/v1/projects/crashed').expect(200);
    expect(after.body).toMatchObject({ version: 2, data: { v: 2 } });
    expect(await outboxRows()).toBe(0);
  });
  // The crash test's finding on PostgreSQL: under load the warm tier's invalidation waited on a
  // fill's scope lock past the tier's call bound (250 ms), or found its circuit open; the tier
  // then replays it from memory, yet the row was settled, so a kill -9 lost it and the restarted
  // api served the value the acknowledged write had replaced.
  (kind === 'postgres' ? it : it.skip)(
    'keeps the row of a write whose invalidation a shared tier did not confirm',
    async () => {
      const id = `slow-${randomBytes(4).toString('hex')}`;
      await api.http
        .post('/v1/projects')
        .send({ id, name: 'S', data: { v: 1 } })
        .expect(201);
      await api.http.get(`/v1/projects/${id}`).expect(200);
      const entry = await api.http.get(`/v1/cache/entries/project:${id}`).expect(200);
      expect(entry.body.tiers).toContain('warm');

      // What a fill of the entry holds while it writes: the shared lock of the entry's scope.
      const fill = source.createQueryRunner();
      await fill.connect();
      try {
        await fill.query('SELECT pg_advisory_lock_shared($1, hashtext($2))', [
          0x5374_0001,
          `dependency:project:${id}`,
        ]);
        await api.http
          .patch(`/v1/projects/${id}`)
          .send({ data: { v: 2 } })
          .expect(200);
        expect(api.app.get(StrataCache).pendingInvalidations()).toBeGreaterThan(0);
        expect(await outboxRows()).toBe(1);
      } finally {
        await fill.query('SELECT pg_advisory_unlock_all()');
        await fill.release();
      }

      // Alive, the process catches up from memory (a read starts the replay) and is right...
      await api.http.get(`/v1/projects/${id}`).expect(200);
      for (let waited = 0; api.app.get(StrataCache).pendingInvalidations() > 0; waited += 50) {
        expect(waited).toBeLessThan(5_000);
        await sleep(50);
      }
      // ...and the row, left for a process that died instead, is settled by the replay at start.
      expect(await api.app.get(OutboxReplay).replayWrittenBefore(Date.now() + 1)).toBe(1);
      expect(await outboxRows()).toBe(0);
      const after = await api.http.get(`/v1/projects/${id}`).expect(200);
      expect(after.body).toMatchObject({ version: 2, data: { v: 2 } });
    },
    20_000,
  );
});
