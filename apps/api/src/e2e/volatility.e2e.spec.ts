import { databaseTargetsForTests } from '@strata/database/testing';
import {
  expectErrorBody,
  openApiTestApp,
  seedHierarchy,
  SEEDED,
  type ApiTestApp,
} from './api-test-app';

/** DESIGN §4–§5 end to end: placement follows what the data does. */
describe.each(databaseTargetsForTests())('adaptive placement in the api on %s', (kind) => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await openApiTestApp(kind);
    await seedHierarchy(api.store);
  });

  afterAll(async () => {
    await api.close();
  });

  it('puts a task updated 15 times and read by a logged-in user high, hot, for 60 s ± 10%', async () => {
    for (let version = 1; version <= 15; version++) {
      await api.http
        .patch(`/v1/tasks/${SEEDED.task}`)
        .send({ data: { step: version } })
        .expect(200);
    }
    await api.http.post(`/v1/users/${SEEDED.user}/login`).expect(202);
    const read = await api.http
      .get(`/v1/tasks/${SEEDED.task}`)
      .set('x-user-id', SEEDED.user)
      .expect(200);
    expect(read.headers['x-cache']).toBe('miss');

    const report = await api.http.get(`/v1/cache/volatility/task/${SEEDED.task}`).expect(200);
    expect(report.body).toMatchObject({ band: 'high', tier: 'hot', ttlSeconds: 60 });
    expect(report.body.inputs).toMatchObject({ f: 1, a: 1, updatesInWindow: 10 });
    expect(report.body.score).toBeGreaterThanOrEqual(0.55);

    const entry = await api.http.get(`/v1/cache/entries/task:${SEEDED.task}`).expect(200);
    expect(entry.body).toMatchObject({ tier: 'hot', band: 'high' });
    expect(entry.body.ttlSeconds).toBeGreaterThanOrEqual(54);
    expect(entry.body.ttlSeconds).toBeLessThanOrEqual(66);
  });

  it('puts a task PATCHed 40 times and read by nobody in a session high, hot, for 60 s (issue 9)', async () => {
    await api.http
      .post('/v1/tasks')
      .send({ id: 't-busy', branchId: SEEDED.branch, title: 'Busy', data: {} })
      .expect(201);
    for (let version = 1; version <= 40; version++) {
      await api.http
        .patch('/v1/tasks/t-busy')
        .send({ data: { step: version } })
        .expect(200);
    }
    expect((await api.http.get('/v1/tasks/t-busy').expect(200)).headers['x-cache']).toBe('miss');
    await api.http.get('/v1/contexts/task/t-busy').expect(200);

    const report = await api.http.get('/v1/cache/volatility/task/t-busy').expect(200);
    expect(report.body).toMatchObject({ band: 'high', tier: 'hot', ttlSeconds: 60 });
    expect(report.body.inputs).toMatchObject({ f: 1, updatesInWindow: 10 });
    expect(report.body.inputs.recentUpdates).toBeGreaterThan(40);
    const entry = await api.http.get('/v1/cache/entries/task:t-busy').expect(200);
    expect(entry.body).toMatchObject({ tier: 'hot', band: 'high' });
    const context = await api.http.get('/v1/cache/entries/context:task:t-busy').expect(200);
    expect(context.body.band).toBe('high');
  });

  it('puts an untouched template low, cold, for 14400 s ± 10%', async () => {
    await api.http.get(`/v1/templates/${SEEDED.template}`).expect(200);

    const report = await api.http
      .get(`/v1/cache/volatility/template/${SEEDED.template}`)
      .expect(200);
    expect(report.body).toMatchObject({ band: 'low', tier: 'cold', ttlSeconds: 14400 });
    expect(report.body.inputs).toMatchObject({ f: 0, a: 0 });

    const entry = await api.http.get(`/v1/cache/entries/template:${SEEDED.template}`).expect(200);
    expect(entry.body).toMatchObject({ tier: 'cold', band: 'low' });
    expect(entry.body.ttlSeconds).toBeGreaterThanOrEqual(12960);
    expect(entry.body.ttlSeconds).toBeLessThanOrEqual(15840);
  });

  it('moves an entry when its band changes, at its next write', async () => {
    const user = `/v1/users/${SEEDED.user}`;
    await api.http.get(user).expect(200);
    // The logged-in user from the first test reads their own record: a hit, so the entry keeps
    // its band (a hit may promote it, which is the read path's business, not placement's).
    await api.http.get(user).set('x-user-id', SEEDED.user).expect(200);
    const before = await api.http.get(`/v1/cache/entries/user:${SEEDED.user}`).expect(200);
    expect(before.body.band).toBe('low');
    for (let version = 1; version <= 10; version++) {
      await api.http
        .patch(user)
        .send({ data: { step: version } })
        .expect(200);
    }
    const reread = await api.http.get(user).set('x-user-id', SEEDED.user).expect(200);
    expect(reread.headers['x-cache']).toBe('miss');
    const after = await api.http.get(`/v1/cache/entries/user:${SEEDED.user}`).expect(200);
    expect(after.body).toMatchObject({ tier: 'hot', band: 'high' });
  });

  it('refuses an unknown type with 400, an unknown id with 404, and a bad x-user-id with 400', async () => {
    expectErrorBody(await api.http.get('/v1/cache/volatility/widget/w1'), 400);
    expectErrorBody(await api.http.get('/v1/cache/volatility/task/nope'), 404);
    expectErrorBody(await api.http.get('/v1/cache/volatility/task/bad%20id'), 400);
    expectErrorBody(
      await api.http.get(`/v1/tasks/${SEEDED.task}`).set('x-user-id', 'not valid!'),
      400,
    );
  });
});
