import { CONTEXTS_DATA_SOURCE } from '@strata/contexts';
import { databaseTargetsForTests } from '@strata/database/testing';
import type { DataSource } from 'typeorm';
import { openApiTestApp, seedHierarchy, SEEDED, type ApiTestApp } from './api-test-app';

describe.each(databaseTargetsForTests())('operations routes on %s', (kind) => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await openApiTestApp(kind);
    await seedHierarchy(api.store);
  });

  afterAll(() => api.close());

  it('GET /health answers 200 in the terminus shape with every connection and the bus up', async () => {
    const response = await api.http.get('/health').expect(200);
    const up = { status: 'up' };
    // The bus reports its state beside the connections, and never fails the check.
    const bus = {
      status: 'up',
      state: 'up',
      transport: expect.any(String),
      ageMs: expect.any(Number),
    };
    // Start-up warming gates readiness until it is done: with no history it copied nothing.
    const startupWarming = expect.objectContaining({ status: 'up', state: 'done', loaded: 0 });
    const connections = {
      database: up,
      'cache-database': up,
      'volatility-database': up,
      bus,
      startupWarming,
    };
    expect(response.body).toEqual({
      status: 'ok',
      info: connections,
      error: {},
      details: connections,
    });
  });

  it('GET /metrics answers Prometheus text with request durations by route', async () => {
    await api.http.get(`/v1/projects/${SEEDED.project}`).expect(200);
    const response = await api.http.get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.text).toContain('# TYPE http_request_duration_seconds histogram');
    // Labelled by route pattern, not by path, so ids do not multiply the series.
    expect(response.text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/v1\/projects\/:id",status_code="200"\} [1-9]/,
    );
    expect(response.text).not.toContain(`/v1/projects/${SEEDED.project}"`);
    // prom-client's default process metrics.
    expect(response.text).toContain('process_cpu_seconds_total');
  });

  it('GET /docs-json is an OpenAPI document naming every route and body', async () => {
    const response = await api.http.get('/docs-json').expect(200);
    const document = response.body as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(document.openapi).toMatch(/^3\./);
    const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const expected = [
      'GET /health',
      'GET /health/ready',
      'GET /health/live',
      'GET /v1/global',
      'PUT /v1/global',
      'GET /v1/contexts/{level}/{id}',
      'POST /v1/users/{id}/login',
      'POST /v1/branches/{id}/checkout',
    ];
    for (const plural of ['projects', 'branches', 'tasks', 'users', 'agents', 'templates']) {
      expected.push(
        `POST /v1/${plural}`,
        `GET /v1/${plural}/{id}`,
        `PATCH /v1/${plural}/{id}`,
        `DELETE /v1/${plural}/{id}`,
      );
    }
    expect(routes).toEqual(expect.arrayContaining(expected));
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['CreateNamedEntityBody', 'CreateTaskBody', 'PutGlobalBody']),
    );
  });

  it('GET /docs serves the OpenAPI UI', async () => {
    const response = await api.http.get('/docs').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
  });

  it('GET /health/ready answers the same verdict with the optional dependencies that are down, none here', async () => {
    const response = await api.http.get('/health/ready').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', error: {}, degraded: [] });
    expect(Object.keys(response.body.details).sort()).toEqual([
      'bus',
      'cache-database',
      'database',
      'startupWarming',
      'volatility-database',
    ]);
  });

  it('GET /health/live answers that the process works, asking nothing outside it', async () => {
    const response = await api.http.get('/health/live').expect(200);
    expect(response.body).toEqual({
      status: 'ok',
      info: { process: { status: 'up', uptimeSeconds: expect.any(Number) } },
      error: {},
      details: { process: { status: 'up', uptimeSeconds: expect.any(Number) } },
    });
  });

  // Last: it takes the database away from the app.
  it('GET /health answers 503 with the database down once the database is gone', async () => {
    await api.app.get<DataSource>(CONTEXTS_DATA_SOURCE).destroy();
    const response = await api.http.get('/health').expect(503);
    const up = { status: 'up' };
    const database = { status: 'down' };
    const bus = expect.objectContaining({ status: 'up' });
    const startupWarming = expect.objectContaining({ status: 'up' });
    expect(response.body).toEqual({
      status: 'error',
      info: { 'cache-database': up, 'volatility-database': up, bus, startupWarming },
      error: { database },
      details: { database, 'cache-database': up, 'volatility-database': up, bus, startupWarming },
    });
    await api.http.get('/health/ready').expect(503);
    // The process still works: liveness does not restart it for a dependency's outage.
    await api.http.get('/health/live').expect(200);
    expect((await api.http.get('/health/ready')).body).toMatchObject({
      status: 'error',
      degraded: [],
    });
  });
});
