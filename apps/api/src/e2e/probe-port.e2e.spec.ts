import { DEFAULT_HTTP_LIMITS, listenForProbes, listeningPort } from '@strata/platform';
import type { Server } from 'node:http';
import supertest from 'supertest';
import { expectErrorBody, openApiTestApp, type ApiTestApp } from './api-test-app';

describe('the probe port (STRATA_HEALTH_PORT)', () => {
  let api: ApiTestApp;
  let probes: Server;
  const onProbes = () => supertest(`http://127.0.0.1:${listeningPort(probes)}`);

  beforeAll(async () => {
    api = await openApiTestApp('sqlite', { listen: true, apiKeys: 'r1:read' });
    probes = await listenForProbes(api.app, '127.0.0.1', 0, DEFAULT_HTTP_LIMITS);
  });

  afterAll(() => api.close());

  it('answers the health checks and the scrape as the main port does, keys or not', async () => {
    expect(listeningPort(probes)).not.toBe(api.port);
    for (const path of ['/health', '/health/live', '/health/ready']) {
      const probe = await onProbes().get(path).expect(200);
      const main = await api.http.get(path).expect(200);
      expect(probe.body.status).toBe(main.body.status);
      expect(Object.keys(probe.body)).toEqual(Object.keys(main.body));
    }
    const scrape = await onProbes().get('/metrics').expect(200);
    expect(scrape.text).toMatch(/^strata_/m);
  });

  it('serves nothing else, in the error shape', async () => {
    for (const path of ['/v1/global', '/docs-json', '/health/../v1/global', '/healthz']) {
      expectErrorBody(await onProbes().get(path).set('x-api-key', 'r1'), 404);
    }
  });

  it('closes with the application', async () => {
    const port = listeningPort(probes);
    await api.app.close();
    await expect(supertest(`http://127.0.0.1:${port}`).get('/health/live')).rejects.toThrow();
    api = await openApiTestApp('sqlite');
  });
});
