import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CONTEXTS_DATA_SOURCE, EventLog } from '@strata/contexts';
import {
  createTestDatabase,
  databaseTargetsForTests,
  type TestDatabase,
} from '@strata/database/testing';
import { createHttpApp } from '@strata/platform';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { EventRetentionJob } from './jobs/event-retention.job';
import { TierSweepJob } from './jobs/tier-sweep.job';
import { VolatilityPruneJob } from './jobs/volatility-prune.job';
import { loadWarmerConfig } from './warmer-config';
import { WarmerModule } from './warmer.module';

describe.each(databaseTargetsForTests())('warmer on %s', (kind) => {
  let database: TestDatabase;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const config = loadWarmerConfig({
      DATABASE_URL: database.url,
      STRATA_EVENT_RETENTION_HOURS: '1',
    });
    app = await createHttpApp(WarmerModule.forRoot(config, database.schema), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('reports the database and, once a job has run, the last completed job', async () => {
    const before = await request(app.getHttpServer()).get('/health').expect(200);
    expect(before.body.details.jobs.lastCompletedJob).toBeNull();

    const events = app.get(EventLog);
    await events.record('login', 'old-user', 'old-user');
    // The retention job prunes with the real clock: an event an hour and more old goes.
    const dataSource = app.get<DataSource>(CONTEXTS_DATA_SOURCE);
    await dataSource.query(`UPDATE context_event SET occurred_at = ${Date.now() - 2 * 3_600_000}`);
    await events.record('login', 'new-user', 'new-user');
    await app.get(EventRetentionJob).run();

    expect((await events.recent(0)).map((event) => event.subjectId)).toEqual(['new-user']);
    const after = await request(app.getHttpServer()).get('/health').expect(200);
    expect(after.body.status).toBe('ok');
    expect(after.body.details.database.status).toBe('up');
    expect(after.body.details.jobs.lastCompletedJob).toMatchObject({ job: 'event-retention' });
  });

  it('sweeps the persistent tiers on its schedule', async () => {
    await app.get(TierSweepJob).run();
    const { body } = await request(app.getHttpServer()).get('/health').expect(200);
    expect(body.details.jobs.lastCompletedJob).toMatchObject({ job: 'tier-sweep' });
  });

  it('prunes the volatility history on its schedule', async () => {
    await app.get(VolatilityPruneJob).run();
    const { body } = await request(app.getHttpServer()).get('/health').expect(200);
    expect(body.details.jobs.lastCompletedJob).toMatchObject({ job: 'volatility-prune' });
  });

  it('answers 503 once the database is gone', async () => {
    await app.get<DataSource>(CONTEXTS_DATA_SOURCE).destroy();
    const response = await request(app.getHttpServer()).get('/health').expect(503);
    expect(response.body.status).toBe('error');
    expect(response.body.details.database.status).toBe('down');
  });
});

describe('loadWarmerConfig', () => {
  it('reports its own and the server problems together', () => {
    expect(() => loadWarmerConfig({ WARMER_PORT: 'x', STRATA_EVENT_RETENTION_HOURS: '0' })).toThrow(
      /WARMER_PORT "x"[\s\S]*STRATA_EVENT_RETENTION_HOURS "0"/,
    );
  });

  it('defaults to port 3001 and a week of events, and may bind beyond loopback without keys', () => {
    expect(loadWarmerConfig({ HOST: '0.0.0.0' })).toMatchObject({
      port: 3001,
      host: '0.0.0.0',
      eventRetentionHours: 168,
    });
  });
});
