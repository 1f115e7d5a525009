import { databaseTargetsForTests } from '@strata/database/testing';
import {
  expectErrorBody,
  openApiTestApp,
  seedHierarchy,
  SEEDED,
  type ApiTestApp,
} from './api-test-app';

const KEYS = { read: 'r1', write: 'w1', admin: 'a1' } as const;

describe.each(databaseTargetsForTests())('warming watched and asked for on %s', (kind) => {
  let api: ApiTestApp;
  const report = async () =>
    (await api.http.get('/v1/cache/warming').set('x-api-key', KEYS.read).expect(200)).body;
  const warm = (body: unknown, key: string = KEYS.admin) =>
    api.http
      .post('/v1/cache/warm')
      .set('x-api-key', key)
      .send(body as object);
  /** Everything a refused order could have changed: the ledger, the queue and the cache. */
  const state = async () => {
    const { strategies, queue, scheduledRuns } = await report();
    const stats = (await api.http.get('/v1/cache/stats').set('x-api-key', KEYS.read)).body;
    return { strategies, queue, scheduledRuns, loads: stats.loads, entries: stats.tiers };
  };

  beforeAll(async () => {
    api = await openApiTestApp(kind, {
      apiKeys: `${KEYS.read}:read,${KEYS.write}:write,${KEYS.admin}:admin`,
      // hourly-active-tasks left off, to see it refused.
      env: { STRATA_WARMING_STRATEGIES: 'refresh-ahead,project-update,daily-contexts' },
    });
    await seedHierarchy(api.store);
  });

  afterAll(() => api.close());

  it('GET /v1/cache/warming lists every strategy, the queue and its bound, and nothing run yet', async () => {
    const body = await report();
    expect(Object.keys(body.strategies)).toEqual(
      expect.arrayContaining(['refresh-ahead', 'login', 'daily-contexts', 'on-demand']),
    );
    expect(body.strategies['daily-contexts']).toMatchObject({ enabled: true, proposed: 0 });
    expect(body.strategies['hourly-active-tasks']).toMatchObject({ enabled: false });
    expect(body.strategies['on-demand']).toMatchObject({ enabled: true, warmed: 0 });
    expect(body).toMatchObject({
      queue: { depth: 0, capacity: 2000 },
      inFlight: 0,
      concurrency: 2,
      throttle: { statementsPerSecond: 200, state: 'normal' },
    });
    expect(body.scheduledRuns).toEqual([]);
    expect(body).not.toHaveProperty('successRate');
  });

  it('POST /v1/cache/warm {keys} warms them now, and GET shows the success counts moving as they are read', async () => {
    const key = `context:task:${SEEDED.task}`;
    const { body: run } = await warm({ keys: [key, `user:${SEEDED.user}`] }).expect(200);
    expect(run).toMatchObject({
      strategy: 'on-demand',
      proposed: 2,
      outcomes: { loaded: 2, present: 0, failed: 0 },
    });
    expect([...run.warmedKeys].sort()).toEqual([key, `user:${SEEDED.user}`].sort());
    expect(run.statements).toBeGreaterThan(0);
    const warmed = (await report()).strategies['on-demand'];
    expect(warmed).toMatchObject({ proposed: 2, warmed: 2, pending: 2, succeeded: 0 });
    expect(warmed.statements).toBe(run.statements);

    const read = await api.http
      .get(`/v1/contexts/task/${SEEDED.task}`)
      .set('x-api-key', KEYS.read)
      .expect(200);
    expect(read.headers['x-cache']).not.toBe('miss');
    const after = await report();
    expect(after.strategies['on-demand']).toMatchObject({
      succeeded: 1,
      pending: 1,
      successRate: 1,
    });
    expect(after.successRate).toBe(1);

    // Named again: already cached, nothing loaded.
    const { body: again } = await warm({ keys: [key] }).expect(200);
    expect(again).toMatchObject({ outcomes: { present: 1, loaded: 0 }, warmedKeys: [] });
  });

  it("POST /v1/cache/warm {project} warms the project's contexts", async () => {
    const { body: run } = await warm({ project: SEEDED.project }).expect(200);
    expect(run.proposed).toBe(3);
    // The task read above kept the branch and project contexts its load resolved on its way:
    // each is warmed or found cached.
    expect(run.warmedKeys.length + run.outcomes.present).toBe(3);
    const read = await api.http
      .get(`/v1/contexts/branch/${SEEDED.branch}`)
      .set('x-api-key', KEYS.read)
      .expect(200);
    expect(read.headers['x-cache']).not.toBe('miss');
  });

  it('POST /v1/cache/warm {strategy} runs a scheduled strategy as its job would, recorded among the runs', async () => {
    const {
      body: { complete, ...run },
    } = await warm({ strategy: 'daily-contexts' }).expect(200);
    expect(complete).toBe(true);
    expect(run.strategy).toBe('daily-contexts');
    expect(run.proposed).toBeGreaterThan(0);
    const body = await report();
    expect(body.scheduledRuns[0]).toEqual(run);
    expect(body.strategies['daily-contexts'].proposed).toBe(run.proposed);
  });

  it('refuses bad input with a 4xx that says what, and changes nothing', async () => {
    const before = await state();
    const refusals: Array<[unknown, number, RegExp]> = [
      [{}, 400, /exactly one of keys, strategy or project/],
      [{ keys: ['task:t1'], project: SEEDED.project }, 400, /exactly one/],
      [{ keys: [] }, 400, /keys/],
      [{ keys: 'task:t1' }, 400, /keys/],
      [{ keys: ['task t1'] }, 400, /each of keys/],
      [{ keys: [7] }, 400, /keys/],
      [{ keys: Array.from({ length: 101 }, (_, index) => `task:t${index}`) }, 400, /keys/],
      [{ keys: ['task:t1', 'nothing:x'] }, 400, /not keys of a cacheable value: nothing:x/],
      [{ strategy: 'login' }, 400, /strategy must be one of daily-contexts/],
      [{ strategy: 'nope' }, 400, /strategy must be one of/],
      [{ strategy: null }, 400, /strategy/],
      [{ project: 'a b' }, 400, /project/],
      [{ project: SEEDED.project, extra: 1 }, 400, /extra/],
      [[{ project: SEEDED.project }], 400, /./],
      [{ project: 'missing' }, 404, /project 'missing' not found/],
      [{ strategy: 'hourly-active-tasks' }, 409, /switched off/],
    ];
    for (const [body, status, message] of refusals) {
      const response = await warm(body);
      expectErrorBody(response, status);
      expect({ body, message: response.body.message }).toEqual({
        body,
        message: expect.stringMatching(message),
      });
    }
    expect(await state()).toEqual(before);
  });

  it('needs read to watch and admin to warm', async () => {
    expectErrorBody(await api.http.get('/v1/cache/warming'), 401);
    expectErrorBody(await api.http.post('/v1/cache/warm').send({ keys: ['task:t1'] }), 401);
    const before = await state();
    expectErrorBody(await warm({ keys: ['task:t1'] }, KEYS.read), 403);
    expectErrorBody(await warm({ keys: ['task:t1'] }, KEYS.write), 403);
    expect(await state()).toEqual(before);
    for (const key of Object.values(KEYS)) {
      await api.http.get('/v1/cache/warming').set('x-api-key', key).expect(200);
    }
  });
});
