import { databaseTargetsForTests, redisUrlForTests } from '@strata/database/testing';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import {
  expectErrorBody,
  openApiTestApp,
  seedHierarchy,
  SEEDED,
  type ApiTestApp,
  type ApiTestAppOptions,
} from './api-test-app';

const redisUrl = redisUrlForTests();
const setups: Array<[string, 'sqlite' | 'postgres', ApiTestAppOptions]> =
  databaseTargetsForTests().map((kind) => [`${kind}`, kind, {}]);
if (redisUrl) {
  setups.push([
    'sqlite with the warm tier in Redis',
    'sqlite',
    {
      env: { REDIS_URL: redisUrl, STRATA_WARM_STORE: 'redis' },
      redisKeyPrefix: `strata-test-${randomBytes(4).toString('hex')}:`,
    },
  ]);
}

describe.each(setups)('the cache in the api on %s', (_name, kind, options) => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await openApiTestApp(kind, options);
    await seedHierarchy(api.store);
  });

  afterAll(async () => {
    await api.close();
    if (options.redisKeyPrefix && redisUrl) {
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${options.redisKeyPrefix}*`);
      if (keys.length > 0) {
        await redis.unlink(...keys);
      }
      redis.disconnect();
    }
  });

  it('GET /health pings every connection the cache uses, and Redis when configured', async () => {
    const { body } = await api.http.get('/health').expect(200);
    const expected = ['cache-database', 'database', 'volatility-database'];
    const { bus, startupWarming, ...connections } = body.details;
    expect(startupWarming).toMatchObject({ status: 'up' });
    expect(Object.keys(connections).sort()).toEqual(
      options.env?.['REDIS_URL'] ? [...expected, 'redis'].sort() : expected,
    );
    expect(bus).toMatchObject({ status: 'up', state: 'up' });
    expect(Object.values(connections)).toEqual(
      expected
        .map(() => ({ status: 'up' }))
        .concat(options.env?.['REDIS_URL'] ? [{ status: 'up' }] : []),
    );
  });

  it('answers a first read from the source and the next ones from a tier, saying which', async () => {
    const first = await api.http.get(`/v1/tasks/${SEEDED.task}`).expect(200);
    expect(first.headers['x-cache']).toBe('miss');
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    const sources: string[] = [];
    for (let read = 0; read < 5; read++) {
      const again = await api.http.get(`/v1/tasks/${SEEDED.task}`).expect(200);
      expect(again.body).toEqual(first.body);
      sources.push(again.headers['x-cache']);
    }
    expect(sources[0]).toMatch(/^(hot|warm)$/);
    // Read often, the entry is promoted to the hot tier.
    expect(sources).toContain('hot');
  });

  it('serves a resolved context again without asking the source', async () => {
    await api.http.get(`/v1/contexts/task/${SEEDED.task}`).expect(200);
    const before = (await api.http.get('/v1/cache/stats').expect(200)).body.source;
    const again = await api.http.get(`/v1/contexts/task/${SEEDED.task}`).expect(200);
    const after = (await api.http.get('/v1/cache/stats').expect(200)).body.source;
    expect(again.headers['x-cache']).not.toBe('miss');
    expect(after.queries).toBe(before.queries);
    expect(after.loads).toBe(before.loads);
  });

  it('never answers a read with a value older than the last acknowledged write', async () => {
    for (let round = 1; round <= 15; round++) {
      // Alternate the level written, so entity and context entries are both invalidated; each
      // level writes its own key, since a task's value would hide its project's on resolution.
      const [target, field] =
        round % 2 === 0
          ? [`/v1/projects/${SEEDED.project}`, 'projectRound']
          : [`/v1/tasks/${SEEDED.task}`, 'taskRound'];
      await api.http
        .patch(target)
        .send({ data: { [field]: round } })
        .expect(200);
      const context = await api.http.get(`/v1/contexts/task/${SEEDED.task}`).expect(200);
      expect(context.body.data[field]).toBe(round);
      const entity = await api.http.get(target).expect(200);
      expect(entity.body.data[field]).toBe(round);
      // Read once more so the value sits in a tier for the next write to invalidate.
      await api.http.get(`/v1/contexts/task/${SEEDED.task}`).expect(200);
    }
  });

  it('drops a deleted entity from the cache', async () => {
    await api.http.post('/v1/agents').send({ id: 'gone', name: 'g', data: {} }).expect(201);
    await api.http.get('/v1/agents/gone').expect(200);
    await api.http.get('/v1/agents/gone').expect(200);
    await api.http.delete('/v1/agents/gone').expect(204);
    await api.http.get('/v1/agents/gone').expect(404);
  });

  it('reports statistics per tier, per type and for the source', async () => {
    const { body } = await api.http.get('/v1/cache/stats').expect(200);
    for (const tier of ['hot', 'warm', 'cold']) {
      expect(body.tiers[tier]).toEqual(
        expect.objectContaining({
          hits: expect.any(Number),
          misses: expect.any(Number),
          entries: expect.any(Number),
          bytes: expect.any(Number),
          budgetBytes: expect.any(Number),
          evictions: expect.any(Number),
          promotions: expect.any(Number),
          demotions: expect.any(Number),
        }),
      );
    }
    expect(body.tiers.hot.promotions).toBeGreaterThan(0);
    expect(body.types.task.hits).toBeGreaterThan(0);
    expect(body.source).toEqual({
      loads: expect.any(Number),
      queries: expect.any(Number),
      admission: {
        running: 0,
        queued: 0,
        admitted: expect.any(Number),
        refusedOverloaded: 0,
        timedOut: 0,
        lagMs: expect.any(Number),
      },
    });
    expect(body.source.queries).toBeGreaterThan(0);
  });

  it('describes an entry, deletes it, and says 404 once it is gone', async () => {
    await api.http.get(`/v1/contexts/task/${SEEDED.task}`).expect(200);
    const key = `context:task:${SEEDED.task}`;
    const { body } = await api.http.get(`/v1/cache/entries/${key}`).expect(200);
    expect(body).toMatchObject({
      key,
      type: 'context',
      tier: expect.stringMatching(/hot|warm|cold/),
    });
    expect([...body.dependencies].sort()).toEqual(
      ['git_branch:b1', 'global', 'project:p1', 'task:t1'].sort(),
    );
    expect(body.ttlSeconds).toBeGreaterThan(0);
    await api.http.delete(`/v1/cache/entries/${key}`).expect(204);
    expectErrorBody(await api.http.get(`/v1/cache/entries/${key}`), 404);
    expectErrorBody(await api.http.delete(`/v1/cache/entries/${key}`), 404);
    expectErrorBody(await api.http.get('/v1/cache/entries/not a key'), 400);
  });

  it('invalidates by key, type or dependency, and refuses anything else', async () => {
    await api.http.get(`/v1/contexts/task/${SEEDED.task}`).expect(200);
    await api.http.get(`/v1/contexts/branch/${SEEDED.branch}`).expect(200);
    const byDependency = await api.http
      .post('/v1/cache/invalidate')
      .send({ dependency: `project:${SEEDED.project}` })
      .expect(200);
    expect(byDependency.body.invalidated).toBeGreaterThanOrEqual(2);
    expect((await api.http.get(`/v1/contexts/task/${SEEDED.task}`)).headers['x-cache']).toBe(
      'miss',
    );

    await api.http.get(`/v1/templates/${SEEDED.template}`).expect(200);
    const byType = await api.http
      .post('/v1/cache/invalidate')
      .send({ type: 'template' })
      .expect(200);
    expect(byType.body.invalidated).toBeGreaterThanOrEqual(1);
    const byKey = await api.http
      .post('/v1/cache/invalidate')
      .send({ key: 'task:nothing' })
      .expect(200);
    expect(byKey.body).toEqual({ invalidated: 0 });

    expectErrorBody(await api.http.post('/v1/cache/invalidate').send({}), 400);
    expectErrorBody(
      await api.http.post('/v1/cache/invalidate').send({ key: 'task:t1', type: 'task' }),
      400,
    );
    expectErrorBody(await api.http.post('/v1/cache/invalidate').send({ everything: true }), 400);
    expectErrorBody(await api.http.post('/v1/cache/invalidate').send({ type: 'DROP TABLE' }), 400);
  });

  it('invalidates by type only the types entries have, and refuses any other with 400', async () => {
    for (const type of ['task', 'project', 'user', 'git_branch', 'agent', 'template', 'context']) {
      await api.http.post('/v1/cache/invalidate').send({ type }).expect(200);
    }
    for (const type of ['bogus', 'tasks', 'Task', 'global', '', 5, null]) {
      const response = await api.http.post('/v1/cache/invalidate').send({ type });
      expectErrorBody(response, 400);
    }
  });
});

describe('the cache admin routes with API keys', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await openApiTestApp('sqlite', { apiKeys: 'r1:read,w1:write,a1:admin' });
    await seedHierarchy(api.store);
  });

  afterAll(() => api.close());

  it('lets read keys look and only admin keys change', async () => {
    await api.http.get('/v1/cache/stats').set('x-api-key', 'r1').expect(200);
    await api.http.get(`/v1/tasks/${SEEDED.task}`).set('x-api-key', 'r1').expect(200);
    expectErrorBody(
      await api.http.post('/v1/cache/invalidate').set('x-api-key', 'w1').send({ type: 'task' }),
      403,
    );
    expectErrorBody(await api.http.delete('/v1/cache/entries/task:t1').set('x-api-key', 'r1'), 403);
    await api.http.delete('/v1/cache/entries/task:t1').set('x-api-key', 'a1').expect(204);
    await api.http
      .post('/v1/cache/invalidate')
      .set('x-api-key', 'a1')
      .send({ type: 'task' })
      .expect(200);
  });
});

describe('STRATA_CACHE=off', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await openApiTestApp('sqlite', { env: { STRATA_CACHE: 'off' } });
    await seedHierarchy(api.store);
  });

  afterAll(() => api.close());

  it('answers every read from the source', async () => {
    for (let read = 0; read < 3; read++) {
      const response = await api.http.get(`/v1/contexts/task/${SEEDED.task}`).expect(200);
      expect(response.headers['x-cache']).toBe('miss');
    }
    const { body } = await api.http.get('/v1/cache/stats').expect(200);
    expect(body.enabled).toBe(false);
    expect(body.source.loads).toBe(3);
  });

  it('depends on no cache database: /health checks only what the app uses', async () => {
    const { body } = await api.http.get('/health').expect(200);
    expect(Object.keys(body.details).sort()).toEqual([
      'bus',
      'database',
      'startupWarming',
      'volatility-database',
    ]);
    expect(body.details.bus).toMatchObject({ state: 'up', transport: 'process' });
  });
});
