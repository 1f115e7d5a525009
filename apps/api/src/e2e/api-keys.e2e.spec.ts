import { createHash } from 'node:crypto';
import { databaseTargetsForTests } from '@strata/database/testing';
import {
  expectErrorBody,
  openApiTestApp,
  seedHierarchy,
  SEEDED,
  type ApiTestApp,
} from './api-test-app';

const KEYS = { read: 'r1', write: 'w1', admin: 'a1' } as const;

describe.each(databaseTargetsForTests())('API keys on %s', (kind) => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await openApiTestApp(kind, {
      apiKeys: `${KEYS.read}:read,${KEYS.write}:write,${KEYS.admin}:admin`,
    });
    await seedHierarchy(api.store);
  });

  afterAll(() => api.close());

  const globalVersion = async () =>
    (await api.http.get('/v1/global').set('x-api-key', KEYS.read).expect(200)).body.version;

  it('answers 401 without a key, with an empty key and with an unknown key', async () => {
    expectErrorBody(await api.http.get('/v1/global'), 401);
    expectErrorBody(await api.http.get('/v1/global').set('x-api-key', ''), 401);
    expectErrorBody(await api.http.get('/v1/global').set('x-api-key', 'nope'), 401);
    // A scope name is not a key.
    expectErrorBody(await api.http.get('/v1/global').set('x-api-key', 'admin'), 401);
  });

  it('lets every scope read', async () => {
    for (const key of Object.values(KEYS)) {
      await api.http.get('/v1/global').set('x-api-key', key).expect(200);
      await api.http.get(`/v1/contexts/task/${SEEDED.task}`).set('x-api-key', key).expect(200);
    }
  });

  it('answers 403 to a read key that writes, and changes nothing', async () => {
    const before = await globalVersion();
    expectErrorBody(
      await api.http.put('/v1/global').set('x-api-key', KEYS.read).send({ data: {} }),
      403,
    );
    expectErrorBody(
      await api.http
        .post('/v1/projects')
        .set('x-api-key', KEYS.read)
        .send({ id: 'by-reader', name: 'R', data: {} }),
      403,
    );
    expectErrorBody(
      await api.http.delete(`/v1/agents/${SEEDED.agent}`).set('x-api-key', KEYS.read),
      403,
    );
    expectErrorBody(
      await api.http.post(`/v1/users/${SEEDED.user}/login`).set('x-api-key', KEYS.read),
      403,
    );
    expect(await globalVersion()).toBe(before);
    await api.http.get('/v1/projects/by-reader').set('x-api-key', KEYS.read).expect(404);
    await api.http.get(`/v1/agents/${SEEDED.agent}`).set('x-api-key', KEYS.read).expect(200);
  });

  it('answers 401 to a write without a key, and changes nothing', async () => {
    const before = await globalVersion();
    expectErrorBody(await api.http.put('/v1/global').send({ data: {} }), 401);
    expect(await globalVersion()).toBe(before);
  });

  it('lets write and admin keys write', async () => {
    const before = await globalVersion();
    await api.http
      .put('/v1/global')
      .set('x-api-key', KEYS.write)
      .send({ data: { by: 'writer' } })
      .expect(200);
    await api.http
      .put('/v1/global')
      .set('x-api-key', KEYS.admin)
      .send({ data: { by: 'admin' } })
      .expect(200);
    expect(await globalVersion()).toBe(before + 2);
    await api.http
      .post('/v1/projects')
      .set('x-api-key', KEYS.write)
      .send({ id: 'by-writer', name: 'W', data: {} })
      .expect(201);
  });

  it('checks the key before the body, so a caller without one learns nothing from validation', async () => {
    expectErrorBody(await api.http.post('/v1/projects').send({ bogus: true }), 401);
  });

  it('serves /health and /metrics without a key', async () => {
    await api.http.get('/health').expect(200);
    await api.http.get('/metrics').expect(200);
  });
});

describe('API keys given as digests, and failed authentication limited per address', () => {
  let api: ApiTestApp;
  const secret = 'deploy-secret-7f3a';
  const digest = createHash('sha256').update(secret).digest('hex');

  beforeAll(async () => {
    api = await openApiTestApp('sqlite', {
      apiKeys: `sha256:${digest}:admin`,
      env: { STRATA_AUTH_MAX_FAILURES: '3', STRATA_AUTH_FAILURE_WINDOW_SECONDS: '60' },
    });
    await seedHierarchy(api.store);
  });

  afterAll(() => api.close());

  it('grants the scope of the digest to the key it is the digest of, and not to the digest', async () => {
    await api.http.put('/v1/global').set('x-api-key', secret).send({ data: {} }).expect(200);
    expectErrorBody(await api.http.get('/v1/global').set('x-api-key', digest), 401);
  });

  it('answers 429 with Retry-After once the address has failed 3 times, the right key included, and /health stays open', async () => {
    expectErrorBody(await api.http.get('/v1/global').set('x-api-key', 'guess-1'), 401);
    expectErrorBody(await api.http.get('/v1/global'), 401);
    const refused = await api.http.get('/v1/global').set('x-api-key', secret);
    expectErrorBody(refused, 429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.text).not.toContain(secret);
    await api.http.get('/health').expect(200);
  });
});
