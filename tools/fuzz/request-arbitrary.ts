import fc from 'fast-check';
import type { FuzzRequest } from './fuzz-request';
import type { OperationSpec, ParameterSpec } from './openapi-operations';
import { anyText, invalidValue, nestedJsonText, validValue } from './schema-values';
import type { ValuePool } from './value-pool';

/** The keys a target was started with: none, or one of each kind the fuzzer needs. */
export interface TargetKeys {
  admin: string;
  read: string;
}

/** Mutations the document itself rules out; the rest (extra fields, odd text) it cannot express. */
const STRICTLY_INVALID =
  /wrong type|not in enum|over maxLength|under minLength|over maxItems|over maximum|missing /;

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Path segments and ids nobody should send: traversal, encodings, controls, lengths. */
const oddSegment = fc.oneof(
  fc.constantFrom(
    '',
    '.',
    '..',
    '%2e%2e',
    '%2F',
    'a%2Fb',
    '%00',
    '%',
    '%zz',
    '%ff%fe',
    '%C0%AF',
    '%F0%9F%92%A5',
    'a b',
    'a\tb',
    '\u00e9',
    '<script>',
    "'; DROP TABLE task; --",
    '?',
    '#frag',
    ';a=b',
    '*',
    'x'.repeat(129),
    'y'.repeat(1_100),
    'z'.repeat(9_000),
  ),
  anyText,
);

/** Percent-encoding of the text's UTF-8 (a lone surrogate as U+FFFD), as a client would send it. */
function percentEncoded(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

interface Part {
  what: string;
  strict: boolean;
}

/** Requests for one operation: mostly valid, the rest broken in one way each. */
export function operationRequest(
  operation: OperationSpec,
  pool: ValuePool,
  keys: TargetKeys | undefined,
): fc.Arbitrary<FuzzRequest> {
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  const headerParameters = operation.parameters.filter(
    (parameter) => parameter.in === 'header' && parameter.name.toLowerCase() !== 'x-cache',
  );
  return fc
    .record({
      path: pathArbitrary(operation.path, pathParameters, pool),
      headers: fc.tuple(...headerParameters.map((parameter) => headerArbitrary(parameter, pool))),
      auth: authArbitrary(keys),
      body: bodyArbitrary(operation, pool),
      method: fc.oneof(
        { arbitrary: fc.constant({ method: operation.method, wrong: false }), weight: 30 },
        {
          arbitrary: fc
            .constantFrom(...METHODS.filter((method) => method !== operation.method))
            .map((method) => ({ method, wrong: true })),
          weight: 1,
        },
      ),
      length: fc.oneof(
        { arbitrary: fc.constant<'exact' | 'omit' | number>('exact'), weight: 2_000 },
        { arbitrary: fc.integer({ min: 1, max: 100 }).map((extra) => extra), weight: 1 },
        { arbitrary: fc.constant<'omit'>('omit'), weight: 2 },
      ),
    })
    .map(({ path, headers, auth, body, method, length }) => {
      const parts: Part[] = [
        path.part,
        ...headers.map((header) => header.part),
        auth.part,
        body.part,
      ];
      const changed = parts.filter((part) => part.what !== 'valid');
      const declared =
        typeof length === 'number' && body.bytes !== undefined
          ? body.bytes.length + length
          : length;
      const variant = [
        ...(method.wrong ? [`method ${method.method}`] : []),
        ...changed.map((part) => part.what),
        ...(typeof length === 'number'
          ? ['content-length over the body (stalls)']
          : length === 'omit'
            ? ['no content-length']
            : []),
      ];
      return {
        operation: operation.id,
        variant: variant.length === 0 ? 'valid' : variant.join('; '),
        method: method.method,
        target: path.target,
        headers: [...headers.flatMap((header) => header.lines), ...auth.lines, ...body.headers],
        body: body.bytes,
        length: declared,
        invalidPerDocument: !method.wrong && changed.some((part) => part.strict),
        routed: !method.wrong && path.part.what === 'valid',
      };
    });
}

function pathArbitrary(template: string, parameters: ParameterSpec[], pool: ValuePool) {
  const value = (parameter: ParameterSpec) =>
    fc.oneof(
      {
        arbitrary: validValue(parameter.schema, pool, parameter.name).map((raw) => ({
          text: percentEncoded(String(raw)),
          part: { what: 'valid', strict: false },
        })),
        weight: 17,
      },
      {
        arbitrary: invalidValue(parameter.schema, pool, parameter.name).map(
          ({ how, value: raw }) => ({
            text: percentEncoded(typeof raw === 'string' ? raw : JSON.stringify(raw)),
            part: {
              what: `path ${parameter.name}: ${how}`,
              strict: STRICTLY_INVALID.test(how) && how !== 'wrong type',
            },
          }),
        ),
        weight: 2,
      },
      {
        arbitrary: oddSegment.map((raw) => ({
          text: raw,
          part: { what: `path ${parameter.name}: odd segment`, strict: false },
        })),
        weight: 1,
      },
    );
  const query = fc.oneof(
    { arbitrary: fc.constant(''), weight: 20 },
    {
      arbitrary: fc.constantFrom(
        '?a=1',
        '?a=1&a=2',
        '?%zz',
        '?' + 'q'.repeat(3_000),
        '?__proto__[x]=1',
        '?x-api-key=k',
      ),
      weight: 1,
    },
  );
  return fc.tuple(fc.tuple(...parameters.map(value)), query).map(([values, suffix]) => {
    let target = template;
    parameters.forEach((parameter, index) => {
      target = target.replace(`{${parameter.name}}`, values[index].text);
    });
    const changed = values.map((entry) => entry.part).find((part) => part.what !== 'valid');
    return {
      target: target + suffix,
      part:
        changed ??
        (suffix === ''
          ? { what: 'valid', strict: false }
          : { what: `query ${suffix.slice(0, 20)}`, strict: false }),
    };
  });
}

function headerArbitrary(parameter: ParameterSpec, pool: ValuePool) {
  const line = (value: string): Array<[string, string]> => [[parameter.name, value]];
  return fc.oneof(
    {
      arbitrary: fc.constant({
        lines: [] as Array<[string, string]>,
        part: { what: 'valid', strict: false },
      }),
      weight: 12,
    },
    {
      arbitrary: validValue(parameter.schema, pool, parameter.name).map((value) => ({
        lines: line(String(value)),
        part: { what: 'valid', strict: false },
      })),
      weight: 6,
    },
    {
      arbitrary: fc.oneof(oddSegment, anyText).map((value) => ({
        lines: line(value),
        part: { what: `header ${parameter.name}: odd value`, strict: false },
      })),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(
          validValue(parameter.schema, pool, parameter.name),
          validValue(parameter.schema, pool, parameter.name),
        )
        .map(([first, second]) => ({
          lines: [...line(String(first)), ...line(String(second))],
          part: { what: `header ${parameter.name} twice`, strict: false },
        })),
      weight: 1,
    },
  );
}

function authArbitrary(keys: TargetKeys | undefined) {
  const lines = (...values: string[]): Array<[string, string]> =>
    values.map((value) => ['x-api-key', value]);
  if (keys === undefined) {
    return fc.oneof(
      {
        arbitrary: fc.constant({ lines: lines(), part: { what: 'valid', strict: false } }),
        weight: 20,
      },
      {
        arbitrary: fc.constant({
          lines: lines('unconfigured-key'),
          part: { what: 'a key nobody asked for', strict: false },
        }),
        weight: 1,
      },
    );
  }
  return fc.oneof(
    {
      arbitrary: fc.constant({ lines: lines(keys.admin), part: { what: 'valid', strict: false } }),
      weight: 30,
    },
    {
      arbitrary: fc.constant({
        lines: lines(keys.read),
        part: { what: 'read key', strict: false },
      }),
      weight: 2,
    },
    {
      arbitrary: fc.constant({ lines: lines(), part: { what: 'no key', strict: false } }),
      weight: 1,
    },
    {
      arbitrary: anyText.map((key) => ({
        lines: lines(key),
        part: { what: 'wrong key', strict: false },
      })),
      weight: 1,
    },
    {
      arbitrary: fc.constant({
        lines: lines(keys.admin, keys.read),
        part: { what: 'x-api-key twice', strict: false },
      }),
      weight: 1,
    },
  );
}

interface BodyChoice {
  bytes?: Buffer;
  headers: Array<[string, string]>;
  part: Part;
}

const JSON_TYPE: Array<[string, string]> = [['content-type', 'application/json']];

function bodyArbitrary(operation: OperationSpec, pool: ValuePool): fc.Arbitrary<BodyChoice> {
  const json = (value: unknown, part: Part, headers = JSON_TYPE): BodyChoice => ({
    bytes: Buffer.from(JSON.stringify(value), 'utf8'),
    headers,
    part,
  });
  if (operation.body === undefined) {
    return fc.oneof(
      {
        arbitrary: fc.constant<BodyChoice>({ headers: [], part: { what: 'valid', strict: false } }),
        weight: 30,
      },
      {
        arbitrary: fc
          .jsonValue({ maxDepth: 2 })
          .map((value) => json(value, { what: 'a body it does not take', strict: false })),
        weight: 1,
      },
      {
        arbitrary: anyText.map((text) => ({
          bytes: Buffer.from(text),
          headers: [['content-type', 'text/plain']] as Array<[string, string]>,
          part: { what: 'a text body it does not take', strict: false },
        })),
        weight: 1,
      },
    );
  }
  const schema = operation.body.schema;
  const valid = validValue(schema, pool);
  const raw = (what: string, bytes: Buffer, headers = JSON_TYPE): BodyChoice => ({
    bytes,
    headers,
    part: { what, strict: false },
  });
  return fc.oneof(
    { arbitrary: valid.map((value) => json(value, { what: 'valid', strict: false })), weight: 28 },
    {
      arbitrary: invalidValue(schema, pool).map(({ how, value }) =>
        json(value, { what: `body: ${how}`, strict: STRICTLY_INVALID.test(how) }),
      ),
      weight: 10,
    },
    {
      arbitrary: fc.tuple(valid, fc.nat()).map(([value, cut]) => {
        const text = Buffer.from(JSON.stringify(value));
        return raw(
          'body: truncated JSON',
          text.subarray(0, text.length === 0 ? 0 : cut % text.length),
        );
      }),
      weight: 2,
    },
    {
      arbitrary: fc
        .tuple(
          valid,
          fc.nat(),
          fc.constantFrom(
            [0xff],
            [0xc3, 0x28],
            [0xed, 0xa0, 0x80],
            [0xf8, 0x88, 0x80, 0x80, 0x80],
            [0xc0, 0xaf],
          ),
        )
        .map(([value, at, bad]) => {
          // Inside a string, so that only the encoding is wrong.
          const text = JSON.stringify(value);
          const quote = text.indexOf('"', at % Math.max(text.length, 1));
          const split = quote < 0 ? text.length : quote + 1;
          return raw(
            'body: invalid UTF-8',
            Buffer.concat([
              Buffer.from(text.slice(0, split)),
              Buffer.from(bad),
              Buffer.from(text.slice(split)),
            ]),
          );
        }),
      weight: 2,
    },
    { arbitrary: anyText.map((text) => raw('body: not JSON', Buffer.from(text))), weight: 1 },
    {
      arbitrary: fc
        .constantFrom('[]', '"text"', 'null', '0', 'true', '[{}]')
        .map((text) => raw('body: JSON of another type', Buffer.from(text))),
      weight: 1,
    },
    { arbitrary: fc.constant(raw('body: empty', Buffer.alloc(0))), weight: 1 },
    {
      arbitrary: fc
        .tuple(fc.integer({ min: 65, max: 120_000 }), fc.boolean())
        .map(([depth, array]) =>
          raw(
            `body: nested ${depth} deep`,
            Buffer.from(`{"data":${nestedJsonText(depth, array)},"name":"n","id":"deep"}`),
          ),
        ),
      weight: 1,
    },
    {
      arbitrary: fc.constant(
        raw('body: over 1 MB', Buffer.from(`{"data":{"x":"${'o'.repeat(1_100_000)}"}}`)),
      ),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(
          valid,
          fc.constantFrom<Array<[string, string]>>(
            [['content-type', 'text/plain']],
            [['content-type', 'application/x-www-form-urlencoded']],
            [['content-type', 'multipart/form-data; boundary=x']],
            [['content-type', 'application/json; charset=latin1']],
            [['content-type', 'application/json; charset=utf-16']],
            [['content-type', 'application/json, text/plain']],
            [['content-type', 'application/jsonx']],
            [['content-type', 'APPLICATION/JSON']],
            [['content-type', '']],
            [],
            [
              ['content-type', 'application/json'],
              ['content-type', 'text/plain'],
            ],
            [
              ['content-type', 'application/json'],
              ['transfer-encoding', 'chunked'],
            ],
            [
              ['content-type', 'application/json'],
              ['content-encoding', 'gzip'],
            ],
          ),
        )
        .map(([value, headers]) =>
          json(
            value,
            {
              what: `content type ${headers.map(([name, type]) => `${name}=${type}`).join(' ') || 'none'}`,
              strict: false,
            },
            headers,
          ),
        ),
      weight: 3,
    },
  );
}

/** Requests no operation asked for: odd paths, unknown and wrong methods, broken HTTP. */
export function unroutedRequest(
  templates: string[],
  keys: TargetKeys | undefined,
): fc.Arbitrary<FuzzRequest> {
  const auth: Array<[string, string]> = keys === undefined ? [] : [['x-api-key', keys.admin]];
  const request = (
    variant: string,
    method: string,
    target: string,
    headers: Array<[string, string]> = [],
  ): FuzzRequest => ({
    operation: 'unrouted',
    variant,
    method,
    target,
    headers: [...auth, ...headers],
    length: 'exact',
    invalidPerDocument: false,
    routed: false,
  });
  const rawRequest = (variant: string, text: string | Buffer): FuzzRequest => ({
    ...request(variant, 'GET', '/'),
    raw: Buffer.from(text),
  });
  const path = fc
    .tuple(fc.constantFrom(...templates), oddSegment)
    .map(([template, segment]) => template.replace(/\{[^}]+\}/g, segment));
  return fc.oneof(
    {
      // Waits out the header timeout: rare, or it would be where the run spends its time.
      arbitrary: fc.constant(
        rawRequest('incomplete headers (stalls)', 'GET /health HTTP/1.1\r\nhost: x\r\n'),
      ),
      weight: 1,
    },
    {
      arbitrary: path.map((target) =>
        request('odd path', 'GET', target.startsWith('/') ? target : `/${target}`),
      ),
      weight: 60,
    },
    fc
      .constantFrom(
        '/',
        '//v1//global',
        '/v1/global/',
        '/V1/GLOBAL',
        '/v1/../v1/global',
        '/v1/%2e%2e/health',
        '/docs-json',
        '/metrics',
        '/health/',
        '/v1',
        '/v2/global',
        '/v1/global?'.padEnd(9_000, 'q'),
      )
      .map((target) => request('odd path', 'GET', target)),
    fc
      .tuple(
        fc.constantFrom(...templates),
        fc.constantFrom('PROPFIND', 'TRACE', 'CONNECT', 'FOO', 'get', 'SEARCH'),
      )
      .map(([template, method]) =>
        request(`method ${method}`, method, template.replace(/\{[^}]+\}/g, 'x')),
      ),
    fc.constantFrom(
      rawRequest('not HTTP', 'HELLO\r\n\r\n'),
      rawRequest(
        'websocket upgrade',
        'GET /v1/global HTTP/1.1\r\nhost: x\r\nconnection: upgrade\r\nupgrade: websocket\r\nsec-websocket-version: 13\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      ),
      rawRequest(
        'CONNECT to another host',
        'CONNECT example.com:443 HTTP/1.1\r\nhost: example.com:443\r\n\r\n',
      ),
      rawRequest('no host, HTTP/1.0', 'GET /health HTTP/1.0\r\n\r\n'),
      rawRequest('HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
      rawRequest('bare LF line ends', 'GET /health HTTP/1.1\nhost: x\nconnection: close\n\n'),
      rawRequest(
        'header without a colon',
        'GET /health HTTP/1.1\r\nhost: x\r\nbroken\r\nconnection: close\r\n\r\n',
      ),
      rawRequest(
        'CR inside a header value',
        'GET /health HTTP/1.1\r\nhost: x\r\nx-user-id: a\rb\r\nconnection: close\r\n\r\n',
      ),
      rawRequest(
        'content-length twice, different',
        'POST /v1/global HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 2\r\ncontent-length: 3\r\nconnection: close\r\n\r\n{}',
      ),
      rawRequest(
        'content-length and chunked',
        'PUT /v1/global HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 4\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n0\r\n\r\n',
      ),
      rawRequest(
        'negative content-length',
        'PUT /v1/global HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: -1\r\nconnection: close\r\n\r\n',
      ),
      rawRequest(
        'headers over 16 KB',
        `GET /health HTTP/1.1\r\nhost: x\r\nx-big: ${'b'.repeat(20_000)}\r\nconnection: close\r\n\r\n`,
      ),
      rawRequest(
        'a thousand headers',
        `GET /health HTTP/1.1\r\nhost: x\r\n${Array.from({ length: 1_000 }, (_, index) => `x-h${index}: v`).join('\r\n')}\r\nconnection: close\r\n\r\n`,
      ),
      rawRequest(
        'invalid UTF-8 in the path',
        Buffer.concat([
          Buffer.from('GET /v1/projects/'),
          Buffer.from([0xff, 0xfe]),
          Buffer.from(' HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n'),
        ]),
      ),
    ),
  );
}
