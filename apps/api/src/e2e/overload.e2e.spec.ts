import { sendRawHttp } from '@strata/platform/testing';
import { SourceAdmission } from '@strata/tiers';
import { connect } from 'node:net';
import {
  expectErrorBody,
  openApiTestApp,
  seedHierarchy,
  SEEDED,
  type ApiTestApp,
} from './api-test-app';

const HARD_TIMEOUT_MS = 400;

/** Everything the server sends back on one connection until it closes it. */
function exchangeOnOneConnection(port: number, requests: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(5_000, () => socket.destroy(new Error('no close within 5 s')));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.write(requests);
  });
}

describe('the api under overload', () => {
  let api: ApiTestApp;
  let admission: SourceAdmission;

  beforeAll(async () => {
    api = await openApiTestApp('sqlite', {
      listen: true,
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

  it('keeps the connection of a refused write with a small body, and closes it for a large one', async () => {
    const held = saturate();
    const patch = (body: string, declared = body.length) =>
      'PATCH /v1/global HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n' +
      `content-length: ${declared}\r\n\r\n${body}`;
    const small = JSON.stringify({ data: { refused: true } });
    // A refused write and a cached read on one connection: both answered, in order.
    const answers = await exchangeOnOneConnection(
      api.port,
      patch(small) +
        `GET /v1/contexts/task/${SEEDED.task} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`,
    );
    expect(answers.match(/HTTP\/1\.1 \d{3}/g)).toEqual(['HTTP/1.1 503', 'HTTP/1.1 200']);

    // A body of 10 MB is not worth reading to keep the connection.
    const closed = await sendRawHttp({
      port: api.port,
      request: patch('{', 10_000_000),
      timeoutMs: 5_000,
    });
    expect(closed.timedOut).toBe(false);
    expect(closed.status).toBe(503);
    expect(closed.headers['connection']).toBe('close');
    await held;
    expect((await api.store.getGlobal()).data).not.toHaveProperty('refused');
  });

  it('serves again once the held turn is given back at the hard timeout', async () => {
    await api.http.get(`/v1/agents/${SEEDED.agent}`).expect(200);
    await api.http
      .put('/v1/global')
      .send({ data: { accepted: true } })
      .expect(200);
  });
});
