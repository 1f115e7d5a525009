import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CONTEXTS_DATA_SOURCE, EntityStore, EventLog } from '@strata/contexts';
import { StrataCache } from '@strata/tiers';
import { ScheduledWarming, StartupWarming, WarmingService } from '@strata/warming';
import {
  createTestDatabase,
  databaseTargetsForTests,
  type TestDatabase,
} from '@strata/database/testing';
import { ConfigurationError, JobRunner, parseConfiguration } from '@strata/platform';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createWarmerApp } from './create-warmer-app';
import { EventRetentionJob } from './jobs/event-retention.job';
import { TierSweepJob } from './jobs/tier-sweep.job';
import { WarmDailyContextsJob } from './jobs/scheduled-warming.jobs';
import { VolatilityPruneJob } from './jobs/volatility-prune.job';
import { WARMER_CONFIG } from './warmer-config';

describe.each(databaseTargetsForTests())('warmer on %s', (kind) => {
  let database: TestDatabase;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    app = await createWarmerApp({
      env: {
        DATABASE_URL: database.url,
        STRATA_EVENT_RETENTION_HOURS: '1',
        STRATA_CRON_TIER_SWEEP: '*/5 * * * *',
        LOG_LEVEL: 'silent',
      },
      schema: database.schema,
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('reports every connection and, once a job has run, the last completed job', async () => {
    const before = await request(app.getHttpServer()).get('/health').expect(200);
    expect(before.body.details.jobs.lastCompletedJob).toBeNull();

    const events = app.get(EventLog);
    await events.record('login', 'old-user', 'old-user');
    // The retention job prunes with the real clock: an event an hour and more old goes.
    const dataSource = app.get<DataSource>(CONTEXTS_DATA_SOURCE);
    await dataSource.query(`UPDATE context_event SET occurred_at = ${Date.now() - 2 * 3_600_000}`);
    await events.record('login', 'new-user', 'new-user');
    await expect(app.get(EventRetentionJob).run()).resolves.toBe('removed 1 events older than 1 h');

    expect((await events.recent(0)).map((event) => event.subjectId)).toEqual(['new-user']);
    const after = await request(app.getHttpServer()).get('/health').expect(200);
    expect(after.body.status).toBe('ok');
    for (const connection of ['database', 'cache-database', 'volatility-database']) {
      expect(after.body.details[connection]).toEqual({ status: 'up' });
    }
  });

  it('schedules every job on the expression the configuration gives it', () => {
    const registry = app.get(SchedulerRegistry);
    const expressions = Object.fromEntries(
      [...registry.getCronJobs()].map(([name, job]) => [name, job.cronTime.source]),
    );
    expect(expressions).toEqual({
      'event-retention': '0 * * * *',
      'tier-sweep': '*/5 * * * *',
      'volatility-prune': '30 * * * *',
      'warm-daily-contexts': '0 2 * * *',
      'warm-active-tasks': '0 * * * *',
      'warm-recent-most-read': '*/15 * * * *',
      'warm-predictive': '14,29,44,59 * * * *',
    });
  });

  it('runs the daily warming job into the shared tiers and records what it warmed and cost', async () => {
    const store = app.get(EntityStore);
    await store.create('project', { id: 'warm-p1', name: 'P', data: { lang: 'go' } });
    await store.create('user', { id: 'warm-u1', name: 'U', data: {}, projectIds: ['warm-p1'] });
    await expect(app.get(WarmDailyContextsJob).run()).resolves.toMatch(
      /^warmed [1-9]\d* of \d+ keys .* for [1-9]\d* source statements$/,
    );
    const [run] = app.get(ScheduledWarming).recentRuns();
    expect(run).toMatchObject({ strategy: 'daily-contexts' });
    expect(run.warmedKeys).toEqual(
      expect.arrayContaining(['context:project:warm-p1', 'user:warm-u1']),
    );
    const info = await app.get(StrataCache).entryInfo('context:project:warm-p1');
    expect(info?.tiers).toContain('warm');
    // Run again: everything is cached, so nothing is loaded and only the questions cost statements.
    await app.get(WarmDailyContextsJob).run();
    expect(app.get(ScheduledWarming).recentRuns()[0]).toMatchObject({
      outcomes: { loaded: 0 },
      statements: 2,
    });
  });

  it('runs a tick of a scheduled job through the runner, which /health reports', async () => {
    const run = jest.spyOn(app.get(JobRunner), 'run');
    await app.get(SchedulerRegistry).getCronJob('tier-sweep').fireOnTick();
    expect(run).toHaveBeenCalledWith('tier-sweep', expect.any(Function));
    await run.mock.results[0].value;
    run.mockRestore();
    const { body } = await request(app.getHttpServer()).get('/health').expect(200);
    expect(body.details.jobs.lastCompletedJob).toMatchObject({ job: 'tier-sweep' });
  });

  it('prunes the volatility history', async () => {
    await expect(app.get(VolatilityPruneJob).run()).resolves.toMatch(/^removed \d+ /);
    await expect(app.get(TierSweepJob).run()).resolves.toMatch(/^removed \d+ expired entries/);
  });

  it('serves its own Prometheus metrics', async () => {
    const response = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.text).toContain('process_cpu_seconds_total');
    // The warmer's own statements count for "queries saved" too: they are on its /metrics.
    expect(response.text).toMatch(/^strata_source_statements_total \d+$/m);
    expect(response.text).toContain('# TYPE strata_cache_requests_total counter');
    expect(response.text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/health",status_code="200"\} [1-9]/,
    );
  });

  it('serves its scheduled runs and its warming ledger on /metrics, equal to what it recorded', async () => {
    const { text } = await request(app.getHttpServer()).get('/metrics').expect(200);
    const totals = app.get(ScheduledWarming).totals()['daily-contexts'];
    // The daily job ran twice above.
    expect(totals.runs).toBe(2);
    expect(text).toContain(`strata_warming_scheduled_runs_total{strategy="daily-contexts"} 2`);
    expect(text).toContain(
      `strata_warming_scheduled_entries_total{strategy="daily-contexts"} ${totals.warmed}`,
    );
    expect(text).toContain(
      `strata_warming_scheduled_statements_total{strategy="daily-contexts"} ${totals.statements}`,
    );
    const ledger = app.get(WarmingService).stats().strategies['daily-contexts'];
    expect(ledger.warmed).toBe(totals.warmed);
    expect(text).toContain(
      `strata_warming_warmed_total{strategy="daily-contexts"} ${ledger.warmed}`,
    );
    expect(text).toContain(
      `strata_warming_statements_total{strategy="daily-contexts"} ${ledger.statements}`,
    );
    expect(text).toMatch(/^strata_warming_queue_depth 0$/m);
  });

  it('runs no start-up warming: no request reads its hot tier', async () => {
    expect(app.get(StartupWarming).report().state).toBe('off');
    expect(app.get(WarmingService).stats().startup).toMatchObject({ state: 'off', loaded: 0 });
  });

  it('answers readiness and liveness beside /health', async () => {
    const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', degraded: [] });
    expect(ready.body.details.jobs.status).toBe('up');
    await request(app.getHttpServer()).get('/health/live').expect(200);
  });

  it('answers 503 once the database is gone, and stays live', async () => {
    await app.get<DataSource>(CONTEXTS_DATA_SOURCE).destroy();
    const response = await request(app.getHttpServer()).get('/health').expect(503);
    expect(response.body.status).toBe('error');
    expect(response.body.details.database).toEqual({ status: 'down' });
    await request(app.getHttpServer()).get('/health/ready').expect(503);
    await request(app.getHttpServer()).get('/health/live').expect(200);
  });
});

describe('the warmer configuration', () => {
  function problemsOf(env: Record<string, string>): string[] {
    try {
      parseConfiguration(WARMER_CONFIG, env);
      return [];
    } catch (error) {
      if (!(error instanceof ConfigurationError)) {
        throw error;
      }
      return error.problems;
    }
  }

  it('reports its own, the server and the cache problems together, and bad cron expressions', () => {
    expect(
      problemsOf({
        WARMER_PORT: 'x',
        STRATA_EVENT_RETENTION_HOURS: '0',
        STRATA_CRON_TIER_SWEEP: 'every minute',
        STRATA_CRON_VOLATILITY_PRUNE: '61 * * * *',
        STRATA_VOLATILITY_BASE_TASK: 'zz',
      }),
    ).toEqual([
      expect.stringContaining('WARMER_PORT "x"'),
      'STRATA_VOLATILITY_BASE_TASK="zz" is not a number',
      expect.stringContaining('STRATA_EVENT_RETENTION_HOURS "0"'),
      expect.stringMatching(/^STRATA_CRON_TIER_SWEEP "every minute" is not a cron expression/),
      expect.stringMatching(/^STRATA_CRON_VOLATILITY_PRUNE "61 \* \* \* \*" is not a cron/),
    ]);
  });

  it('defaults to port 3001, a week of events and the DESIGN schedule, and may bind beyond loopback without keys', () => {
    expect(parseConfiguration(WARMER_CONFIG, { HOST: '0.0.0.0' })).toMatchObject({
      server: { port: 3001, host: '0.0.0.0' },
      eventRetention: { hours: 168 },
      schedules: {
        'event-retention': '0 * * * *',
        'tier-sweep': '* * * * *',
        'volatility-prune': '30 * * * *',
      },
    });
  });
});
