import { SourceAdmission } from '@strata/tiers';
import {
  expectErrorBody,
  openApiTestApp,
  seedHierarchy,
  SEEDED,
  type ApiTestApp,
} from './api-test-app';

const HARD_TIMEOUT_MS = 400;

describe('the api under overload', () => {
  let api: ApiTestApp;
  let admission: SourceAdmission;

  beforeAll(async () => {
    api = await openApiTestApp('sqlite', {
      env: {
        // One load at a time and none waiting: the test fills the source by holding that turn.
        STRATA_SOURCE_MAX_CONCURRENT: '1',
        STRATA_SOURCE_MAX_QUEUED: '0',
        STRATA_LOADER_HARD_TIMEOUT_MS: String(HARD_TIMEOUT_MS),
        STRATA_OVERLOAD_RETRY_AFTER_SECONDS: '2',
      },
    });
    admission = api.app.get(SourceAdmission);
    await seedHierarchy(api.store);
    // Cached before the source fills up.
    await api.http.get(`/v1/contexts/task/${SEEDED.task}`).expect(200);
  });

  afterAll(() => api.close());

  /** Holds the source's only turn until its hard timeout frees it. */
  const saturate = () =>
    admission.run(() => new Promise<never>(() => undefined)).catch(() => undefined);

  it('refuses uncached reads and writes with 503 and Retry-After, and keeps serving cached reads', async () => {
    const held = saturate();
    const uncached = await api.http.get(`/v1/agents/${SEEDED.agent}`);
    expectErrorBody(uncached, 503);
    expect(uncached.headers['retry-after']).toBe('2');

    const write = await api.http.put('/v1/global').send({ data: { refused: true } });
    expectErrorBody(write, 503);
    expect(write.headers['retry-after']).toBe('2');

    const cached = await api.http.get(`/v1/contexts/task/${SEEDED.task}`).expect(200);
    expect(cached.headers['x-cache']).not.toBe('miss');
    await api.http.get('/v1/cache/stats').expect(200);

    await held;
    expect((await api.store.getGlobal()).data).not.toHaveProperty('refused');
    const stats = (await api.http.get('/v1/cache/stats').expect(200)).body;
    expect(stats.loadsRefused).toBeGreaterThanOrEqual(1);
    expect(stats.source.admission).toMatchObject({ running: 0, queued: 0, timedOut: 1 });
    expect(stats.source.admission.refusedOverloaded).toBeGreaterThanOrEqual(2);
  });

  it('serves again once the held turn is given back at the hard timeout', async () => {
    await api.http.get(`/v1/agents/${SEEDED.agent}`).expect(200);
    await api.http
      .put('/v1/global')
      .send({ data: { accepted: true } })
      .expect(200);
  });
});
