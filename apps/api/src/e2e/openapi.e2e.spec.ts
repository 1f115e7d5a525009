import { databaseTargetsForTests } from '@strata/database/testing';
import { openApiTestApp, seedHierarchy, SEEDED, type ApiTestApp } from './api-test-app';
import { OpenApiConformance, validateOpenApiDocument } from './openapi-conformance';

type Operation = {
  security?: Array<Record<string, string[]>>;
  'x-required-scope'?: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};
type Document = { paths: Record<string, Record<string, Operation>> };

describe.each(databaseTargetsForTests())('the OpenAPI document on %s', (kind) => {
  let api: ApiTestApp;
  let document: Document;

  beforeAll(async () => {
    api = await openApiTestApp(kind, { apiKeys: 'a1:admin,r1:read' });
    await seedHierarchy(api.store);
    document = (await api.http.get('/docs-json').expect(200)).body as Document;
  });

  afterAll(() => api.close());

  it('is a valid OpenAPI 3 document', () => {
    expect(validateOpenApiDocument(document)).toEqual({ valid: true });
  });

  it('declares a response schema for every success of every route, and DESIGN §8 error bodies', () => {
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const where = `${method.toUpperCase()} ${path}`;
        const successes = Object.keys(operation.responses).filter((status) => /^2/.test(status));
        expect({ where, successes: successes.length > 0 }).toEqual({ where, successes: true });
        for (const status of successes.filter((success) => success !== '204')) {
          const content = operation.responses[status].content ?? {};
          expect({
            where,
            status,
            schema: Object.values(content)[0]?.schema !== undefined,
          }).toEqual({ where, status, schema: true });
        }
        if (path.startsWith('/v1/')) {
          expect({ where, error: operation.responses['default'] }).toEqual({
            where,
            error: {
              description: expect.any(String),
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/ErrorBodyDto' } },
              },
            },
          });
        }
      }
    }
  });

  it('names the x-api-key scheme and the scope of every /v1 route; /health and /metrics need none', () => {
    const scopes: Record<string, string | undefined> = {};
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const where = `${method.toUpperCase()} ${path}`;
        scopes[where] = operation['x-required-scope'];
        expect({ where, security: operation.security }).toEqual({
          where,
          security: path.startsWith('/v1/') ? [{ 'x-api-key': [] }] : undefined,
        });
      }
    }
    expect(scopes).toMatchObject({
      'GET /v1/contexts/{level}/{id}': 'read',
      'POST /v1/projects': 'write',
      'DELETE /v1/tasks/{id}': 'write',
      'GET /v1/cache/stats': 'read',
      'POST /v1/cache/invalidate': 'admin',
      'DELETE /v1/cache/entries/{key}': 'admin',
      'GET /v1/cache/warming': 'read',
      'POST /v1/cache/warm': 'admin',
      'GET /health': undefined,
      'GET /health/ready': undefined,
      'GET /health/live': undefined,
      'GET /metrics': undefined,
    });
  });

  it('matches the real answers of every route, successes and errors alike', async () => {
    const admin = { 'x-api-key': 'a1' };
    const read = { 'x-api-key': 'r1' };
    const tour = api.http;
    await tour.get('/health').expect(200);
    await tour.get('/health/ready').expect(200);
    await tour.get('/health/live').expect(200);
    await tour.get('/metrics').expect(200);
    await tour.get('/v1/global').set(read).expect(200);
    await tour
      .put('/v1/global')
      .set(admin)
      .send({ data: { tone: 'formal' } })
      .expect(200);
    await tour.put('/v1/global').set(admin).send({ data: 'no' }).expect(400);
    await tour.get('/v1/global').expect(401);
    await tour.put('/v1/global').set(read).send({ data: {} }).expect(403);
    const created: Record<string, Record<string, unknown>> = {
      projects: { id: 'oa-p', name: 'P', data: {} },
      branches: { id: 'oa-b', projectId: 'oa-p', name: 'main', data: {} },
      tasks: { id: 'oa-t', branchId: 'oa-b', title: 'T', data: {}, assigneeIds: [SEEDED.user] },
      users: { id: 'oa-u', name: 'U', data: {}, projectIds: ['oa-p'] },
      agents: { id: 'oa-a', name: 'A', data: {} },
      templates: { id: 'oa-tp', name: 'T', data: {} },
    };
    for (const [plural, body] of Object.entries(created)) {
      await tour.post(`/v1/${plural}`).set(admin).send(body).expect(201);
      await tour.post(`/v1/${plural}`).set(admin).send(body).expect(409);
      await tour.post(`/v1/${plural}`).set(admin).send({ nope: 1 }).expect(400);
      await tour.get(`/v1/${plural}/${body['id']}`).set(read).expect(200);
      await tour.get(`/v1/${plural}/missing`).set(read).expect(404);
      await tour
        .patch(`/v1/${plural}/${body['id']}`)
        .set(admin)
        .send({ data: { x: 1 } })
        .expect(200);
    }
    await tour.delete('/v1/projects/oa-p').set(admin).expect(409);
    await tour.get('/v1/contexts/task/oa-t').set(read).expect(200);
    await tour.get('/v1/contexts/task/oa-t').set(read).expect(200);
    await tour.get('/v1/contexts/tier/oa-t').set(read).expect(400);
    await tour.get('/v1/contexts/task/missing').set(read).expect(404);
    await tour.post(`/v1/users/${SEEDED.user}/login`).set(admin).expect(202);
    await tour
      .post(`/v1/branches/${SEEDED.branch}/checkout`)
      .set(admin)
      .set('x-user-id', SEEDED.user)
      .expect(202);
    await tour.post('/v1/users/missing/login').set(admin).expect(404);
    await tour.get('/v1/cache/stats').set(read).expect(200);
    await tour.get('/v1/cache/entries/context:task:oa-t').set(read).expect(200);
    await tour.get('/v1/cache/entries/context:task:none').set(read).expect(404);
    await tour.get('/v1/cache/entries/bad key').set(read).expect(400);
    await tour.get(`/v1/cache/volatility/task/${SEEDED.task}`).set(read).expect(200);
    await tour.get(`/v1/cache/volatility/thing/${SEEDED.task}`).set(read).expect(400);
    await tour.get('/v1/cache/kpis').set(read).expect(200);
    await tour.get('/v1/cache/alerts').set(read).expect(200);
    await tour.get('/v1/cache/kpis/history').set(read).expect(200);
    await tour
      .post('/v1/cache/warm')
      .set(admin)
      .send({ keys: ['context:task:oa-t'] })
      .expect(200);
    await tour.post('/v1/cache/warm').set(admin).send({ project: 'missing' }).expect(404);
    await tour.post('/v1/cache/warm').set(admin).send({}).expect(400);
    await tour.post('/v1/cache/warm').set(read).send({ project: 'oa-p' }).expect(403);
    await tour.get('/v1/cache/warming').set(read).expect(200);
    await tour.get('/dashboard').expect(200);
    await tour.get('/dashboard/dashboard.js').expect(200);
    await tour.get('/dashboard/nothing.js').expect(404);
    await tour.get('/dashboard/settings').expect(200);
    await tour
      .post('/v1/cache/invalidate')
      .set(admin)
      .send({ dependency: 'project:oa-p' })
      .expect(200);
    await tour.post('/v1/cache/invalidate').set(admin).send({}).expect(400);
    await tour.get('/v1/contexts/task/oa-t').set(read).expect(200);
    await tour.delete('/v1/cache/entries/context:task:oa-t').set(admin).expect(204);
    await tour.delete('/v1/cache/entries/context:task:oa-t').set(admin).expect(404);
    for (const plural of ['tasks', 'users', 'branches', 'projects', 'agents', 'templates']) {
      await tour.delete(`/v1/${plural}/${created[plural]['id']}`).set(admin).expect(204);
    }

    const conformance = new OpenApiConformance(document as never);
    expect(conformance.problems(api.responses)).toEqual([]);
    const answered = new Set(
      api.responses.map((response) => `${response.method} ${response.path}`),
    );
    // Every documented operation was answered at least once on the tour.
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const method of Object.keys(methods)) {
        const pattern = new RegExp(`^${method} ${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
        expect({
          operation: `${method} ${path}`,
          answered: [...answered].some((seen) => pattern.test(seen)),
        }).toEqual({
          operation: `${method} ${path}`,
          answered: true,
        });
      }
    }
  });

  it('tells a body that does not match its schema, and a status the route does not declare', () => {
    const conformance = new OpenApiConformance(document as never);
    const stored = {
      id: 'p1',
      name: 'P',
      data: {},
      version: 1,
      updatedAt: new Date().toISOString(),
    };
    const answer = (status: number, body: unknown, path = '/v1/projects/p1') => ({
      method: 'get',
      path,
      status,
      contentType: 'application/json; charset=utf-8',
      body,
      text: JSON.stringify(body),
    });
    expect(conformance.problems([answer(200, stored)])).toEqual([]);
    expect(conformance.problems([answer(200, { ...stored, version: 'one' })])).toEqual([
      expect.stringMatching(/GET \/v1\/projects\/p1 → 200.*version must be integer/),
    ]);
    expect(conformance.problems([answer(404, { statusCode: 404 })])).toEqual([
      expect.stringMatching(/→ 404.*must have required property 'error'/),
    ]);
    expect(conformance.problems([answer(200, { status: 'ok' }, '/health')])).toEqual([
      expect.stringMatching(/GET \/health → 200.*must have required property 'info'/),
    ]);
    expect(conformance.problems([answer(500, { statusCode: 500 }, '/health')])).toEqual([
      'GET /health → 500 (/health): the document declares no such status',
    ]);
  });
});
