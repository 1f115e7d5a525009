import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EntityStore } from '@strata/contexts';
import { OwnRedisServer } from '@strata/tiers/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import supertest from 'supertest';
import { createApiApp } from '../create-api-app';

// Below Linux's ephemeral range (32768-60999): an outgoing connection's local port there (one to
// PostgreSQL in TIME-WAIT, say) kept a test's own server from binding it.
const REDIS_PORT = 31003;

describe('readiness with Redis as the warm tier (a redis-server of the test’s own)', () => {
  let redis: OwnRedisServer;
  let app: NestFastifyApplication;
  const http = () => supertest(app.getHttpServer());

  beforeAll(async () => {
    redis = await OwnRedisServer.start(REDIS_PORT);
    app = await createApiApp({
      env: {
        DATABASE_URL: 'sqlite::memory:',
        REDIS_URL: redis.url,
        STRATA_WARM_STORE: 'redis',
        LOG_LEVEL: 'silent',
        STRATA_OVERLOAD_MAX_LAG_MS: '0',
      },
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    await app.get(EntityStore).create('project', { id: 'p1', name: 'one', data: {} });
  });

  afterAll(async () => {
    await app?.close();
    await redis?.kill();
  });

  it('is ready with Redis up on the very first call after start', async () => {
    const first = await http().get('/health');
    expect(first.status).toBe(200);
    expect(first.body.details.redis).toEqual({ status: 'up' });
    expect((await http().get('/health/ready')).body).toMatchObject({
      status: 'ok',
      degraded: [],
    });
  });

  it('stays ready, degraded, while Redis is down, and is whole again by itself once it is back', async () => {
    expect((await http().get('/v1/projects/p1')).status).toBe(200);
    await redis.kill();

    const ready = await http().get('/health/ready');
    expect(ready.status).toBe(200);
    // The bus runs on the same Redis: down with it, degraded, never gating.
    expect(ready.body).toMatchObject({
      status: 'ok',
      degraded: ['redis', 'bus'],
      error: { redis: { status: 'down' }, bus: { status: 'down', state: 'down' } },
    });
    expect(ready.body.info.database).toEqual({ status: 'up' });
    // /health keeps terminus's shape and the same verdict: a load balancer keeps the replica.
    const health = await http().get('/health');
    expect(health.status).toBe(200);
    expect(Object.keys(health.body).sort()).toEqual(['details', 'error', 'info', 'status']);
    expect(health.body.error.redis.status).toBe('down');
    expect((await http().get('/v1/projects/p1')).status).toBe(200);

    await redis.restart();
    const deadline = Date.now() + 20_000;
    let degraded: string[] = ['redis'];
    while (degraded.length > 0 && Date.now() < deadline) {
      await sleep(200);
      degraded = (await http().get('/health/ready')).body.degraded;
    }
    expect(degraded).toEqual([]);
  });
});
