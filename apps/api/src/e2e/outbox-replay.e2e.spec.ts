import { OutboxReplay } from '@strata/context-cache';
import { CONTEXTS_DATA_SOURCE } from '@strata/contexts';
import { databaseTargetsForTests } from '@strata/database/testing';
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
});
