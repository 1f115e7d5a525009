import { Logger } from '@nestjs/common';
import { databaseTargetsForTests } from '@strata/database/testing';
import { sendRawHttp } from '@strata/platform/testing';
import {
  expectErrorBody,
  openApiTestApp,
  readStoredState,
  seedHierarchy,
  SEEDED,
  type ApiTestApp,
} from './api-test-app';

/** JSON text of an object nested `depth` levels deep, built as text: no recursion to make it. */
function nestedJson(depth: number): string {
  return '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
}

/** Every route that takes a JSON body, each with a place to put a deep value. */
const BODY_ROUTES = [
  {
    method: 'post',
    path: '/v1/projects',
    around: (data: string) => `{"id":"deep","name":"D","data":${data}}`,
  },
  {
    method: 'patch',
    path: `/v1/projects/${SEEDED.project}`,
    around: (data: string) => `{"data":${data}}`,
  },
  { method: 'put', path: '/v1/global', around: (data: string) => `{"data":${data}}` },
  { method: 'post', path: '/v1/cache/invalidate', around: (data: string) => `{"key":${data}}` },
] as const;

describe.each(databaseTargetsForTests())('HTTP hardening on %s', (kind) => {
  let api: ApiTestApp;
  let baseline: unknown;

  beforeAll(async () => {
    api = await openApiTestApp(kind);
    await seedHierarchy(api.store);
    baseline = await readStoredState(api, ['deep']);
  });

  afterAll(() => api.close());

  describe('deeply nested bodies (issue 11: 4,000 levels made a 500 in the validation pipe)', () => {
    it.each(BODY_ROUTES)(
      '$method $path answers 400 for 3,000, 4,000 and 100,000 levels and changes nothing',
      async (route) => {
        for (const depth of [3_000, 4_000, 100_000]) {
          const response = await api.http[route.method](route.path)
            .set('content-type', 'application/json')
            .send(route.around(nestedJson(depth)));
          expectErrorBody(response, 400);
          expect(response.body.message).toBe(
            'the body nests objects and arrays deeper than 64 levels',
          );
        }
        expect(await readStoredState(api, ['deep'])).toEqual(baseline);
      },
    );

    it('still takes data nested as deep as the data limit allows', async () => {
      const created = await api.http
        .post('/v1/templates')
        .set('content-type', 'application/json')
        .send(`{"id":"deep-ok","name":"D","data":${nestedJson(32)}}`);
      expect(created.status).toBe(201);
      await api.http.delete('/v1/templates/deep-ok').expect(204);
    });

    it('refuses arrays nested deep just as objects', async () => {
      const arrays = '['.repeat(5_000) + ']'.repeat(5_000);
      const response = await api.http
        .put('/v1/global')
        .set('content-type', 'application/json')
        .send(`{"data":{"a":${arrays}}}`);
      expectErrorBody(response, 400);
    });
  });

  describe('content types', () => {
    it.each([
      ['text/plain', '{"id":"deep","name":"D","data":{}}', /this one is text\/plain/],
      [
        'application/x-www-form-urlencoded',
        'id=deep&name=D',
        /this one is application\/x-www-form-urlencoded/,
      ],
      ['multipart/form-data; boundary=x', '--x--', /multipart\/form-data/],
      [
        'application/json; charset=latin1',
        '{"id":"deep","name":"D","data":{}}',
        /UTF-8; this one says latin1/,
      ],
    ])('answers %s with 415 and changes nothing', async (type, body, message) => {
      const response = await api.http.post('/v1/projects').set('content-type', type).send(body);
      expectErrorBody(response, 415);
      expect(response.body.message).toMatch(message);
      expect(await readStoredState(api, ['deep'])).toEqual(baseline);
    });

    it('answers a body without a content type with 415', async () => {
      const answered = await api.app.getHttpAdapter().getInstance().inject({
        method: 'POST',
        url: '/v1/projects',
        payload: '{"id":"deep","name":"D","data":{}}',
      });
      expect(answered.statusCode).toBe(415);
      expect(JSON.parse(answered.body)).toEqual({
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: 'a body needs content-type: application/json',
      });
    });

    it('accepts application/json with and without charset=utf-8', async () => {
      for (const type of [
        'application/json',
        'application/json; charset=utf-8',
        'application/json;charset=UTF-8',
      ]) {
        await api.http
          .patch(`/v1/agents/${SEEDED.agent}`)
          .set('content-type', type)
          .send('{"data":{}}')
          .expect(200);
      }
    });

    it('answers a body that is not valid UTF-8 with 400, rather than storing U+FFFD in its place', async () => {
      const body = Buffer.concat([
        Buffer.from('{"id":"deep","name":"'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('","data":{}}'),
      ]);
      const response = await api.app
        .getHttpAdapter()
        .getInstance()
        .inject({
          method: 'POST',
          url: '/v1/projects',
          payload: body,
          headers: { 'content-type': 'application/json' },
        });
      expect(response.statusCode).toBe(400);
      expect(JSON.parse(response.body)).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'the body is not valid UTF-8',
      });
      expect(await readStoredState(api, ['deep'])).toEqual(baseline);
    });

    it('lets a request without a body through without a content type', async () => {
      await api.http.post(`/v1/users/${SEEDED.user}/login`).expect(202);
    });
  });

  describe('wrong methods (issue 11: a 404)', () => {
    it.each([
      ['put', `/v1/projects/${SEEDED.project}`, 'GET, HEAD, PATCH, DELETE'],
      ['post', `/v1/tasks/${SEEDED.task}`, 'GET, HEAD, PATCH, DELETE'],
      ['delete', '/v1/global', 'GET, HEAD, PUT'],
      ['get', '/v1/cache/invalidate', 'POST'],
      ['patch', '/v1/cache/stats', 'GET, HEAD'],
      ['delete', `/v1/contexts/task/${SEEDED.task}`, 'GET, HEAD'],
    ] as const)('%s %s is 405 with Allow: %s', async (method, path, allow) => {
      const response = await api.http[method](path);
      expectErrorBody(response, 405);
      expect(response.headers['allow']).toBe(allow);
      expect(await readStoredState(api, ['deep'])).toEqual(baseline);
    });

    it('keeps 404 for paths no route serves, and for unknown ids on a right method', async () => {
      expectErrorBody(await api.http.put('/v1/nothing/here'), 404);
      expectErrorBody(await api.http.get('/v1/projects/unknown'), 404);
      const entry = await api.http.get('/v1/cache/entries/task:unknown');
      expectErrorBody(entry, 404);
      expect(entry.headers['allow']).toBeUndefined();
    });
  });

  describe("Fastify's own errors (issue 11: an extra code, and a 414 that said Bad Request)", () => {
    it('answers a path segment over the router limit with a 414 in the one shape', async () => {
      const response = await api.http.get(`/v1/projects/${'a'.repeat(1100)}`);
      expectErrorBody(response, 414);
      expect(response.body.error).toBe('URI Too Long');
    });

    it('answers malformed percent-encoding with a 400 in the one shape', async () => {
      expectErrorBody(await api.http.get('/v1/projects/%zz'), 400);
    });

    it('answers an oversized body with a 413 in the one shape', async () => {
      const response = await api.http
        .put('/v1/global')
        .set('content-type', 'application/json')
        .send(`{"data":{"x":"${'y'.repeat(1_100_000)}"}}`);
      expectErrorBody(response, 413);
    });
  });
});

describe('HTTP connections on a listening server', () => {
  let api: ApiTestApp;
  const TIMEOUT_MS = 300;

  beforeAll(async () => {
    api = await openApiTestApp('sqlite', {
      listen: true,
      env: {
        STRATA_HTTP_HEADERS_TIMEOUT_MS: String(TIMEOUT_MS),
        STRATA_HTTP_BODY_TIMEOUT_MS: String(TIMEOUT_MS),
      },
    });
    await seedHierarchy(api.store);
  });

  afterAll(() => api.close());

  /** The answer to a raw request, with a bound far above the configured timeouts. */
  const exchange = (request: string | Buffer, abortAfterMs?: number) =>
    sendRawHttp({ port: api.port, request, timeoutMs: 10_000, abortAfterMs });

  function expectRawError(response: Awaited<ReturnType<typeof exchange>>, status: number): void {
    expect(response.timedOut).toBe(false);
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(response.body.toString())).toEqual({
      statusCode: status,
      error: expect.any(String),
      message: expect.any(String),
    });
  }

  it('answers a body shorter than its Content-Length with 408 within the timeouts (issue 11: no answer in 400 s)', async () => {
    const response = await exchange(
      'POST /v1/projects HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"id":',
    );
    expectRawError(response, 408);
    expect(response.elapsedMs).toBeLessThan(2 * TIMEOUT_MS + 1_000);
    expect(await api.store.exists('project', 'x')).toBe(false);
  });

  it('runs no request that its 408 refused, when the rest of it arrives afterwards (found by the fuzzer: a POST /v1/agents answered 408 created its agent)', async () => {
    const body = '{"id":"late-agent","name":"Late","data":{}}';
    const response = await sendRawHttp({
      port: api.port,
      request:
        'POST /v1/agents HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n' +
        `content-length: ${body.length}\r\nconnection: close\r\n\r\n${body.slice(0, 6)}`,
      afterAnswer: body.slice(6),
      timeoutMs: 10_000,
    });
    expectRawError(response, 408);
    expect(await api.store.exists('agent', 'late-agent')).toBe(false);
  });

  it('runs no request whose headers end after their 408', async () => {
    const body = '{"id":"late-head","name":"Late","data":{}}';
    const response = await sendRawHttp({
      port: api.port,
      request: 'POST /v1/agents HTTP/1.1\r\nhost: x\r\n',
      afterAnswer:
        `content-type: application/json\r\ncontent-length: ${body.length}\r\n` +
        `connection: close\r\n\r\n${body}`,
      timeoutMs: 10_000,
    });
    expectRawError(response, 408);
    expect(await api.store.exists('agent', 'late-head')).toBe(false);
  });

  it('answers incomplete headers with 408 within the header timeout (issue 11: 82 s)', async () => {
    const response = await exchange('GET /health HTTP/1.1\r\nhost: x\r\n');
    expectRawError(response, 408);
    expect(response.elapsedMs).toBeLessThan(TIMEOUT_MS + 1_000);
  });

  it('answers a request that is not HTTP with a 400 in the one shape', async () => {
    expectRawError(await exchange('HELLO\r\n\r\n'), 400);
  });

  it('answers headers over the size limit with a 431 in the one shape', async () => {
    expectRawError(
      await exchange(`GET /health HTTP/1.1\r\nhost: x\r\nx-big: ${'b'.repeat(20_000)}\r\n\r\n`),
      431,
    );
  });

  it('does not log a client that disconnects mid-body as an ERROR (issue 11: an ERROR with a stack)', async () => {
    const error = jest.spyOn(Logger.prototype, 'error');
    const debug = jest.spyOn(Logger.prototype, 'debug');
    try {
      const response = await exchange(
        'PUT /v1/global HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"data":',
        50,
      );
      expect(response.status).toBe(0);
      // The server notices the disconnect on its next turn.
      for (let tries = 0; tries < 150 && debug.mock.calls.length === 0; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(debug).toHaveBeenCalledWith('client disconnected during PUT /v1/global');
      expect(error).not.toHaveBeenCalled();
    } finally {
      error.mockRestore();
      debug.mockRestore();
    }
  });

  it('answers CONNECT, which Node keeps from the router, with 405 and Allow (found by the fuzzer: no answer at all)', async () => {
    const response = await exchange('CONNECT /v1/global HTTP/1.1\r\nhost: x\r\n\r\n');
    expectRawError(response, 405);
    expect(response.headers['allow']).toBe('GET, HEAD, PUT');
    expectRawError(
      await exchange('CONNECT example.com:443 HTTP/1.1\r\nhost: example.com:443\r\n\r\n'),
      404,
    );
  });

  it('still serves after all of that', async () => {
    const response = await exchange(
      `GET /v1/contexts/task/${SEEDED.task} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`,
    );
    expect(response.status).toBe(200);
  });
});
